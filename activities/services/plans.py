"""Plans: creating, changing, closing and reopening one, each change recorded (PlanChange) and
guarded by the plan's version, so two administrators changing a plan at once cannot overwrite each
other. Starting a successor plan is activities/services/successors.py."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.text import slugify

from activities import clock
from activities.models import Plan, PlanChange

SHORT_NAME_LENGTH = Plan._meta.get_field("short_name").max_length
FIELD_NAMES = ("title", "short_name", "organisation", "starts_on", "ends_on")
# Addresses under /plans/ that are pages, not plans (/plans/new/ creates one).
RESERVED_SHORT_NAMES = frozenset({"new"})
TAKEN = "Another plan took this title or short name a moment ago. Choose another."
SHORT_NAME_FIXED = (
    "The short name cannot change once the plan has activities: it is in bookmarks, printed "
    "packs, exports and commands (--plan). Change the title instead."
)


class PlanChangedError(Exception):
    """The plan changed after the administrator loaded it; nothing was written.

    Every door shows `message` and lists `changes` (PlanChange rows newer than the version the
    page was opened at), and offers to save again over them at `current_version`.
    """

    message = (
        "Someone else changed this plan after you opened it, so nothing was saved. "
        "Check their changes below; save again to keep your version instead."
    )

    def __init__(self, plan: Plan, changes: list[PlanChange], current_version: int):
        self.plan = plan
        self.changes = changes
        self.current_version = current_version
        super().__init__(self.message)


@dataclass(frozen=True)
class PlanFields:
    """A plan's editable fields, as the settings page and the admin supply them."""

    title: str
    short_name: str
    organisation: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


def plan_snapshot(plan: Plan) -> dict:
    """The plan's own fields as plain values (dates as ISO text), for diffs and history."""
    values = {name: getattr(plan, name) for name in (*FIELD_NAMES, "state")}
    for name in ("starts_on", "ends_on"):
        values[name] = values[name].isoformat() if values[name] else None
    return values


