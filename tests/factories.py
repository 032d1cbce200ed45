"""Plain helpers that build just what a test needs: make_activity(**overrides) and friends."""

import datetime
import itertools

from django.contrib.auth.models import Group, User

from activities import groups as plan_groups
from activities import services
from activities.groups import ensure_groups
from activities.models import Activity, Plan, Theme
from activities.timescales import MilestoneSpec
from owners.models import OwnerRole

_counter = itertools.count(1)

GROUP_EDITORS = plan_groups.EDITORS
GROUP_REVIEWERS = plan_groups.REVIEWERS
GROUP_ADMINISTRATORS = plan_groups.ADMINISTRATORS


def make_user(username: str | None = None, *, groups: tuple[str, ...] = (), **fields) -> User:
    username = username or f"user{next(_counter)}"
    fields.setdefault("is_staff", GROUP_ADMINISTRATORS in groups)
    user = User.objects.create_user(username=username, password="correct horse battery", **fields)
    if groups:
        ensure_groups()  # a transactional test's flush may have removed the migration's groups
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


# The plan every factory-made theme goes into unless a test names another: its pages live under
# /plans/test-plan/ (TEST_PLAN_URL).
TEST_PLAN = "test-plan"
TEST_PLAN_URL = f"/plans/{TEST_PLAN}"
# The published plan as fixtures/published_plan.json (and setup_demo) make it.
PUBLISHED_PLAN_URL = "/plans/engagement-2022-2024"


def default_plan() -> Plan:
    plan, _ = Plan.objects.get_or_create(short_name=TEST_PLAN, defaults={"title": "Test plan"})
    return plan


def make_plan(title: str | None = None, **fields) -> Plan:
    number = next(_counter)
    fields.setdefault("short_name", f"plan-{number}")
    return services.plan_create(title=title or f"Plan {number}", **fields)


def make_theme(title: str | None = None, *, plan: Plan | None = None, **fields) -> Theme:
    number = next(_counter)
    fields.setdefault("position", number)
    return Theme.objects.create(
        plan=plan or default_plan(), title=title or f"Theme {number}", **fields
    )


def make_role(title: str | None = None, *, aliases: tuple[str, ...] = (), holders=()) -> OwnerRole:
    role = OwnerRole.objects.create(title=title or f"Role {next(_counter)}")
    for alias in aliases:
        role.aliases.create(text=alias)
    role.holders.set(holders)
    return role


def make_activity(
    *,
    reference: str | None = None,
    theme: Theme | None = None,
    text: str | None = None,
    owners: list[OwnerRole] | None = None,
    milestones: list[MilestoneSpec] | None = None,
    due: datetime.date | None = None,
    timescale_label: str = "",
    ongoing: bool = False,
    author=None,
) -> Activity:
    """An activity through the real service; `due` is shorthand for one incomplete milestone."""
    number = next(_counter)
    if milestones is None:
        milestones = (
            [MilestoneSpec(label=timescale_label or "Ongoing", due=due)] if (due or ongoing) else []
        )
    fields = services.ActivityFields(
        theme=theme or make_theme(),
        text=text or f"We will deliver commitment {number}.",
        timescale_label=timescale_label or (due.strftime("%B %Y") if due else ""),
        ongoing=ongoing,
        owners=owners if owners is not None else [make_role()],
        milestones=milestones,
    )
    return services.activity_create(
        reference=reference or f"9.{number}", fields=fields, author=author
    )


def the_plan() -> Plan:
    """The one plan a test built (through the factories or an import)."""
    return Plan.objects.get()


def all_plans():
    return Plan.objects.all()


def import_destination_for(file_name: str = "plan.txt"):
    """Where `import_plan FILE` with no plan option puts the file: the one plan, or a new one."""
    from activities.plans import import_destination

    return import_destination(short_name=None, new_title=None, file_name=file_name)
