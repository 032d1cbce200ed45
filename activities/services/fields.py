"""What an activity's own fields are, as forms and imports supply them: validation, snapshots, diffs."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from activities import clock
from activities.models import (
    MAX_TEXT_LENGTH,
    Activity,
    ActivityChange,
    ActivityOwner,
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
    return {
        "theme": fields.theme.title,
        "text": fields.text,
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


def _validate_fields(fields: ActivityFields) -> None:
    if not fields.text.strip():
        raise ValidationError({"text": "Enter the commitment text."})
    if len(fields.text.strip()) > MAX_TEXT_LENGTH:
        raise ValidationError({"text": text_too_long("The commitment", len(fields.text.strip()))})
    roles = [role.pk for role in fields.owners]
    if len(set(roles)) != len(roles):
        raise ValidationError({"owners": "Each owner role can be listed only once."})


def new_owners(activity: Activity, owners: Sequence[OwnerRole]) -> list[ActivityOwner]:
    """Unsaved owner links, lead first."""
    return [
        ActivityOwner(activity=activity, role=role, position=index)
        for index, role in enumerate(owners)
    ]


def next_due_of(milestones: Sequence[MilestoneSpec]):
    """The next_due copy for these milestones: the earliest due date of those not complete."""
    return min((spec.due for spec in milestones if not spec.completed and spec.due), default=None)


def created_changes(fields: ActivityFields) -> dict:
    """The changes a "created" history record holds: every field, from nothing."""
    return {key: {"old": None, "new": value} for key, value in fields_snapshot(fields).items()}


def new_activity(*, reference: str, fields: ActivityFields, position: int) -> Activity:
    """An unsaved, validated new activity with its next_due copy (activity_create's).

    Uniqueness, check constraints and the theme's existence are left to the database (checking
    them here costs queries per activity); the caller writes owners, milestones and history in
    the same transaction.
    """
    _validate_fields(fields)
    activity = Activity(
        theme=fields.theme,
        reference=reference.strip(),
        position=position,
        text=fields.text.strip(),
        timescale_label=fields.timescale_label,
        ongoing=fields.ongoing,
        next_due=next_due_of(fields.milestones),
    )
    activity.full_clean(exclude=["theme"], validate_unique=False, validate_constraints=False)
    return activity


def new_created_change(
    activity: Activity, fields: ActivityFields, *, author=None, import_run=None, at=None
) -> ActivityChange:
    """The unsaved "created" history record of a new activity."""
    return ActivityChange(
        activity=activity,
        action=ActivityChange.Action.CREATED,
        version=activity.version,
        changes=created_changes(fields),
        author=author,
        import_run=import_run,
        created_at=at or clock.now(),
    )
