"""A plan's dashboard numbers: status counts for the plan and each theme, and the attention counts.

One object (like admin's ChangeList) so the view stays a door and the numbers are testable alone.
A fixed number of queries, however large the plan.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.template.defaulttags import querystring
from django.urls import reverse

from activities.cycles.due import activities_due_update, current_period
from activities.models import CLOSED_STATUSES, Activity, Plan, Status, StatusUpdate

DUE_SOON_DAYS = 90
OPEN_STATUSES = [status for status in Status if status not in CLOSED_STATUSES]
EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)  # before any update


def list_url(plan: Plan, **params) -> str:
    """A link to the plan's filtered activities list (parameter names from activities/filters.py);
    the query string is built by the function behind every template's {% querystring %}."""
    address = reverse("activities:list", kwargs={"plan": plan.short_name})
    return address + querystring(None, QueryDict(), **params)


def due_soon_end(today: datetime.date) -> datetime.date:
    """The last day of "due soon": DUE_SOON_DAYS from today (the dashboard and the portfolio)."""
    return today + datetime.timedelta(days=DUE_SOON_DAYS)


def due_soon_url(plan: Plan, today: datetime.date) -> str:
    """The plan's list of open activities with a milestone due soon: the count's own list."""
    return list_url(
        plan,
        due_after=today.isoformat(),
        due_before=due_soon_end(today).isoformat(),
        status=[status.value for status in OPEN_STATUSES],
    )


@dataclass(frozen=True)
class StatusCount:
    status: Status
    count: int
    share: float  # 0-100, for the bar
    url: str


@dataclass
class Progress:
    """Counts per status for the whole plan or one theme."""

    title: str
    plan: Plan
    filters: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def complete(self) -> int:
        return self.counts.get(Status.COMPLETE, 0)

    @property
    def url(self) -> str:
        return list_url(self.plan, **self.filters)

    def statuses(self) -> list[StatusCount]:
        total = self.total or 1
        return [
            StatusCount(
                status=status,
                count=self.counts.get(status, 0),
                share=round(100 * self.counts.get(status, 0) / total, 2),
                url=list_url(self.plan, **self.filters, status=status.value),
            )
            for status in Status
        ]

    def bar(self) -> list[dict]:
        """Segments of a 100-wide SVG bar: x offset and width per status with any activities."""
        segments, offset = [], 0.0
        for item in self.statuses():
            if item.count:
                segments.append({"status": item.status, "x": offset, "width": item.share})
                offset += item.share
        return segments


@dataclass(frozen=True)
class AttentionCount:
    label: str
    count: int
    url: str
    hint: str


class Dashboard:
    def __init__(
        self, *, plan: Plan, today: datetime.date, now: datetime.datetime, latest: int = 10
    ):
        self.plan = plan
        self.activities = Activity.objects.in_plans(plan)
        self.today = today
        self.now = now
        self.latest_count = latest

    def progress(self) -> tuple[Progress, list[Progress]]:
        """The whole plan and each theme (two queries: themes, and one grouped count)."""
        themes = {
            theme.pk: Progress(theme.title, self.plan, {"theme": theme.pk})
            for theme in self.plan.themes.all()
        }
        plan = Progress("The whole plan", self.plan)
        # Grouped in the order of the activity_status_theme index, counting rows not ids: the
        # count is read from that index alone (an index-only scan, no table read).
        rows = self.activities.order_by().values("current_status", "theme").annotate(n=Count("*"))
        for row in rows:
            status = Status(row["current_status"])
            plan.counts[status] = plan.counts.get(status, 0) + row["n"]
            theme = themes[row["theme"]]
            theme.counts[status] = theme.counts.get(status, 0) + row["n"]
        return plan, list(themes.values())

    def attention(self) -> list[AttentionCount]:
        soon = due_soon_end(self.today)
        days = settings.PLAN_STALE_DAYS
        counts = [
            AttentionCount(
                "Overdue",
                self.activities.overdue(self.today).count(),
                list_url(self.plan, overdue=1),
                "A milestone’s due date has passed and it is not complete.",
            ),
            AttentionCount(
                f"Due in the next {DUE_SOON_DAYS} days",
                self.activities.open().due_between(self.today, soon).count(),
                due_soon_url(self.plan, self.today),
                f"Open, with a milestone due from today to {soon.day} {soon:%B %Y}.",
            ),
            AttentionCount(
                "Stale",
                self.activities.stale(self.now).count(),
                list_url(self.plan, stale=1),
                f"Open, and no status update for {days} days.",
            ),
        ]
        reporting = self.reporting_attention()
        return counts + ([reporting] if reporting else [])

    def reporting_attention(self) -> AttentionCount | None:
        """The current reporting period's activities still due an update (activities/cycles/due.py,
        the rule the "who has not updated" page shows): "overdue to update" once its deadline has
        passed. None when the plan has no reporting cycle."""
        cycle, period = current_period(self.plan, self.today)
        if period is None:
            return None
        late = period.deadline_passed(self.today)
        deadline = f"{period.deadline.day} {period.deadline:%B %Y}"
        return AttentionCount(
            "Overdue to update" if late else "Awaiting an update",
            activities_due_update(self.plan, period).count(),
            reverse(
                "activities:cycle-period",
                kwargs={"plan": self.plan.short_name, "starts_on": period.starts_on.isoformat()},
            ),
            f"No status update in {period.label}; "
            + (f"updates were due by {deadline}." if late else f"updates are due by {deadline}."),
        )

    def latest_updates(self) -> list[StatusUpdate]:
        """The plan's newest updates (review comments too). No index sorts one plan's updates by
        time, so they are searched only from the time of the Nth most recently updated activity
        (its copy last_update_at): the N newest status updates are at or after it, so the N newest
        updates of any kind are too. Without the cut, a plan's page sorted all its history."""
        since = (
            Activity.objects.filter(plan=self.plan, last_update_at__isnull=False)
            .order_by("-last_update_at")
            .values("last_update_at")[self.latest_count - 1 : self.latest_count]
        )
        return list(
            StatusUpdate.objects.filter(
                activity__plan=self.plan,
                created_at__gte=Coalesce(Subquery(since), Value(EARLIEST)),
            )
            .select_related("activity__plan", "author", "import_run")
            .order_by("-created_at", "-id")[: self.latest_count]
        )
