"""Values every page needs: the force's name and the navigation the signed-in user may use."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool = False


def _nav_items(user, current_name: str | None) -> list[NavItem]:
    if not user.has_perm("activities.view_activity"):
        return []
    candidates = [
        ("Dashboard", "activities:dashboard", True),
        ("Activities", "activities:list", True),
        ("Overdue review", "activities:overdue", True),
        ("My activities", "activities:my", True),
        ("Import", "activities:import", user.has_perm("activities.import_plan")),
        ("Admin", "admin:index", user.is_staff),
    ]
    return [
        NavItem(label, reverse(name), current=name == current_name)
        for label, name, allowed in candidates
        if allowed
    ]


def plan(request):
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    current_name = match.view_name if match else None
    signed_in = user is not None and user.is_authenticated
    return {
        "plan_force_name": settings.PLAN_FORCE_NAME,
        "plan_nav": _nav_items(user, current_name) if signed_in else [],
        "plan_signed_in": signed_in,
    }
