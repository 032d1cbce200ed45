"""Which plan a page shows: the plan named in its address (/plans/<short-name>/…), loaded once.

Function views take it with @plan_view, class-based views with PlanMixin; both 404 on an unknown
short name. Closed plans stay readable: only the day-to-day lists (portfolio, switcher) leave them
out. Permissions are checked before the plan is loaded, so an outsider learns nothing from a 404.
"""

import functools

from django.shortcuts import get_object_or_404

from activities.models import Plan


def plan_named(short_name: str) -> Plan:
    return get_object_or_404(Plan, short_name=short_name)


def plan_view(view):
    """Turn the `plan` URL argument (a short name) into the Plan."""

    @functools.wraps(view)
    def wrapper(request, *args, plan: str, **kwargs):
        return view(request, plan_named(plan), *args, **kwargs)

    return wrapper


class PlanMixin:
    """self.plan for a class-based view whose URL names a plan; `plan` in the template context."""

    def dispatch(self, request, *args, **kwargs):
        self.plan = plan_named(kwargs["plan"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)
