"""Every write to plan data goes through here, so each one is validated, atomic and recorded.

Functions are keyword-only and named <entity>_<action> (HackSoft style). History is append-only:
StatusUpdate rows for status and commentary, ActivityChange rows for the activity's own fields.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Min

from activities import bulk, clock
from activities.models import (
    COMMENTARY_REQUIRED_STATUSES,
    Activity,
    ActivityChange,
    ActivityOwner,
    ImportRun,
    Milestone,
    Status,
    StatusUpdate,
    Theme,
)
from activities.timescales import MilestoneSpec
from owners.models import OwnerRole


class ConcurrentChangeError(Exception):
    """The activity changed after the editor loaded it; nothing was written."""

    def __init__(self, activity: Activity, changes: list[ActivityChange]):
        self.activity = activity
        self.changes = changes
        super().__init__(
            f"Activity {activity.reference} was changed by someone else since you opened it."
        )


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
    done = (
        ", complete"
        if (getattr(milestone, "complete", None) or getattr(milestone, "completed", False))
        else ""
    )
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
    return min((spec.due for spec in milestones if not spec.complete and spec.due), default=None)


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


@dataclass(frozen=True)
class NewActivity:
    """An activity an import creates: its fields, its place in its theme, and the file's status."""

    reference: str
    fields: ActivityFields
    position: int
    status: str | None = None  # recorded as a status update when it is not "not started"
    commentary: str = ""


def _length_checked(model, name: str, value: str) -> str:
    limit = model._meta.get_field(name).max_length
    if limit is not None and len(value) > limit:
        raise ValidationError(
            {name: f"Ensure this value has at most {limit} characters (it has {len(value)})."}
        )
    return value


@transaction.atomic
def activities_bulk_create(
    new: Sequence[NewActivity], *, import_run: ImportRun, at: datetime.datetime | None = None
) -> dict[str, int]:
    """Create many activities with exactly the rows activity_create and status_update_create write
    for one (owners, milestones, a "created" change, the status update, the copies), as multi-row
    inserts of plain values (activities.bulk) instead of a model instance per row: an import of
    thousands of activities then costs about what reading its file does.

    Validates what activity_create's full_clean would; references must be new (the database's
    unique constraint refuses a reused one and the whole transaction is undone).
    Returns {reference: pk}.
    """
    at = at or clock.now()
    activities, owners, milestones, changes, updates = [], [], [], [], []
    for item in new:
        fields = item.fields
        _validate_fields(fields)
        reference = _length_checked(Activity, "reference", item.reference.strip())
        if not reference:
            raise ValidationError({"reference": "Enter a reference."})
        if item.position < 0:
            raise ValidationError({"position": "The position cannot be negative."})
        status = item.status or Status.NOT_STARTED
        if status not in STATUSES:
            raise ValidationError({"status": f"“{status}” is not a status."})
        updated = status != Status.NOT_STARTED
        if updated and status in COMMENTARY_REQUIRED_STATUSES and not item.commentary.strip():
            raise ValidationError(
                {"commentary": f"Enter commentary explaining why {reference} is {status}."}
            )
        activities.append(
            (
                fields.theme.pk,
                reference,
                item.position,
                fields.text.strip(),
                _length_checked(Activity, "timescale_label", fields.timescale_label),
                fields.ongoing,
                status,
                at if updated else None,
                next_due_of(fields.milestones),
                1,
                at,
                at,
            )
        )
        owners.append([role.pk for role in fields.owners])
        milestones.append(
            [
                (
                    index,
                    _length_checked(Milestone, "label", spec.label),
                    spec.due,
                    spec.complete,
                    spec.completed_on if spec.complete else None,
                )
                for index, spec in enumerate(fields.milestones)
            ]
        )
        changes.append(created_changes(fields))
        updates.append((status, item.commentary.strip()) if updated else None)
    bulk.insert_rows(Activity, ACTIVITY_COLUMNS, activities)
    ids = _activity_ids([row[1] for row in activities])
    references = [ids[row[1]] for row in activities]
    bulk.insert_rows(
        ActivityOwner,
        ("activity", "role", "position"),
        (
            (pk, role, index)
            for pk, roles in zip(references, owners, strict=True)
            for index, role in enumerate(roles)
        ),
    )
    bulk.insert_rows(
        Milestone,
        ("activity", "position", "label", "due", "completed", "completed_on"),
        (
            (pk, *milestone)
            for pk, rows in zip(references, milestones, strict=True)
            for milestone in rows
        ),
    )
    run = import_run.pk if import_run else None
    created = ActivityChange.Action.CREATED
    bulk.insert_rows(
        ActivityChange,
        ("activity", "action", "version", "changes", "author", "import_run", "created_at"),
        (
            (pk, created, 1, change, None, run, at)
            for pk, change in zip(references, changes, strict=True)
        ),
    )
    kind = StatusUpdate.Kind.STATUS
    bulk.insert_rows(
        StatusUpdate,
        (
            "activity",
            "kind",
            "status",
            "commentary",
            "milestone",
            "author",
            "import_run",
            "created_at",
        ),
        (
            (pk, kind, update[0], update[1], None, None, run, at)
            for pk, update in zip(references, updates, strict=True)
            if update is not None
        ),
    )
    return ids


