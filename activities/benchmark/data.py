"""A synthetic but realistic plan, written through the services' bulk writers, and .xlsx files to import.

Themes, owner roles with aliases, one to three owners per activity, milestones past and future (some
complete, some ongoing), status updates of every kind with long commentary, review comments, and a
"created" history record per activity. Activities and history go through
services.activities_bulk_create and services.status_updates_bulk_create, so the denormalised copies
(current_status, last_update_at, next_due) are set where the app sets them; copies_disagree()
checks them against the database.
"""

import calendar
import datetime
import io
import random
from dataclasses import dataclass, field

from openpyxl import Workbook

from django.contrib.auth.models import Group, User
from django.db.models import OuterRef, Subquery

from activities import clock, services
from activities.models import Activity, Meeting, Milestone, Plan, Status, StatusUpdate, Theme
from activities.services.meetings import meeting_create
from activities.timescales import MilestoneSpec
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

BENCHMARK_PLAN = "benchmark"  # the short name of the plan the benchmark builds
HISTORY = datetime.timedelta(days=730)  # status updates span the two years before now
MINUTE = datetime.timedelta(minutes=1)
MEETING_EVERY = datetime.timedelta(days=28)  # the measured plan's board meets four-weekly
MEASURED_MEETING = "Benchmark performance board"


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
        """The owner roles (with aliases) every plan shares, and the measured plan."""
        roles = OwnerRole.objects.bulk_create(
            OwnerRole(title=f"{prefix} {subject}")
            for prefix in ROLE_PREFIXES
            for subject in ROLE_SUBJECTS
        )
        OwnerRoleAlias.objects.bulk_create(
            OwnerRoleAlias(role=role, text=f"{role.title} (Force)") for role in roles
        )
        self.plan(BENCHMARK_PLAN)

    def plan(self, short_name: str) -> Plan:
        """A new plan of the portfolio with its themes (every plan has the same eight)."""
        title = "Benchmark plan" if short_name == BENCHMARK_PLAN else f"Plan {short_name}"
        plan = services.plan_create(title=title, short_name=short_name)
        Theme.objects.bulk_create(
            Theme(
                plan=plan,
                position=index,
                title=title,
                description=f"{title}: what the force will do.",
            )
            for index, title in enumerate(THEMES, start=1)
        )
        return plan

    def add(
        self, *, activities: int, updates: int, authors: list[User], plan: Plan | None = None
    ) -> None:
        """Add `activities` activities to a plan (the measured one unless named) and `updates`
        status updates spread over them, through the services an import uses, so the copies are
        set where the app sets them."""
        plan = plan or benchmark_plan()
        themes = list(Theme.objects.filter(plan=plan).select_related("plan").order_by("position"))
        roles = list(OwnerRole.objects.all())
        now, today = clock.now(), clock.today()
        first = self.built
        new = [self.new_activity(first + n, themes, roles, today) for n in range(activities)]
        history = [
            self.update_plan(self.rng.randrange(activities), authors, now) for _ in range(updates)
        ]
        # Added to the tracker before their history begins, as a plan's activities are: the last
        # meeting's pack then lists only what happened since, not every activity as new.
        ids = services.activities_bulk_create(new, at=now - HISTORY - datetime.timedelta(days=1))
        services.status_updates_bulk_create(
            [
                services.NewStatusUpdate(activity_id=ids[new[index].reference], **update)
                for index, update in history
            ]
        )
        self.built += activities

    def new_activity(self, number: int, themes, roles, today) -> services.NewActivity:
        rng = self.rng
        theme = themes[number % len(themes)]
        milestones = self.milestones(today)
        fields = services.ActivityFields(
            theme=theme,
            text=f"We will deliver commitment {number + 1}: " + SENTENCE * rng.randint(1, 3),
            timescale_label=" then ".join(m.label for m in milestones) or "Ongoing",
            ongoing=any(m.due is None for m in milestones),
            owners=rng.sample(roles, rng.choice((1, 1, 2, 2, 3))),
            milestones=milestones,
        )
        return services.NewActivity(
            reference=f"{theme.position}.{number + 1}",
            fields=fields,
            position=number // len(themes) + 1,
        )

    def milestones(self, today: datetime.date) -> list[MilestoneSpec]:
        rng = self.rng
        if rng.random() < 0.08:
            return [MilestoneSpec("Ongoing", None)]
        due_dates = sorted(
            today + datetime.timedelta(days=rng.randint(-540, 540))
            for _ in range(rng.choice((1, 1, 2, 3)))
        )
        milestones = []
        for due in due_dates:
            end = due.replace(day=calendar.monthrange(due.year, due.month)[1])
            done = end < today and rng.random() < 0.5
            label = f"{calendar.month_name[end.month]} {end.year}"
            milestones.append(MilestoneSpec(label, end, done, end if done else None))
        return milestones

    def update_plan(self, activity_index: int, authors, now) -> tuple[int, dict]:
        """(which activity, a NewStatusUpdate's values but the activity's id)."""
        rng = self.rng
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        review = rng.random() < 0.1
        commentary = (
            "" if status == Status.ON_TRACK and rng.random() < 0.5 else SENTENCE * rng.randint(1, 6)
        )
        update = {
            "kind": StatusUpdate.Kind.REVIEW if review else StatusUpdate.Kind.STATUS,
            "status": status,  # a review comment records the status it saw instead
            "commentary": commentary or ("Reviewed at the board." if review else ""),
            "author_id": rng.choice(authors).pk,
            "at": now - datetime.timedelta(minutes=rng.randint(1, HISTORY // MINUTE)),
        }
        return activity_index, update


def copies_disagree() -> int:
    """How many activities' copies differ from their sources (0 when the plan is consistent)."""
    newest = StatusUpdate.objects.filter(
        activity=OuterRef("pk"), kind=StatusUpdate.Kind.STATUS
    ).order_by("-created_at", "-id")
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
        "plans": Plan.objects.count(),
        "activities": Activity.objects.count(),
        "status_updates": StatusUpdate.objects.count(),
        "overdue": Activity.objects.overdue(clock.today()).count(),
    }


IMPORT_HEADERS = ("Theme", "Reference", "Activity", "Owner(s)", "Timescale", "Status", "Commentary")


def import_workbook(rows: int, *, seed: int = 7) -> bytes:
    """An .xlsx plan of `rows` new activities (references I.1 …) naming the measured plan's
    themes and known roles."""
    rng = random.Random(seed)
    themes = list(Theme.objects.filter(plan=benchmark_plan()).values_list("title", flat=True))
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


def benchmark_plan() -> Plan:
    return Plan.objects.get(short_name=BENCHMARK_PLAN)


def meetings(author: User) -> Meeting:
    """Two meetings of the measured plan's board, through the meeting services: the first compares
    with the date four weeks before it, the second (today's, the one measured) with the first."""
    today = clock.today()
    first = meeting_create(
        title=MEASURED_MEETING,
        date=today - MEETING_EVERY,
        chair="ACC Benchmark",
        plans=[benchmark_plan()],
        compare_from=today - 2 * MEETING_EVERY,
        author=author,
    )
    return meeting_create(
        title=MEASURED_MEETING,
        date=today,
        chair="ACC Benchmark",
        plans=[benchmark_plan()],
        previous=first,
        author=author,
    )


def measured_meeting() -> Meeting:
    return Meeting.objects.filter(title=MEASURED_MEETING).latest("date")


def portfolio_sizes(activities: int, plans: int, small: int) -> list[int]:
    """Activities per plan, the measured plan first: the largest (a quarter of the portfolio, so
    its pages are measured well past the average plan's size), the others sharing the rest."""
    if plans == 1:
        return [activities]
    measured = min(activities, max(small, activities // 4, -(-activities // plans)))
    rest, others = activities - measured, plans - 1
    return [measured, *(rest // others + (n < rest % others) for n in range(others))]


def update_shares(updates: int, sizes: list[int]) -> list[int]:
    """Status updates per plan, in proportion to its activities; the measured plan takes the
    remainder, so the total is exact."""
    total = sum(sizes)
    shares = [updates * size // total for size in sizes]
    shares[0] += updates - sum(shares)
    return shares


def small_plan_updates(settings, small: int) -> int:
    """The small plan's share of the measured plan's updates, so that growing it to its full size
    adds the rest (none when the measured plan is the small plan)."""
    sizes = portfolio_sizes(settings.activities, settings.plans, small)
    return update_shares(settings.updates, sizes)[0] * small // sizes[0]


def build_portfolio(builder, settings, small: int, small_updates: int, authors):
    """The rest of the portfolio, after the small plan: the measured plan grown, then the others."""
    sizes = portfolio_sizes(settings.activities, settings.plans, small)
    shares = update_shares(settings.updates, sizes)
    if sizes[0] > small:
        builder.add(activities=sizes[0] - small, updates=shares[0] - small_updates, authors=authors)
    for number, (size, updates) in enumerate(zip(sizes[1:], shares[1:], strict=True), start=2):
        plan = builder.plan(f"plan-{number}")
        if size:
            builder.add(activities=size, updates=updates, authors=authors, plan=plan)
