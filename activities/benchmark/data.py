"""A synthetic but realistic plan, written fast with bulk_create, and the .xlsx files imports read.

Themes, owner roles with aliases, one to three owners per activity, milestones past and future (some
complete, some ongoing), status updates of every kind with long commentary, review comments, and a
"created" history record per activity. The denormalised copies (current_status, last_update_at,
next_due) are computed from the same rows that are written, as activities.services would set them;
copies_disagree() checks that against the database.
"""

import calendar
import datetime
import io
import random
from dataclasses import dataclass, field

from openpyxl import Workbook

from django.contrib.auth.models import Group, User
from django.db.models import OuterRef, Subquery

from activities import clock
from activities.models import (
    Activity,
    ActivityChange,
    ActivityOwner,
    Milestone,
    Status,
    StatusUpdate,
    Theme,
)
from owners.models import OwnerRole, OwnerRoleAlias

ADMINISTRATORS = "Plan administrators"
THEMES = (
    "Neighbourhood policing and local engagement",
    "Communicating with victims and witnesses",
    "Digital and social media engagement",
    "Engaging with young people",
    "Seldom-heard communities",
    "Internal communications and culture",
    "Campaigns and demand reduction",
    "Transparency and public confidence",
)
ROLE_PREFIXES = ("ACC", "Chief Supt", "Supt", "Head of", "Director of", "Inspector")
ROLE_SUBJECTS = (
    "Local Policing",
    "Corporate Communications & Engagement",
    "Crime and Justice",
    "People Services",
    "Digital Services",
    "Victim Services",
    "Partnerships",
    "Professional Standards",
)
STATUS_WEIGHTS = {  # how often each status is reported
    Status.ON_TRACK: 40,
    Status.AT_RISK: 15,
    Status.OFF_TRACK: 8,
    Status.COMPLETE: 15,
    Status.NOT_STARTED: 12,
    Status.WITHDRAWN: 2,
}
SENTENCE = (
    "We engaged partners across the county, reviewed the feedback from residents' meetings and "
    "agreed the next steps with the neighbourhood teams; the delivery plan has been updated. "
)


@dataclass
class PlanBuilder:
    """Appends activities (and their owners, milestones, history) to a plan, seeded and repeatable."""

    seed: int = 2024
    built: int = 0  # activities written so far; references continue from here
    rng: random.Random = field(init=False)

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def people(self) -> tuple[User, list[User]]:
        """The signed-in administrator (is_staff, in Plan administrators) and some authors."""
        admin = User.objects.create_user("benchmark-admin", password="benchmark", is_staff=True)
        admin.groups.set(Group.objects.filter(name=ADMINISTRATORS))
        authors = [
            User(username=f"benchmark-editor-{n}", first_name="Editor", last_name=str(n))
            for n in range(5)
        ]
        return admin, User.objects.bulk_create(authors)

    def vocabulary(self) -> None:
        Theme.objects.bulk_create(
            Theme(position=index, title=title, description=f"{title}: what the force will do.")
            for index, title in enumerate(THEMES, start=1)
        )
        roles = OwnerRole.objects.bulk_create(
            OwnerRole(title=f"{prefix} {subject}")
            for prefix in ROLE_PREFIXES
            for subject in ROLE_SUBJECTS
        )
        OwnerRoleAlias.objects.bulk_create(
            OwnerRoleAlias(role=role, text=f"{role.title} (Force)") for role in roles
        )

    def add(self, *, activities: int, updates: int, authors: list[User]) -> None:
        """Add `activities` activities and `updates` status updates spread over them."""
        themes = list(Theme.objects.order_by("position"))
        roles = list(OwnerRole.objects.all())
        now, today = clock.now(), clock.today()
        first = self.built
        plans = [self.activity_plan(first + n, themes, roles, today) for n in range(activities)]
        history = [
            self.update_plan(self.rng.randrange(activities), authors, now) for _ in range(updates)
        ]
        for activity_index, update in history:
            plans[activity_index]["updates"].append(update)
        for plan in plans:
            self.set_copies(plan)
        rows = Activity.objects.bulk_create([plan["activity"] for plan in plans], batch_size=2000)
        for plan, activity in zip(plans, rows, strict=True):
            plan["activity"] = activity
        self.write_children(plans, now)
        self.built += activities

    def activity_plan(self, number: int, themes, roles, today) -> dict:
        rng = self.rng
        theme = themes[number % len(themes)]
        milestones = self.milestones(today)
        activity = Activity(
            theme=theme,
            reference=f"{theme.position}.{number + 1}",
            position=number // len(themes) + 1,
            text=f"We will deliver commitment {number + 1}: " + SENTENCE * rng.randint(1, 3),
            timescale_label=" then ".join(m.label for m in milestones) or "Ongoing",
            ongoing=any(m.due is None for m in milestones),
        )
        owners = rng.sample(roles, rng.choice((1, 1, 2, 2, 3)))
        return {"activity": activity, "owners": owners, "milestones": milestones, "updates": []}

    def milestones(self, today: datetime.date) -> list[Milestone]:
        rng = self.rng
        if rng.random() < 0.08:
            return [Milestone(position=0, label="Ongoing", due=None)]
        due_dates = sorted(
            today + datetime.timedelta(days=rng.randint(-540, 540))
            for _ in range(rng.choice((1, 1, 2, 3)))
        )
        milestones = []
        for position, due in enumerate(due_dates):
            end = due.replace(day=calendar.monthrange(due.year, due.month)[1])
            done = end < today and rng.random() < 0.5
            milestones.append(
                Milestone(
                    position=position,
                    label=f"{calendar.month_name[end.month]} {end.year}",
                    due=end,
                    completed=done,
                    completed_on=end if done else None,
                )
            )
        return milestones

    def update_plan(self, activity_index: int, authors, now) -> tuple[int, StatusUpdate]:
        rng = self.rng
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        review = rng.random() < 0.1
        commentary = (
            "" if status == Status.ON_TRACK and rng.random() < 0.5 else SENTENCE * rng.randint(1, 6)
        )
        update = StatusUpdate(
            kind=StatusUpdate.Kind.REVIEW if review else StatusUpdate.Kind.STATUS,
            status=status,
            commentary=commentary or ("Reviewed at the board." if review else ""),
            author=rng.choice(authors),
            created_at=now - datetime.timedelta(minutes=rng.randint(1, 730 * 24 * 60)),
        )
        return activity_index, update

    @staticmethod
    def set_copies(plan: dict) -> None:
        """The copies services keep: newest update's status and time; earliest open due date."""
        activity, updates = plan["activity"], plan["updates"]
        updates.sort(key=lambda update: update.created_at)
        status = Status.NOT_STARTED
        for update in updates:
            if update.kind == StatusUpdate.Kind.REVIEW:  # a review repeats the status it saw
                update.status = status
            status = update.status
        activity.current_status = status
        activity.last_update_at = updates[-1].created_at if updates else None
        open_dues = [m.due for m in plan["milestones"] if not m.completed and m.due]
        activity.next_due = min(open_dues, default=None)

    @staticmethod
    def write_children(plans: list[dict], now) -> None:
        owners, milestones, updates, changes = [], [], [], []
        for plan in plans:
            activity = plan["activity"]
            for position, role in enumerate(plan["owners"]):
                owners.append(ActivityOwner(activity=activity, role=role, position=position))
            for milestone in plan["milestones"]:
                milestone.activity = activity
                milestones.append(milestone)
            for update in plan["updates"]:
                update.activity = activity
                updates.append(update)
            changes.append(
                ActivityChange(
                    activity=activity,
                    action=ActivityChange.Action.CREATED,
                    version=1,
                    changes={"text": {"old": None, "new": activity.text}},
                    created_at=now,
                )
            )
        ActivityOwner.objects.bulk_create(owners, batch_size=5000)
        Milestone.objects.bulk_create(milestones, batch_size=5000)
        StatusUpdate.objects.bulk_create(updates, batch_size=5000)
        ActivityChange.objects.bulk_create(changes, batch_size=5000)