ACTIVITY_COLUMNS = (
    "theme",
    "reference",
    "position",
    "text",
    "timescale_label",
    "ongoing",
    "current_status",
    "last_update_at",
    "next_due",
    "version",
    "created_at",
    "updated_at",
)
REFERENCE_LOOKUP_BATCH = 5000  # where the database sets no lower limit on parameters
STATUSES = frozenset(Status.values)


def _activity_ids(references: list[str]) -> dict[str, int]:
    size = connection.features.max_query_params or REFERENCE_LOOKUP_BATCH
    ids = {}
    for start in range(0, len(references), size):
        batch = references[start : start + size]
        ids.update(
            Activity.objects.filter(reference__in=batch).order_by().values_list("reference", "pk")
        )
    return ids


def _write_owners(activity: Activity, owners: Sequence[OwnerRole]) -> None:
    ActivityOwner.objects.filter(activity=activity).delete()
    ActivityOwner.objects.bulk_create(new_owners(activity, owners))


def _write_milestones(activity: Activity, milestones: Sequence[MilestoneSpec]) -> None:
    existing = list(activity.milestones.order_by("position"))
    for index, spec in enumerate(milestones):
        completed_on = spec.completed_on if spec.complete else None
        if index < len(existing):
            milestone = existing[index]
            milestone.label, milestone.due, milestone.completed = (
                spec.label,
                spec.due,
                spec.complete,
            )
            milestone.completed_on = completed_on if spec.complete else None
            milestone.save()
        else:
            Milestone.objects.create(
                activity=activity,
                position=index,
                label=spec.label,
                due=spec.due,
                completed=spec.complete,
                completed_on=completed_on,
            )
    # Status updates that completed a dropped milestone keep their text; the link is cleared.
    Milestone.objects.filter(activity=activity, position__gte=len(milestones)).delete()


def activity_refresh_next_due(*, activity: Activity) -> None:
    """Recompute the next_due copy: the earliest due date among milestones not yet complete."""
    next_due = activity.milestones.filter(completed=False, due__isnull=False).aggregate(
        d=Min("due")
    )["d"]
    Activity.objects.filter(pk=activity.pk).update(next_due=next_due)
    activity.next_due = next_due


