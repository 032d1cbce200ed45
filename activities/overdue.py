"""The overdue review (the ACC's pre-meeting pack): overdue activities grouped under each owner role.

An activity appears under every one of its owner roles. "Overdue" is ActivityQuerySet.overdue and
the missed milestone MilestoneQuerySet.overdue (activities/querysets.py); the theme and role filter
is overdue_activities() and the order is ENTRY_ORDER, each written once here and used by the page
and the export alike. The export (groups) takes two queries whatever the plan's size: every
(role, activity) entry with its latest commentary, and their missed milestones. The page shows one
page of entries (page()), so its cost does not grow with the plan: role counts, the activity count,
the page's entries, their missed milestones.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, IntegerField, Min, Value, When
from django.db.models.functions import Lower
from django.utils import timezone

from activities.models import Activity, ActivityOwner, Milestone, Status, Theme
from activities.querysets import latest_commentary_annotations
from owners.models import OwnerRole

PER_PAGE = 50  # (role, activity) entries on one page of the overdue review
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
    "Plan",
]


def role_order(title: str) -> tuple:
    """Owner roles by title, case-insensitively, then id: the groups' order, page and export."""
    return (Lower(title), "role_id")


# Within a role: the earliest missed due date (next_due) is the longest overdue, then plan order.
ENTRY_ORDER = (
    *role_order("role__title"),
    "activity__next_due",
    "activity__plan_id",
    "activity__theme__position",
    "activity__position",
    "activity_id",
)


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
            activity.plan.title,
        ]


@dataclass(frozen=True)
class RoleGroup:
    role: OwnerRole
    entries: list[OverdueEntry]

    @property
    def anchor(self) -> str:
        return f"role-{self.role.pk}"


@dataclass(frozen=True)
class RoleCount:
    """An owner role in the review's contents: how many entries, and the page its group starts on."""

    role_id: int
    title: str
    count: int
    page: int

    @property
    def anchor(self) -> str:
        return f"role-{self.role_id}"


class EntryLinks:
    """The review's (role, activity) links in page order, sized without a COUNT query."""

    def __init__(self, review: "OverdueReview", count: int):
        self.review = review
        self.total = count

    def count(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[RoleGroup]:
        # The page's links are chosen in a subquery first, so the commentary subqueries run for
        # one page of rows, not for every overdue link before sorting (SQLite would).
        # Only the roles whose groups overlap the window are sorted (role_counts says which), not
        # every overdue link in the plan.
        start, stop = window.start or 0, window.stop
        roles, first, before = [], None, 0  # first: entries before the first of those roles
        for role in self.review.role_counts:
            if before < stop and before + role.count > start:
                first = before if first is None else first
                roles.append(role.role_id)
            before += role.count
        if first is None:
            return []
        in_roles = self.review.links().filter(role_id__in=roles)
        page = in_roles.values("pk")[start - first : stop - first]
        links = self.review.links().filter(pk__in=page)
        return self.review.groups_of(links)


class OverdueReview:
    """Overdue activities of some plans on `today`, optionally only one theme's or one owner role's.

    `plans`: a Plan, or several (a QuerySet or list); the review across plans names each entry's."""

    def __init__(
        self,
        *,
        plans,
        today: datetime.date,
        theme: Theme | None = None,
        role: OwnerRole | None = None,
    ):
        self.plans = plans
        self.today = today
        self.theme = theme
        self.role = role

    def overdue_activities(self):
        """THE review's filter: overdue activities, only the theme's and the role's if chosen."""
        overdue = Activity.objects.in_plans(self.plans).overdue(self.today)
        if self.theme:
            overdue = overdue.filter(theme=self.theme)
        if self.role:
            overdue = overdue.for_roles([self.role])
        return overdue

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
        """Every entry, grouped: the export (two queries however large the plan)."""
        return self.groups_of(self.links(), missed_of=self.overdue_activities().values("pk"))

    @cached_property
    def activity_count(self) -> int:
        return self.overdue_activities().count()

    def links(self):
        """(role, activity) links of overdue activities, in the order the review shows them."""
        links = ActivityOwner.objects.filter(activity__in=self.overdue_activities().values("pk"))
        if self.role:
            links = links.filter(role=self.role)  # a shared activity shows under this role only
        return links.order_by(*ENTRY_ORDER)

    @cached_property
    def role_counts(self) -> list[RoleCount]:
        # Grouped by role id alone (a hash aggregate), the title carried along by MIN and the
        # few groups ordered afterwards: grouping by the title sorted every link by it first.
        rows = (
            self.links()
            .order_by()
            .values("role_id")
            .annotate(count=Count("pk"), title=Min("role__title"))
            .order_by(*role_order("title"))  # the order links() pages in
            .values_list("role_id", "title", "count")
        )
        counts, before = [], 0
        for pk, title, count in rows:
            counts.append(RoleCount(pk, title, count, before // PER_PAGE + 1))
            before += count
        return counts

    def page(self, number) -> Page:
        """One page of entries; page.object_list holds that page's RoleGroups."""
        total = sum(role.count for role in self.role_counts)
        return Paginator(EntryLinks(self, total), PER_PAGE).get_page(number)

    def missed_milestones(self, activities) -> dict[int, Milestone]:
        """The earliest overdue milestone of each of these activities (ids or a subquery)."""
        missed: dict[int, Milestone] = {}
        overdue = Milestone.objects.overdue(self.today).filter(activity__in=activities)
        for milestone in overdue.order_by("-due", "-position"):
            missed[milestone.activity_id] = milestone  # the earliest wins
        return missed

    def groups_of(self, links, *, missed_of=None) -> list[RoleGroup]:
        """RoleGroups of these links, in their order. missed_of, a subquery of their activities,
        saves sending every id back when the links are the whole review."""
        links = list(
            links.select_related("role", "activity__theme", "activity__plan").annotate(
                **latest_commentary_annotations(activity="activity")
            )
        )
        if missed_of is None:
            missed_of = {link.activity_id for link in links}
        missed = self.missed_milestones(missed_of)
        groups: list[RoleGroup] = []
        for link in links:
            activity = link.activity
            activity.latest_commentary = link.latest_commentary
            activity.latest_commentary_at = link.latest_commentary_at
            activity.missed_milestones = [missed[activity.pk]] if activity.pk in missed else []
            if not groups or groups[-1].role.pk != link.role_id:
                groups.append(RoleGroup(link.role, []))
            groups[-1].entries.append(self._entry(link.role, activity))
        return groups

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
        "overdue_rank",
        F("next_due").asc(nulls_last=True),
        "plan_id",
        "theme__position",
        "position",
    )
