"""What an activity's own fields are, as forms and imports supply them: validation, snapshots, diffs."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from activities import clock
from activities.models import (
    MAX_TEXT_LENGTH,
    Activity,
    ActivityChange,
    ActivityOwner,
    Milestone,
    Status,
    StatusUpdate,
    Theme,
)
from activities.timescales import MilestoneSpec
from owners.models import OwnerRole


class ConcurrentChangeError(Exception):
    """The activity changed after the editor loaded it; nothing was written.

    The one refusal of a stale edit: every door shows `message` and lists `changes` (field,
    old → new, who, when), and offers to save again over them at `current_version`.
    """

    message = (
        "Someone else changed this activity after you opened it, so nothing was saved. "
        "Check their changes below; save again to keep your version instead."
    )

    def __init__(self, activity: Activity, changes: list[ActivityChange], current_version: int):
        self.activity = activity
        self.changes = changes
        self.current_version = current_version
        super().__init__(self.message)


def text_too_long(what: str, length: int) -> str:
    """The one message for text over MAX_TEXT_LENGTH, whichever door it came through."""
    return f"{what} must be {MAX_TEXT_LENGTH:,} characters or fewer; it has {length:,}. Shorten it."


@dataclass(frozen=True)
class ActivityFields:
    """The editable fields of an activity, as a form or an import row supplies them."""

    theme: Theme
    text: str
    timescale_label: str
    ongoing: bool
    owners: Sequence[OwnerRole]
    milestones: Sequence[MilestoneSpec]
    position: int | None = None


def milestone_text(milestone) -> str:
    """A milestone as history shows it: 'March 2023 (due 2023-03-31, complete)'."""
    due = milestone.due.isoformat() if milestone.due else "no due date"
    done = ", complete" if milestone.completed else ""
    return f"{milestone.label} (due {due}{done})"


def activity_snapshot(activity: Activity) -> dict:
    """The activity's own fields as plain values, for diffs and history.

    Reads owners and milestones with .all() (both models are ordered by position), so a caller that
    prefetched them, as the import does for every activity in a file, pays no query per activity.
    """
    return {
        "theme": activity.theme.title,
        "text": activity.text,
        "timescale_label": activity.timescale_label,
        "ongoing": activity.ongoing,
        "owners": [link.role.title for link in activity.activity_owners.all()],
        "milestones": [milestone_text(m) for m in activity.milestones.all()],
    }


def fields_snapshot(fields: ActivityFields) -> dict:
    """The fields as activity_snapshot will read them once stored (the text is stored stripped)."""
    return {
        "theme": fields.theme.title,
        "text": fields.text.strip(),
        "timescale_label": fields.timescale_label,
        "ongoing": fields.ongoing,
        "owners": [role.title for role in fields.owners],
        "milestones": [milestone_text(m) for m in fields.milestones],
    }


def snapshot_diff(old: dict, new: dict) -> dict:
    return {
        key: {"old": old.get(key), "new": value}
        for key, value in new.items()
        if old.get(key) != value
    }


def _validate_fields(fields: ActivityFields, activity: Activity | None = None) -> None:
    if not fields.text.strip():
        raise ValidationError({"text": "Enter the commitment text."})
    if len(fields.text.strip()) > MAX_TEXT_LENGTH:
        raise ValidationError({"text": text_too_long("The commitment", len(fields.text.strip()))})
    if activity is not None and fields.theme.plan_id != activity.plan_id:
        raise ValidationError({"theme": "Choose a theme of this activity’s own plan."})
    roles = [role.pk for role in fields.owners]
    if len(set(roles)) != len(roles):
        raise ValidationError({"owners": "Each owner role can be listed only once."})


def owner_values(owners: Sequence[OwnerRole]) -> list[dict]:
    """The owner links of an activity as column values, lead first (without the activity)."""
    return [{"role_id": role.pk, "position": index} for index, role in enumerate(owners)]


def new_owners(activity: Activity, owners: Sequence[OwnerRole]) -> list[ActivityOwner]:
    """Unsaved owner links, lead first."""
    return [ActivityOwner(activity=activity, **values) for values in owner_values(owners)]


def milestone_values(milestones: Sequence[MilestoneSpec]) -> list[dict]:
    """The milestones of a new activity as column values, in order (without the activity)."""
    return [
        {
            "position": index,
            "label": spec.label,
            "due": spec.due,
            "completed": spec.completed,
            "completed_on": spec.completed_on if spec.completed else None,
        }
        for index, spec in enumerate(milestones)
    ]


def new_milestones(activity: Activity, milestones: Sequence[MilestoneSpec]) -> list[Milestone]:
    """Unsaved milestones of a new activity, in order."""
    return [Milestone(activity=activity, **values) for values in milestone_values(milestones)]


def next_due_of(milestones: Sequence[MilestoneSpec]):
    """The next_due copy for these milestones: the earliest due date of those not complete."""
    return min((spec.due for spec in milestones if not spec.completed and spec.due), default=None)


def activity_values(
    *,
    reference: str,
    fields: ActivityFields,
    position: int,
    status: str = Status.NOT_STARTED,
    at: datetime.datetime,
    carried_from: Activity | None = None,
    first_update: bool | None = None,
) -> dict:
    """Every column of a new activity (by attribute name): the one definition activity_create's
    model instance and activities_bulk_create's rows are both built from. A status other than
    "not started" is the activity's first status update, written beside it at `at`.

    created_at and updated_at are stamped `at`; the ORM (activity_create) stamps them itself.
    """
    # first_update: a status update is written beside it (by default: a status was set).
    updated = status != Status.NOT_STARTED if first_update is None else first_update
    return {
        "plan_id": fields.theme.plan_id,  # an activity is always in its theme's plan
        "theme_id": fields.theme.pk,
        "reference": reference.strip(),
        "position": position,
        "text": fields.text.strip(),
        "timescale_label": fields.timescale_label,
        "ongoing": fields.ongoing,
        # The copies of the newest status update: the one written beside it, if any.
        "current_status": status,
        "last_update_at": at if updated else None,
        "next_due": next_due_of(fields.milestones),
        "version": 1,
        "carried_from_id": carried_from.pk if carried_from else None,
        "created_at": at,
        "updated_at": at,
    }


# The columns activities_bulk_create writes: every concrete one but the id, so a column added to
# the model and not to activity_values fails every bulk create (a KeyError) instead of being left out.
ACTIVITY_COLUMNS = tuple(
    field.attname for field in Activity._meta.concrete_fields if not field.primary_key
)


def carried_from_text(origin: Activity) -> str:
    """Where a carried activity came from, as its history says it: "Engagement plan 2022 – 2024, 1.4"."""
    return f"{origin.plan.title}, {origin.reference}"


def created_changes(fields: ActivityFields, carried_from: Activity | None = None) -> dict:
    """The changes a "created" history record holds: every field, from nothing (and, for an
    activity carried from an earlier plan, where it came from)."""
    changes = {key: {"old": None, "new": value} for key, value in fields_snapshot(fields).items()}
    if carried_from is not None:
        changes["carried_from"] = {"old": None, "new": carried_from_text(carried_from)}
    return changes


def created_change_values(
    fields: ActivityFields,
    *,
    author=None,
    import_run=None,
    at,
    carried_from: Activity | None = None,
) -> dict:
    """The "created" history record of a new activity as column values (without the activity)."""
    return {
        "action": ActivityChange.Action.CREATED,
        "version": 1,
        "changes": created_changes(fields, carried_from),
        "author_id": author.pk if author else None,
        "import_run_id": import_run.pk if import_run else None,
        "created_at": at,
    }


def status_update_values(
    *,
    status: str,
    commentary: str,
    at: datetime.datetime,
    kind: str = StatusUpdate.Kind.STATUS,
    milestone_id: int | None = None,
    author_id: int | None = None,
    import_run_id: int | None = None,
) -> dict:
    """One status update (or review comment) as column values (without the activity)."""
    return {
        "kind": kind,
        "status": status,
        "commentary": commentary,
        "milestone_id": milestone_id,
        "author_id": author_id,
        "import_run_id": import_run_id,
        "created_at": at,
    }


def new_activity(
    *, reference: str, fields: ActivityFields, position: int, carried_from: Activity | None = None
) -> Activity:
    """An unsaved, validated new activity with its next_due copy (activity_create's).

    Uniqueness, check constraints and the theme's existence are left to the database (checking
    them here costs queries per activity); the caller writes owners, milestones and history in
    the same transaction.
    """
    _validate_fields(fields)
    values = activity_values(
        reference=reference,
        fields=fields,
        position=position,
        at=clock.now(),
        carried_from=carried_from,
    )
    activity = Activity(**values)
    activity.theme = fields.theme  # the instance the caller holds, so reading it costs no query
    activity.plan = fields.theme.plan
    activity.full_clean(
        exclude=["theme", "plan", "carried_from"], validate_unique=False, validate_constraints=False
    )
    return activity


def new_created_change(
    activity: Activity, fields: ActivityFields, *, author=None, import_run=None, at=None
) -> ActivityChange:
    """The unsaved "created" history record of a new activity."""
    values = created_change_values(
        fields,
        author=author,
        import_run=import_run,
        at=at or clock.now(),
        carried_from=activity.carried_from,
    )
    return ActivityChange(activity=activity, **values)
