"""Values every page needs: the force's name and the navigation the signed-in user may use."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool = False


def _nav_items(user, current_name: str | None, plan: str | None) -> list[NavItem]:
    """The header's links; a plan's own pages (its dashboard, list, overdue review) when the page
    shows a plan (`plan`: its short name, from the address, so the header costs no query)."""
    if not user.has_perm("activities.view_activity"):
        return []
    in_plan = {"plan": plan} if plan else None
    candidates = [
        ("Plans", "activities:portfolio", None, True),
        ("Dashboard", "activities:dashboard", in_plan, bool(plan)),
        ("Activities", "activities:list", in_plan, bool(plan)),
        ("Overdue review", "activities:overdue", in_plan, bool(plan)),
        ("My activities", "activities:my", None, True),
        ("Import", "activities:import", None, user.has_perm("activities.import_plan")),
        ("Admin", "admin:index", None, user.is_staff),
    ]
    return [
        NavItem(label, reverse(name, kwargs=kwargs), current=name == current_name)
        for label, name, kwargs, allowed in candidates
        if allowed
    ]


def plan(request):
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    current_name = match.view_name if match else None
    current_plan = match.kwargs.get("plan") if match else None
    signed_in = user is not None and user.is_authenticated
    return {
        "plan_force_name": settings.PLAN_FORCE_NAME,
        "plan_nav": _nav_items(user, current_name, current_plan) if signed_in else [],
        "plan_signed_in": signed_in,
    }
