"""New activities written as plain multi-row inserts, built from the rows activity_create writes one
by one (fields.activity_values, owner_values, milestone_values, created_change_values,
status_update_values), so a column cannot be added to one path and forgotten in the other."""

import datetime
import operator
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
)
from activities.services.fields import (
    ACTIVITY_COLUMNS,
    ActivityFields,
    _validate_fields,
    activity_values,
    created_change_values,
    milestone_values,
    owner_values,
    status_update_values,
)
from activities.services.status_updates import checked_commentary


@dataclass(frozen=True)
class NewActivity:
    """An activity an import creates: its fields, its place in its theme, and the file's status."""

    reference: str
    fields: ActivityFields
    position: int
    status: str | None = None  # recorded as a status update when it is not "not started"
    commentary: str = ""
    carried_from: Activity | None = None  # the earlier plan's activity this one carries on


ACTIVITY_ROW = operator.itemgetter(*ACTIVITY_COLUMNS)  # a KeyError names a column left out
REFERENCE = ACTIVITY_COLUMNS.index("reference")


@dataclass
class _Rows:
    """The rows of one table, as dicts of column values, and the activity each belongs to."""

    model: type
    rows: list[tuple[str, dict]]  # (reference, values)

    def add(self, reference: str, values: dict) -> None:
        self.rows.append((reference, values))

    def insert(self, ids: dict[str, int]) -> None:
        if not self.rows:
            return
        names = ("activity_id", *self.rows[0][1])
        bulk.insert_rows(
            self.model,
            names,
            ((ids[reference], *values.values()) for reference, values in self.rows),
        )


def _length_checked(model, name: str, value: str) -> str:
    limit = model._meta.get_field(name).max_length
    if limit is not None and len(value) > limit:
        raise ValidationError(
            {name: f"Ensure this value has at most {limit} characters (it has {len(value)})."}
        )
    return value


def _checked(item: NewActivity) -> str:
    """Validate what activity_create's full_clean and status_update_create would; the status."""
    _validate_fields(item.fields)
    reference = _length_checked(Activity, "reference", item.reference.strip())
    if not reference:
        raise ValidationError({"reference": "Enter a reference."})
    if item.position < 0:
        raise ValidationError({"position": "The position cannot be negative."})
    _length_checked(Activity, "timescale_label", item.fields.timescale_label)
    for spec in item.fields.milestones:
        _length_checked(Milestone, "label", spec.label)
    status = item.status or Status.NOT_STARTED
    if status != Status.NOT_STARTED:
        checked_commentary(status=status, commentary=item.commentary, about=reference)
    return status


@transaction.atomic
def activities_bulk_create(
    new: Sequence[NewActivity],
    *,
    import_run: ImportRun | None = None,
    author=None,
    at: datetime.datetime | None = None,
) -> dict[str, int]:
    """Create many activities with exactly the rows activity_create and status_update_create write
    for one (owners, milestones, a "created" change, the status update, the copies), as multi-row
    inserts of plain values (activities.bulk) instead of a model instance per row: an import of
    thousands of activities then costs about what reading its file does.

    All of one plan (references are unique within a plan), and new there: the database's unique
    constraint refuses a reused one and the whole transaction is undone. Returns {reference: pk}.
    """
    plans = {item.fields.theme.plan_id for item in new}
    if len(plans) > 1:
        raise ValueError("activities_bulk_create writes the activities of one plan at a time.")
    if not plans:
        return {}
    (plan_id,) = plans
    at = at or clock.now()
    run_id = import_run.pk if import_run else None
    author_id = author.pk if author else None
    activities = []
    owners, milestones = _Rows(ActivityOwner, []), _Rows(Milestone, [])
    changes, updates = _Rows(ActivityChange, []), _Rows(StatusUpdate, [])
    for item in new:
        status = _checked(item)
        # A first status update when the file set a status or said something about the work.
        first_update = status != Status.NOT_STARTED or bool(item.commentary.strip())
        values = activity_values(
            reference=item.reference,
            fields=item.fields,
            position=item.position,
            status=status,
            at=at,
            first_update=first_update,
            carried_from=item.carried_from,
        )
        reference = values["reference"]
        activities.append(ACTIVITY_ROW(values))
        for row in owner_values(item.fields.owners):
            owners.add(reference, row)
        for row in milestone_values(item.fields.milestones):
            milestones.add(reference, row)
        created = created_change_values(
            item.fields,
            author=author,
            import_run=import_run,
            at=at,
            carried_from=item.carried_from,
        )
        changes.add(reference, created)
        if first_update:
            commentary = item.commentary.strip()
            row = status_update_values(
                status=status,
                commentary=commentary,
                at=at,
                author_id=author_id,
                import_run_id=run_id,
            )
            updates.add(reference, row)
    bulk.insert_rows(Activity, ACTIVITY_COLUMNS, activities)
    ids = _activity_ids(plan_id, [row[REFERENCE] for row in activities])
    for rows in (owners, milestones, changes, updates):
        rows.insert(ids)
    return ids


REFERENCE_LOOKUP_BATCH = 5000  # where the database sets no lower limit on parameters


def _activity_ids(plan_id: int, references: list[str]) -> dict[str, int]:
    """The new activities' ids by reference, looked up among their plan's own activities."""
    size = connection.features.max_query_params or REFERENCE_LOOKUP_BATCH
    ids = {}
    for start in range(0, len(references), size - 1):
        batch = references[start : start + size - 1]
        ids.update(
            Activity.objects.filter(plan_id=plan_id, reference__in=batch)
            .order_by()
            .values_list("reference", "pk")
        )
    return ids
