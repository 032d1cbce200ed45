"""New activities written as plain multi-row inserts, with the rows activity_create writes one by one."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from activities import bulk, clock
from activities.models import (
    Activity,
    ActivityChange,
    ActivityOwner,
    ImportRun,
    Milestone,
    Status,
    StatusUpdate,
    needs_commentary,
)
from activities.services.fields import (
    ActivityFields,
    _validate_fields,
    created_changes,
    next_due_of,
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
        if updated and needs_commentary(status) and not item.commentary.strip():
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
                    spec.completed,
                    spec.completed_on if spec.completed else None,
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
