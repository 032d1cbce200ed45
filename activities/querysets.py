"""The plan's questions as QuerySet methods: overdue, due in a window, stale, latest commentary.

Each rule that a page also asks of one row has its row-level twin on the model (Milestone.is_overdue,
Activity.is_overdue, Activity.has_milestone_due_between); tests/activities/test_rule_twins.py proves
each pair agree. Models are reached through activities.models at call time: that module defines
them after importing this one.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from activities import models as plan


def window(field: str, start: datetime.date | None, end: datetime.date | None) -> Q:
    """field between start and end, both inclusive; a missing end leaves that side open."""
    bounds = Q()
    if start:
        bounds &= Q(**{f"{field}__gte": start})
    if end:
        bounds &= Q(**{f"{field}__lte": end})
    return bounds


class PlanQuerySet(models.QuerySet):
    def get_by_natural_key(self, short_name: str):
        """Fixtures name a plan by its short name (fixtures/published_plan.json)."""
        return self.get(short_name=short_name)

    def current(self):
        """Plans in day-to-day use (draft or active): closed plans stay readable, out of the way."""
        return self.exclude(state="closed")

    def active(self):
        return self.filter(state="active")


class MilestoneQuerySet(models.QuerySet):
    def incomplete(self):
        return self.filter(completed=False)

    def overdue(self, today: datetime.date):
        """THE milestone rule: not complete and its due date has passed (due today is not late)."""
        return self.incomplete().filter(due__lt=today)

    def due_between(self, start: datetime.date | None, end: datetime.date | None):
        """Not complete and due within the window (undated, ongoing milestones never are)."""
        return self.incomplete().filter(due__isnull=False).filter(window("due", start, end))


class StatusUpdateQuerySet(models.QuerySet):
    def status_updates(self):
        """Owners' status updates only: a review comment neither sets a status nor dates one."""
        return self.filter(kind=plan.StatusUpdate.Kind.STATUS)

    def newest_first(self):
        return self.order_by("-created_at", "-id")


def latest_commentary(field: str, *, activity: str = "pk"):
    """THE newest commentary of the activity at OuterRef(activity): the commentary (or created_at)
    of its newest status update that has any. Review comments are never "latest commentary"."""
    updates = (
        plan.StatusUpdate.objects.status_updates()
        .filter(activity=OuterRef(activity))
        .exclude(commentary="")
    )
    return Subquery(updates.newest_first().values(field)[:1])


def latest_commentary_annotations(*, activity: str = "pk") -> dict:
    """latest_commentary and latest_commentary_at, for .annotate(**...) on activities or their links."""
    return {
        "latest_commentary": latest_commentary("commentary", activity=activity),
        "latest_commentary_at": latest_commentary("created_at", activity=activity),
    }


class ActivityQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(current_status__in=plan.CLOSED_STATUSES)

    def overdue(self, today: datetime.date):
        """THE activity rule: open, with a milestone overdue by MilestoneQuerySet.overdue.

        Read from the next_due copy (the earliest incomplete milestone's due date), so
        next_due < today is exactly "some incomplete milestone's due date has passed" and one index
        (activity_overdue) answers it."""
        return self.open().filter(next_due__lt=today)

    def due_between(self, start: datetime.date | None, end: datetime.date | None):
        """Activities with an incomplete milestone due in the window, whatever else is late.

        Not next_due: an activity whose first milestone is overdue and whose second falls in the
        window has a milestone due in it ("Due in the next 90 days" counts it)."""
        if not (start or end):
            return self
        milestones = plan.Milestone.objects.due_between(start, end)
        return self.filter(pk__in=milestones.values("activity_id"))

    def stale(self, now: datetime.datetime, days: int | None = None):
        """Open activities whose last status update (or, never updated, their creation) is before
        the cutoff. last_update_at follows status updates only, so a review comment leaves it stale.

        One comparison of COALESCE(last_update_at, created_at) rather than an OR of the two cases,
        so that one index (activity_stale, on that expression and the status) answers it: SQLite
        searches it (1.9 -> 0.6 ms at 10,000 activities); PostgreSQL's planner uses it when few
        activities are stale and scans the table once when many are."""
        cutoff = now - datetime.timedelta(days=days or settings.PLAN_STALE_DAYS)
        return (
            self.open()
            .alias(last_activity_at=Coalesce("last_update_at", "created_at"))
            .filter(last_activity_at__lt=cutoff)
        )

    def for_roles(self, roles):
        links = plan.ActivityOwner.objects.filter(role__in=roles).values("activity_id")
        return self.filter(pk__in=links)

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        owned = plan.ActivityOwner.objects.filter(role__title__icontains=text).values("activity_id")
        return self.filter(Q(text__icontains=text) | Q(reference__iexact=text) | Q(pk__in=owned))

    def with_owners(self):
        links = plan.ActivityOwner.objects.select_related("role").order_by("position")
        return self.prefetch_related(Prefetch("activity_owners", queryset=links))

    def with_latest_commentary(self):
        return self.annotate(**latest_commentary_annotations())

    def in_plans(self, plans):
        """Activities of these plans (a Plan, or a QuerySet or list of them)."""
        if isinstance(plans, plan.Plan):
            return self.filter(plan=plans)
        return self.filter(plan__in=plans)

    def for_list(self):
        return self.select_related("theme", "plan").with_owners()
