"""The portfolio: every plan in day-to-day use with its progress and its overdue and due-soon counts.

One object (like Dashboard) so the view stays a door. Four queries however many plans and
activities: the plans, then status, overdue and due-soon counts each grouped by plan. Which plans a
person follows day to day is plans_in_use(), the one rule the portfolio, the header's plan
switcher, "my activities" and the overdue review across plans share.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count
from django.urls import reverse

from activities.dashboard import DUE_SOON_DAYS, Progress, due_soon_end, due_soon_url, list_url
from activities.models import Activity, Plan, Status

# Draft plans (being imported or set up) are shown to those who set plans up: plan administrators.
DRAFTS_PERMISSION = "activities.import_plan"


def plans_in_use(user):
    """The plans in this person's day-to-day views: active ones, and drafts for administrators.
    Closed plans stay readable at their own addresses, never in these views."""
    if user.has_perm(DRAFTS_PERMISSION):
        return Plan.objects.current()
    return Plan.objects.active()


@dataclass
class PlanSummary:
    """One plan's line in the portfolio."""

    plan: Plan
    progress: Progress
    overdue: int
    due_soon: int
    today: datetime.date

    @property
    def overdue_url(self) -> str:
        return list_url(self.plan, overdue=1)

    @property
    def due_soon_url(self) -> str:
        return due_soon_url(self.plan, self.today)

    @property
    def overdue_review_url(self) -> str:
        return reverse("activities:overdue", kwargs={"plan": self.plan.short_name})


class Portfolio:
    """The plans a person follows (plans_in_use) and the closed ones, each with its numbers."""

    due_soon_days = DUE_SOON_DAYS

    def __init__(self, *, user, today: datetime.date):
        self.user = user
        self.today = today

    @cached_property
    def _plans(self) -> list[Plan]:
        closed = Plan.objects.filter(state=Plan.State.CLOSED)
        return list((plans_in_use(self.user) | closed).order_by("title"))

    def _grouped(self, activities) -> dict[int, int]:
        """{plan id: number of these activities} for the portfolio's plans, in one query."""
        rows = (
            activities.filter(plan_id__in=[plan.pk for plan in self._plans])
            .order_by()
            .values("plan_id")
            .annotate(n=Count("*"))
        )
        return {row["plan_id"]: row["n"] for row in rows}

    def _status_counts(self) -> dict[int, dict[Status, int]]:
        rows = (
            Activity.objects.filter(plan_id__in=[plan.pk for plan in self._plans])
            .order_by()
            .values("plan_id", "current_status")
            .annotate(n=Count("*"))
        )
        counts: dict[int, dict[Status, int]] = {}
        for row in rows:
            counts.setdefault(row["plan_id"], {})[Status(row["current_status"])] = row["n"]
        return counts

    @cached_property
    def summaries(self) -> list[PlanSummary]:
        """Every plan shown, in title order; four queries whatever their number and size."""
        if not self._plans:
            return []
        counts = self._status_counts()
        overdue = self._grouped(Activity.objects.overdue(self.today))
        soon = self._grouped(Activity.objects.open().due_between(self.today, self.due_soon_end))
        return [
            PlanSummary(
                plan=plan,
                progress=Progress(plan.title, plan, counts=counts.get(plan.pk, {})),
                overdue=overdue.get(plan.pk, 0),
                due_soon=soon.get(plan.pk, 0),
                today=self.today,
            )
            for plan in self._plans
        ]

    @property
    def due_soon_end(self) -> datetime.date:
        return due_soon_end(self.today)

    @property
    def in_use(self) -> list[PlanSummary]:
        return [summary for summary in self.summaries if not summary.plan.is_closed]

    @property
    def closed(self) -> list[PlanSummary]:
        return [summary for summary in self.summaries if summary.plan.is_closed]

    @property
    def totals(self) -> dict[str, int]:
        """Across the plans in use: the portfolio as the dashboard across plans."""
        in_use = self.in_use
        return {
            "activities": sum(summary.progress.total for summary in in_use),
            "complete": sum(summary.progress.complete for summary in in_use),
            "overdue": sum(summary.overdue for summary in in_use),
            "due_soon": sum(summary.due_soon for summary in in_use),
        }
