"""Values every page needs: the force's name, the navigation the signed-in user may use, and the
header's plan switcher."""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.urls import reverse

from activities.models import Plan
from activities.portfolio import plans_in_use

# A plan's pages that exist in every plan: the switcher keeps you on the same page in the other
# plan. From any other page (an activity, an edit) it goes to the other plan's dashboard.
SAME_PAGE_IN_EVERY_PLAN = {
    "activities:dashboard",
    "activities:list",
    "activities:overdue",
    "activities:cycle",
}


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool = False


def _nav_items(user, current_name: str | None, plan: str | None) -> list[NavItem]:
    """The header's links; a plan's own pages (its dashboard, list, overdue review) when the page
    shows a plan (`plan`: its short name, from the address, so the links cost no query), else the
    overdue review of every plan."""
    if not user.has_perm("activities.view_activity"):
        return []
    in_plan = {"plan": plan} if plan else None
    candidates = [
        ("Plans", "activities:portfolio", None, True),
        ("Dashboard", "activities:dashboard", in_plan, bool(plan)),
        ("Activities", "activities:list", in_plan, bool(plan)),
        ("Overdue review", "activities:overdue", in_plan, bool(plan)),
        ("Overdue review", "activities:overdue-across-plans", None, not plan),
        ("Reporting", "activities:cycle", in_plan, bool(plan)),
        ("My activities", "activities:my", None, True),
        ("Email choices", "mail-preferences", None, True),
        ("Import", "activities:import", None, user.has_perm("activities.import_plan")),
        ("Admin", "admin:index", None, user.is_staff),
    ]
    return [
        NavItem(label, reverse(name, kwargs=kwargs), current=name == current_name)
        for label, name, kwargs, allowed in candidates
        if allowed
    ]


@dataclass(frozen=True)
class PlanLink:
    title: str
    url: str


class PlanSwitcher:
    """The plan the page shows (from its address) and links to the other plans in use.

    One query, made only when a template reads it (the header does; the admin's pages do not):
    the plans in use and the page's own plan, which may be closed (its pages say so)."""

    def __init__(self, user, view_name: str | None, short_name: str | None):
        self.user = user
        self.view_name = view_name if view_name in SAME_PAGE_IN_EVERY_PLAN else None
        self.short_name = short_name

    @cached_property
    def _plans(self) -> list[Plan]:
        plans = plans_in_use(self.user)
        if self.short_name:
            plans = plans | Plan.objects.filter(short_name=self.short_name)
        return list(plans.only("title", "short_name", "state").order_by("title"))

    @cached_property
    def current(self) -> Plan | None:
        """The plan named in the page's address, closed or not; None off a plan's pages."""
        return next((plan for plan in self._plans if plan.short_name == self.short_name), None)

    @cached_property
    def others(self) -> list[PlanLink]:
        """The other plans in use, each linking to this page of it (or its dashboard)."""
        view_name = self.view_name or "activities:dashboard"
        return [
            PlanLink(plan.title, reverse(view_name, kwargs={"plan": plan.short_name}))
            for plan in self._plans
            if plan.short_name != self.short_name and not plan.is_closed
        ]


def plan(request):
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    current_name = match.view_name if match else None
    current_plan = match.kwargs.get("plan") if match else None
    signed_in = user is not None and user.is_authenticated
    may_view = signed_in and user.has_perm("activities.view_activity")
    return {
        "plan_force_name": settings.PLAN_FORCE_NAME,
        "plan_nav": _nav_items(user, current_name, current_plan) if signed_in else [],
        "plan_signed_in": signed_in,
        "plan_switcher": PlanSwitcher(user, current_name, current_plan) if may_view else None,
    }