@transaction.atomic
def activity_create(
    *, reference: str, fields: ActivityFields, author=None, import_run: ImportRun | None = None
) -> Activity:
    position = fields.position
    if position is None:  # new activities go to the end of their theme
        position = Activity.objects.filter(theme=fields.theme).count() + 1
    activity = new_activity(reference=reference, fields=fields, position=position)
    activity.validate_unique()  # a reused reference gets a message, not an IntegrityError
    activity.save()
    _write_owners(activity, fields.owners)
    _write_milestones(activity, fields.milestones)
    new_created_change(activity, fields, author=author, import_run=import_run).save()
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    fields: ActivityFields,
    expected_version: int,
    author=None,
    import_run: ImportRun | None = None,
) -> ActivityChange | None:
    """Apply new field values if the activity is still at expected_version; record what changed.

    Returns None when nothing differs. Raises ConcurrentChangeError, writing nothing, when someone
    else changed the activity after expected_version was read.
    """
    _validate_fields(fields)
    changes = snapshot_diff(activity_snapshot(activity), fields_snapshot(fields))
    position_changed = fields.position is not None and fields.position != activity.position
    if position_changed:  # order within the theme is part of the plan: record it too
        changes["position"] = {"old": activity.position, "new": fields.position}
    if not changes:
        if Activity.objects.filter(pk=activity.pk, version=expected_version).exists():
            return None
        raise ConcurrentChangeError(activity, _changes_since(activity, expected_version))
    # The conditional UPDATE is the lock: it succeeds for exactly one of two racing editors.
    new_values = {
        "theme": fields.theme,
        "text": fields.text.strip(),
        "timescale_label": fields.timescale_label,
        "ongoing": fields.ongoing,
        "version": F("version") + 1,
        "updated_at": clock.now(),
    }
    if fields.position is not None:
        new_values["position"] = fields.position
    updated = Activity.objects.filter(pk=activity.pk, version=expected_version).update(**new_values)
    if not updated:
        raise ConcurrentChangeError(activity, _changes_since(activity, expected_version))
    activity.refresh_from_db()
    if "owners" in changes:
        _write_owners(activity, fields.owners)
    if "milestones" in changes:
        _write_milestones(activity, fields.milestones)
        activity_refresh_next_due(activity=activity)
    if not changes:
        return None
    return ActivityChange.objects.create(
        activity=activity,
        action=ActivityChange.Action.UPDATED,
        version=activity.version,
        changes=changes,
        author=author,
        import_run=import_run,
        created_at=clock.now(),
    )


def _changes_since(activity: Activity, version: int) -> list[ActivityChange]:
    return list(
        ActivityChange.objects.filter(activity=activity, version__gt=version)
        .select_related("author", "import_run")
        .order_by("created_at", "id")
    )


@transaction.atomic
def status_update_create(
    *,
    activity: Activity,
    status: str,
    commentary: str = "",
    author=None,
    kind: str = StatusUpdate.Kind.STATUS,
    milestone: Milestone | None = None,
    import_run: ImportRun | None = None,
    at: datetime.datetime | None = None,
) -> StatusUpdate:
    """Append a status update (or a reviewer's comment) and refresh the activity's copies."""
    commentary = commentary.strip()
    if kind == StatusUpdate.Kind.REVIEW:
        status = activity.current_status
        if not commentary:
            raise ValidationError({"commentary": "Enter your review comment."})
    if status not in Status.values:
        raise ValidationError({"status": f"“{status}” is not a status."})
    if status in COMMENTARY_REQUIRED_STATUSES and not commentary:
        raise ValidationError(
            {
                "commentary": f"Enter commentary explaining why the activity is {Status(status).label.lower()}."
            }
        )
    if milestone is not None and milestone.activity_id != activity.pk:
        raise ValidationError({"milestone": "That milestone belongs to another activity."})
    at = at or clock.now()
    update = StatusUpdate.objects.create(
        activity=activity,
        kind=kind,
        status=status,
        commentary=commentary,
        milestone=milestone,
        author=author,
        import_run=import_run,
        created_at=at,
    )
    # The copies follow the newest update, which is not this one when an import back-dates it.
    newest = StatusUpdate.objects.filter(activity=activity).order_by("-created_at", "-id").first()
    copies = {"current_status": newest.status, "last_update_at": newest.created_at}
    completes_milestone = milestone is not None and not milestone.completed
    if completes_milestone:
        Milestone.objects.filter(pk=milestone.pk).update(completed=True, completed_on=at.date())
        copies["version"] = F("version") + 1  # the milestones an editor may have open have changed
    Activity.objects.filter(pk=activity.pk).update(**copies)
    activity.refresh_from_db()
    if completes_milestone:
        activity_refresh_next_due(activity=activity)
        ActivityChange.objects.create(
            activity=activity,
            action=ActivityChange.Action.UPDATED,
            version=activity.version,
            changes={
                "milestones": {
                    "old": milestone_text(milestone),
                    "new": f"{milestone.label} (complete)",
                }
            },
            author=author,
            import_run=import_run,
            created_at=at,
        )
    return update
