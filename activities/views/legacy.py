"""Addresses from before the tracker held several plans (/activities/…, /export/plan.xlsx).

While there is one plan they lead to the same page of it; once there are several, to the portfolio,
which lists them. Temporary redirects: what they lead to changes when a plan is added.
"""

from django.shortcuts import redirect

from activities.models import Plan


def to_the_plan(request, rest: str):
    plans = list(Plan.objects.order_by("pk")[:2])
    if len(plans) != 1:
        return redirect("activities:portfolio")
    query = request.META.get("QUERY_STRING", "")
    address = f"/plans/{plans[0].short_name}/{rest}" + (f"?{query}" if query else "")
    return redirect(address)
