"""The demo set-up behind `manage.py setup_demo`: the published plan in an empty database, three accounts."""

import datetime
import io
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction

from activities import services
from activities.groups import ADMINISTRATORS, EDITORS, REVIEWERS, ensure_groups
from activities.models import Plan, Theme
from owners.models import OwnerRole

PLAN_FILE = settings.BASE_DIR / "fixtures" / "published-plan-2022-2024.txt"
# fixtures/published_plan.json: the plan (title, period, short name) and its five themes.
PUBLISHED_PLAN_FIXTURE = "published_plan"
PUBLISHED_PLAN_SHORT_NAME = "engagement-2022-2024"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    first_name: str
    last_name: str
    description: str
    group: str
    role_title: str | None = None
    is_staff: bool = False


# Public on purpose: anyone reading the README may sign in to a demo. Never on a real server.
DEMO_ACCOUNTS = (
    DemoAccount(
        "comms",
        "demo-comms-2024",
        "Casey",
        "Comms",
        "Communications manager",
        EDITORS,
        role_title="Corporate Information and Engagement Manager",
    ),
    DemoAccount(
        "acc",
        "demo-acc-2024",
        "Alex",
        "Constable",
        "ACC reviewer",
        REVIEWERS,
        role_title="ACC Local Policing",
    ),
    DemoAccount(
        "admin",
        "demo-admin-2024",
        "Ada",
        "Admin",
        "Plan administrator",
        ADMINISTRATORS,
        is_staff=True,
    ),
)


def create_published_plan() -> Plan:
    """The plan record and its themes as fixtures/published_plan.json holds them, created through
    the service so that the plan's history starts with its creation."""
    records = json.loads(
        (settings.BASE_DIR / "fixtures" / f"{PUBLISHED_PLAN_FIXTURE}.json").read_text()
    )
    plan_fields = next(r["fields"] for r in records if r["model"] == "activities.plan")
    plan = services.plan_create(
        title=plan_fields["title"],
        short_name=plan_fields["short_name"],
        organisation=plan_fields["organisation"],
        starts_on=datetime.date.fromisoformat(plan_fields["starts_on"]),
        ends_on=datetime.date.fromisoformat(plan_fields["ends_on"]),
    )
    for record in records:
        if record["model"] == "activities.theme":
            fields = {k: v for k, v in record["fields"].items() if k != "plan"}
            Theme.objects.create(plan=plan, **fields)
    return plan


def plan_is_empty() -> bool:
    """No plan at all: the published plan goes in (never beside plans someone set up)."""
    return not Plan.objects.exists()


@transaction.atomic
def load_published_plan() -> int:
    """Load the published plan (its record, themes and activities) and the owner roles, unless an
    administrator set the roles up already; returns the number of activities."""
    plan = create_published_plan()
    if not OwnerRole.objects.exists():
        call_command("loaddata", "owner_roles", verbosity=0)
    call_command("import_plan", str(PLAN_FILE), "--plan", plan.short_name, stdout=io.StringIO())
    return plan.activities.count()


def account_state(account: DemoAccount) -> str:
    """What ensure_account would do: "create", "reset" (password or access differ) or "confirm"."""
    user = get_user_model().objects.filter(username=account.username).first()
    if user is None:
        return "create"
    in_order = (
        user.check_password(account.password)
        and user.is_active
        and user.is_staff == account.is_staff
        and user.groups.filter(name=account.group).exists()
        and (
            account.role_title is None or user.owner_roles.filter(title=account.role_title).exists()
        )
    )
    return "confirm" if in_order else "reset"


@transaction.atomic
def ensure_account(account: DemoAccount) -> str:
    """Create the account, or put it back as documented; returns what was done (see account_state)."""
    state = account_state(account)
    if state == "confirm":
        return state
    user, _ = get_user_model().objects.get_or_create(username=account.username)
    if not user.check_password(account.password):
        user.set_password(account.password)
    user.first_name, user.last_name = account.first_name, account.last_name
    # An address at a reserved domain, so update requests have somewhere to go (build/mail/).
    user.email = user.email or f"{account.username}@example.org"
    user.is_staff, user.is_active = account.is_staff, True
    user.save()
    ensure_groups()  # an administrator may have deleted a group; put it back as the migration made it
    user.groups.add(Group.objects.get(name=account.group))
    if account.role_title:
        OwnerRole.objects.get(title=account.role_title).holders.add(user)
    return state


DONE = {"create": "created", "reset": "reset", "confirm": "confirmed"}


def accounts_table(states: dict[str, str]) -> str:
    rows = [("username", "password", "who", "group", "owner role", "this run")]
    for account in DEMO_ACCOUNTS:
        role = account.role_title or "-"
        rows.append(
            (
                account.username,
                account.password,
                account.description,
                account.group,
                role,
                DONE[states[account.username]],
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    warning = "DEMO ONLY: these passwords are public. Never create these accounts on a real server."
    return "\n".join([warning, *lines])
