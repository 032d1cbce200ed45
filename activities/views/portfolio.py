"""The portfolio: every plan in day-to-day use, the first page for someone who follows several."""

from django.shortcuts import render

from activities.models import Plan
from activities.permissions import permission_required


@permission_required("activities.view_activity")
def portfolio(request):
    plans = Plan.objects.current().order_by("title")
    closed = Plan.objects.filter(state=Plan.State.CLOSED).order_by("title")
    return render(request, "activities/portfolio.html", {"plans": plans, "closed_plans": closed})
