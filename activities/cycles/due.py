"""THE rule of a reporting period: which activities are still due an update, and from whom.

`activities_due_update` is the one definition: the "who has not updated" page, the dashboard's
count and every message the sender writes call it (tests/activities/test_cycle_due.py proves the
page and the dashboard agree). `who_is_asked` turns its activities into people: the holders of an
activity's lead role are asked, the holders of its other owner roles are copied.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from activities.cycles.schedule import Period
from activities.models import Activity, Milestone, Plan, ReportingCycle, StatusUpdate


def period_moments(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as moments, local time: from its first day's midnight to the midnight after
    its last day (the end excluded)."""
    start = datetime.datetime.combine(period.starts_on, datetime.time.min)
    end = datetime.datetime.combine(period.ends_on + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start), timezone.make_aware(end)


def activities_due_update(plan: Plan, period: Period):
    """THE rule: the plan's open activities with no status update posted in the period. A review
    comment does not count; an update by anyone does (an import's included): the question is
    whether the activity's status is fresh. "Open" is as the activity stands now, so a past
    period's page lists what is still open today."""
    start, end = period_moments(period)
    updated = (
        StatusUpdate.objects.status_updates()
        .filter(activity=OuterRef("pk"))
        .filter(created_at__gte=start, created_at__lt=end)
    )
    return Activity.objects.in_plans(plan).open().filter(~Exists(updated))


def with_holders(activities):
    """Prefetch what a message or the page shows: owner roles with their active holders, and
    milestones (for the next one)."""
    holders = get_user_model().objects.filter(is_active=True).order_by("last_name", "username")
    milestones = Milestone.objects.order_by("position")
    return (
        activities.select_related("plan", "theme")
        .with_owners()
        .prefetch_related(
            Prefetch("activity_owners__role__holders", queryset=holders),
            Prefetch("milestones", queryset=milestones),
        )
        .order_by("theme__position", "position", "reference")
    )


def next_milestone(activity: Activity) -> Milestone | None:
    """The first incomplete milestone (from the with_holders prefetch)."""
    return next((m for m in activity.milestones.all() if not m.completed), None)


@dataclass
class Asked:
    """One person's part of a period: activities they lead (asked) and co-own (copied)."""

    person: object
    lead: list = field(default_factory=list)
    copied: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.person.get_full_name() or self.person.get_username()

    @property
    def activities(self) -> list:
        return self.lead + self.copied


@dataclass
class RoleRow:
    """One lead role on the page: its holders and the activities it leads that are still due."""

    role: object
    holders: list
    activities: list = field(default_factory=list)


def who_is_asked(activities) -> list[Asked]:
    """Each person holding an owner role on these activities (prefetched by with_holders), lead
    first; a person holding both a lead and a co-owner role on one activity is asked, not copied."""
    people: dict[int, Asked] = {}
    for activity in activities:
        links = list(activity.activity_owners.all())
        lead_holders = {h.pk: h for link in links[:1] for h in link.role.holders.all()}
        for holder in lead_holders.values():
            people.setdefault(holder.pk, Asked(holder)).lead.append(activity)
        for link in links[1:]:
            for holder in link.role.holders.all():
                asked = people.setdefault(holder.pk, Asked(holder))
                if holder.pk not in lead_holders and activity not in asked.copied:
                    asked.copied.append(activity)
    return sorted(people.values(), key=lambda a: (a.name.lower(), a.person.pk))


def by_lead_role(activities) -> list[RoleRow]:
    """The activities grouped by lead role, in role title order; unowned ones last (role None)."""
    rows: dict[object, RoleRow] = {}
    for activity in activities:
        links = list(activity.activity_owners.all())
        role = links[0].role if links else None
        key = role.pk if role else None
        if key not in rows:
            rows[key] = RoleRow(role, list(role.holders.all()) if role else [])
        rows[key].activities.append(activity)
    return sorted(rows.values(), key=lambda r: (r.role is None, r.role.title if r.role else ""))


def current_period(plan: Plan, today: datetime.date):
    """The plan's cycle and its period holding `today`, or (cycle or None, None)."""
    cycle = ReportingCycle.objects.filter(plan=plan).select_related("meeting_series").first()
    if cycle is not None:
        cycle.plan = plan
    return cycle, (cycle.period_on(today) if cycle else None)


@dataclass
class PeriodCount:
    """A plan's reporting period holding some day, and how many activities are still due."""

    plan: Plan
    period: Period
    count: int


def due_counts(plans, day: datetime.date) -> list[PeriodCount]:
    """For each plan with a cycle period holding `day`: how many activities are still due an
    update (activities_due_update, counted for every plan in one query)."""
    cycles = ReportingCycle.objects.filter(plan__in=plans).select_related("plan", "meeting_series")
    found = [(c.plan, c.period_on(day)) for c in cycles]
    found = [(plan, period) for plan, period in found if period is not None]
    if not found:
        return []
    due = Q()
    for plan, period in found:
        due |= Q(pk__in=activities_due_update(plan, period).values("pk"))
    counts = dict(
        Activity.objects.filter(due).values("plan").annotate(n=Count("pk")).values_list("plan", "n")
    )
    return [PeriodCount(plan, period, counts.get(plan.pk, 0)) for plan, period in found]