def copies_disagree() -> int:
    """How many activities' copies differ from their sources (0 when the plan is consistent)."""
    newest = StatusUpdate.objects.filter(activity=OuterRef("pk")).order_by("-created_at", "-id")
    open_due = Milestone.objects.filter(
        activity=OuterRef("pk"), completed=False, due__isnull=False
    ).order_by("due")
    checked = Activity.objects.annotate(
        status_source=Subquery(newest.values("status")[:1]),
        at_source=Subquery(newest.values("created_at")[:1]),
        due_source=Subquery(open_due.values("due")[:1]),
    )
    wrong = 0
    for row in checked.values(
        "current_status", "last_update_at", "next_due", "status_source", "at_source", "due_source"
    ):
        if (
            row["current_status"] != (row["status_source"] or Status.NOT_STARTED)
            or row["last_update_at"] != row["at_source"]
            or row["next_due"] != row["due_source"]
        ):
            wrong += 1
    return wrong


def plan_counts() -> dict[str, int]:
    return {
        "activities": Activity.objects.count(),
        "status_updates": StatusUpdate.objects.count(),
        "overdue": Activity.objects.overdue(clock.today()).count(),
    }


IMPORT_HEADERS = ("Theme", "Reference", "Activity", "Owner(s)", "Timescale", "Status", "Commentary")


def import_workbook(rows: int, *, seed: int = 7) -> bytes:
    """An .xlsx plan of `rows` new activities (references I.1 …) naming known themes and roles."""
    rng = random.Random(seed)
    themes = list(Theme.objects.values_list("title", flat=True))
    names = [name for role in OwnerRole.objects.with_aliases() for name in role.names()]
    year = clock.today().year
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Plan")
    sheet.append(IMPORT_HEADERS)
    for number in range(1, rows + 1):
        month = calendar.month_name[rng.randint(1, 12)]
        timescale = rng.choice(
            (f"{month} {year + 1}", f"{month} {year - 1} COMPLETE", "Ongoing", f"Autumn {year}")
        )
        status = rng.choice(("On track", "At risk", "Not started", ""))
        sheet.append(
            (
                rng.choice(themes),
                f"I.{number}",
                f"We will deliver imported commitment {number}: " + SENTENCE,
                "; ".join(rng.sample(names, rng.choice((1, 2, 3)))),
                timescale,
                status,
                SENTENCE if status else "",
            )
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
