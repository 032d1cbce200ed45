"""The overdue review (the ACC's pre-meeting pack): overdue activities grouped under each owner role.

An activity appears under every one of its owner roles. Groups are ordered by role title; within a
group the longest overdue comes first, then plan order. Three queries whatever the plan's size:
activities (with latest commentary), their owner links, their missed milestones.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.utils import timezone

from activities.models import Activity, ActivityOwner, Milestone, Status, Theme
from owners.models import OwnerRole

EXPORT_HEADERS = [
    "Owner role",
    "Reference",
    "Theme",
    "Activity",
    "Days overdue",
    "Missed milestone",
    "Missed milestone due",
    "Status",
    "Latest commentary",
    "Latest commentary date",
]


def age_text(days: int | None) -> str:
    """'Today', '1 day ago', '3 days ago'; None means there is nothing to date."""
    if days is None:
        return "No commentary yet"
    if days <= 0:
        return "Today"
    return "1 day ago" if days == 1 else f"{days} days ago"


@dataclass(frozen=True)
class OverdueEntry:
    """One activity under one owner role: what was missed, and by how long."""

    role: OwnerRole
    activity: Activity
    missed_label: str
    missed_due: datetime.date
    days_overdue: int
    commentary_days: int | None

    @property
    def commentary_age(self) -> str:
        return age_text(self.commentary_days)

    def export_row(self) -> list:
        activity = self.activity
        commentary_at = activity.latest_commentary_at
        return [
            self.role.title,
            activity.reference,
            activity.theme.title,
            activity.text,
            self.days_overdue,
            self.missed_label,
            self.missed_due,
            Status(activity.current_status).label,
            activity.latest_commentary or "",
            timezone.localdate(commentary_at) if commentary_at else None,
        ]


@dataclass(frozen=True)
class RoleGroup:
    role: OwnerRole
    entries: list[OverdueEntry]

    @property
    def anchor(self) -> str:
        return f"role-{self.role.pk}"


class OverdueReview:
    """Overdue activities on `today`, optionally only one theme's or one owner role's."""

    def __init__(
        self,
        *,
        today: datetime.date,
        theme: Theme | None = None,
        role: OwnerRole | None = None,
    ):
        self.today = today
        self.theme = theme
        self.role = role

    def activities(self):
        missed = Milestone.objects.filter(completed=False, due__lt=self.today).order_by(
            "due", "position"
        )
        owners = ActivityOwner.objects.select_related("role").order_by("position")
        queryset = (
            Activity.objects.overdue(self.today)
            .select_related("theme")
            .with_latest_commentary()
            .prefetch_related(
                Prefetch("activity_owners", queryset=owners),
                Prefetch("milestones", queryset=missed, to_attr="missed_milestones"),
            )
        )
        if self.theme:
            queryset = queryset.filter(theme=self.theme)
        if self.role:
            queryset = queryset.for_roles([self.role])
        return queryset

    def _entry(self, role: OwnerRole, activity: Activity) -> OverdueEntry:
        # The earliest incomplete past-due milestone; next_due names the same date.
        milestone = activity.missed_milestones[0] if activity.missed_milestones else None
        missed_due = milestone.due if milestone else activity.next_due
        commentary_at = activity.latest_commentary_at
        return OverdueEntry(
            role=role,
            activity=activity,
            missed_label=milestone.label if milestone else activity.timescale_label,
            missed_due=missed_due,
            days_overdue=(self.today - missed_due).days,
            commentary_days=(
                (self.today - timezone.localdate(commentary_at)).days if commentary_at else None
            ),
        )

    @cached_property
    def groups(self) -> list[RoleGroup]:
        by_role: dict[int, RoleGroup] = {}
        for activity in self.activities():
            for role in activity.owner_roles():
                if self.role and role.pk != self.role.pk:
                    continue
                group = by_role.setdefault(role.pk, RoleGroup(role, []))
                group.entries.append(self._entry(role, activity))
        groups = sorted(by_role.values(), key=lambda group: group.role.title.casefold())
        for group in groups:
            group.entries.sort(
                key=lambda e: (-e.days_overdue, e.activity.theme.position, e.activity.position)
            )
        return groups

    @property
    def activity_count(self) -> int:
        return len({entry.activity.pk for group in self.groups for entry in group.entries})

    def export_rows(self) -> list[list]:
        return [entry.export_row() for group in self.groups for entry in group.entries]


def overdue_first(queryset, today: datetime.date):
    """Overdue activities first, then by next due (undated last), then plan order ("my activities")."""
    late = Case(
        When(pk__in=Activity.objects.overdue(today).values("pk"), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return queryset.annotate(overdue_rank=late).order_by(
        "overdue_rank", F("next_due").asc(nulls_last=True), "theme__position", "position"
    )