def free_short_name(title: str) -> str:
    """A short name for the title not used by another plan: "Equality plan" -> "equality-plan"."""
    base = slugify(title)[: SHORT_NAME_LENGTH - 4].strip("-") or "plan"
    taken = RESERVED_SHORT_NAMES | set(
        Plan.objects.filter(short_name__startswith=base).values_list("short_name", flat=True)
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _check_short_name(short_name: str) -> None:
    if short_name in RESERVED_SHORT_NAMES:
        raise ValidationError(
            {"short_name": f"“{short_name}” names a page, not a plan: choose another short name."}
        )


def _record(plan: Plan, action: str, changes: dict, author=None) -> PlanChange:
    return PlanChange.objects.create(
        plan=plan,
        action=action,
        version=plan.version,
        changes=changes,
        author=author,
        created_at=clock.now(),
    )


@transaction.atomic
def plan_create(
    *,
    title: str,
    short_name: str = "",
    organisation: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    state: str = Plan.State.ACTIVE,
    predecessor: Plan | None = None,
    author=None,
    extra_changes: dict | None = None,
) -> Plan:
    """A new plan, its short name made from its title when none is given; recorded as created
    (with `extra_changes`, e.g. the activities a successor carried)."""
    plan = Plan(
        title=title.strip(),
        short_name=short_name.strip() or free_short_name(title),
        organisation=organisation.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        state=state,
        predecessor=predecessor,
    )
    plan.full_clean()
    _check_short_name(plan.short_name)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:  # another plan took the title or short name since full_clean
        raise ValidationError(TAKEN) from None
    changes = {name: {"old": None, "new": value} for name, value in plan_snapshot(plan).items()}
    if predecessor is not None:
        changes["predecessor"] = {"old": None, "new": predecessor.title}
    _record(plan, PlanChange.Action.CREATED, changes | (extra_changes or {}), author)
    return plan


def _checked_fields(plan: Plan, fields: PlanFields) -> Plan:
    """The plan with the new values, validated as a whole (unique title and short name, an end
    on or after the start); the short name fixed once the plan has activities."""
    changed = Plan(
        pk=plan.pk,
        title=fields.title.strip(),
        short_name=fields.short_name.strip(),
        organisation=fields.organisation.strip(),
        starts_on=fields.starts_on,
        ends_on=fields.ends_on,
        state=plan.state,
        predecessor_id=plan.predecessor_id,
        version=plan.version,
    )
    changed._state.adding = False  # the stored plan itself: unique checks leave its own row out
    changed.full_clean()
    _check_short_name(changed.short_name)
    if changed.short_name != plan.short_name and plan.activities.exists():
        raise ValidationError({"short_name": SHORT_NAME_FIXED})
    return changed


def _write(plan: Plan, expected_version: int, values: dict) -> None:
    """The conditional UPDATE is the lock: it succeeds for exactly one of two racing writers."""
    try:
        with transaction.atomic():
            updated = Plan.objects.filter(pk=plan.pk, version=expected_version).update(
                **values, version=F("version") + 1, updated_at=clock.now()
            )
    except IntegrityError:  # another plan took the title or short name since full_clean
        raise ValidationError(TAKEN) from None
    if not updated:
        raise _concurrent_change(plan, expected_version)
    plan.refresh_from_db()


def _concurrent_change(plan: Plan, version: int) -> PlanChangedError:
    changes = (
        PlanChange.objects.filter(plan=plan, version__gt=version)
        .select_related("author")
        .order_by("created_at", "id")
    )
    current = Plan.objects.values_list("version", flat=True).get(pk=plan.pk)
    return PlanChangedError(plan, list(changes), current)


@transaction.atomic
def plan_update(
    *, plan: Plan, fields: PlanFields, expected_version: int, author=None
) -> PlanChange | None:
    """Rename the plan or change its organisation or period if it is still at expected_version.

    Returns the recorded change, or None when nothing differs. Raises PlanChangedError, writing
    nothing, when someone else changed the plan after expected_version was read.
    """
    changed = _checked_fields(plan, fields)
    old, new = plan_snapshot(plan), plan_snapshot(changed)
    changes = {key: {"old": old[key], "new": new[key]} for key in new if old[key] != new[key]}
    if not changes:
        if Plan.objects.filter(pk=plan.pk, version=expected_version).exists():
            return None
        raise _concurrent_change(plan, expected_version)
    _write(plan, expected_version, {name: getattr(changed, name) for name in FIELD_NAMES})
    return _record(plan, PlanChange.Action.UPDATED, changes, author)


def _change_state(
    plan: Plan, *, to: str, action: str, refusal: str, expected_version: int, author
) -> PlanChange:
    if plan.state == to:
        if plan.version != expected_version:
            raise _concurrent_change(plan, expected_version)
        raise ValidationError(refusal)
    old = plan.state
    _write(plan, expected_version, {"state": to})
    return _record(plan, action, {"state": {"old": old, "new": to}}, author)


@transaction.atomic
def plan_close(*, plan: Plan, expected_version: int, author=None) -> PlanChange:
    """Close the plan: it stays readable (its pages, history, exports) and leaves the day-to-day
    views (the portfolio's plans in use, the switcher)."""
    return _change_state(
        plan,
        to=Plan.State.CLOSED,
        action=PlanChange.Action.CLOSED,
        refusal="This plan is closed already.",
        expected_version=expected_version,
        author=author,
    )


@transaction.atomic
def plan_reopen(*, plan: Plan, expected_version: int, author=None) -> PlanChange:
    """Reopen a closed plan: it is active again."""
    if plan.state == Plan.State.DRAFT:
        raise ValidationError("This plan is a draft, not closed: it has nothing to reopen.")
    return _change_state(
        plan,
        to=Plan.State.ACTIVE,
        action=PlanChange.Action.REOPENED,
        refusal="This plan is open already.",
        expected_version=expected_version,
        author=author,
    )
