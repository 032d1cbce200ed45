"""Creating and editing one activity: its fields, owners and milestones, with version check and history."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Min

from activities import clock
from activities.models import (
    Activity,
    ActivityChange,
    ActivityOwner,
    ImportRun,
    Milestone,
)
from activities.services.closed_plans import refuse_if_plan_closed
from activities.services.fields import (
    ActivityFields,
    ConcurrentChangeError,
    _validate_fields,
    activity_snapshot,
    fields_snapshot,
    new_activity,
    new_created_change,
    new_milestones,
    new_owners,
    snapshot_diff,
)
from activities.timescales import MilestoneSpec
from owners.models import OwnerRole


def _write_owners(activity: Activity, owners: Sequence[OwnerRole]) -> None:
    ActivityOwner.objects.filter(activity=activity).delete()
    ActivityOwner.objects.bulk_create(new_owners(activity, owners))


PARKED = 10_000  # added to kept milestones' positions while they move (positions are unique)


def _write_milestones(activity: Activity, milestones: Sequence[MilestoneSpec]) -> None:
    """Store these milestones, in this order. A stored milestone with the same words and due date
    is kept (moved if need be), else one at the same place that is not complete is reused; a
    completed one is never relabelled, so the status update that completed it still names it.
    Stored milestones the new list does not name are dropped (their completing updates keep their
    text; the link is cleared)."""
    unclaimed = list(activity.milestones.order_by("position"))
    rows = []
    for spec in milestones:
        row = next((m for m in unclaimed if (m.label, m.due) == (spec.label, spec.due)), None)
        if row is not None:
            unclaimed.remove(row)
        rows.append(row)
    for index, row in enumerate(rows):
        if row is None:
            row = next((m for m in unclaimed if m.position == index and not m.completed), None)
            if row is not None:
                unclaimed.remove(row)
                rows[index] = row
    Milestone.objects.filter(pk__in=[m.pk for m in unclaimed]).delete()
    kept = [row.pk for row in rows if row is not None]
    Milestone.objects.filter(pk__in=kept).update(position=F("position") + PARKED)
    for index, (spec, row) in enumerate(zip(milestones, rows, strict=True)):
        values = {
            "position": index,
            "label": spec.label,
            "due": spec.due,
            "completed": spec.completed,
            "completed_on": spec.completed_on if spec.completed else None,
        }
        if row is None:
            Milestone.objects.create(activity=activity, **values)
        else:
            Milestone.objects.filter(pk=row.pk).update(**values)


def activity_refresh_next_due(*, activity: Activity) -> None:
    """Recompute the next_due copy: the earliest due date among milestones not yet complete."""
    next_due = activity.milestones.filter(completed=False, due__isnull=False).aggregate(
        d=Min("due")
    )["d"]
    Activity.objects.filter(pk=activity.pk).update(next_due=next_due)
    activity.next_due = next_due


@transaction.atomic
def activity_create(
    *,
    reference: str,
    fields: ActivityFields,
    author=None,
    import_run: ImportRun | None = None,
    carried_from: Activity | None = None,
) -> Activity:
    position = fields.position
    if position is None:  # new activities go to the end of their theme
        position = Activity.objects.filter(theme=fields.theme).count() + 1
    activity = new_activity(
        reference=reference, fields=fields, position=position, carried_from=carried_from
    )
    activity.validate_constraints()  # a reused reference gets a message, not an IntegrityError
    activity.save()
    # The rows activities_bulk_create writes too, from the same definitions (services.fields).
    ActivityOwner.objects.bulk_create(new_owners(activity, fields.owners))
    Milestone.objects.bulk_create(new_milestones(activity, fields.milestones))
    new_created_change(activity, fields, author=author, import_run=import_run).save()
    return activity


# A completion date more years ago than this is a typo (1999 for 2024), not a late record: the
# plan runs three years, so five also covers the previous plan's work recorded late.
OLDEST_COMPLETION_YEARS = 5


def oldest_completion(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year - OLDEST_COMPLETION_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - OLDEST_COMPLETION_YEARS, day=28)


def validate_completed_on(day: datetime.date, *, field: str = "completed_on") -> None:
    """The one rule for a milestone's completion date: not in the future, not absurdly old."""
    today = clock.today()
    if day > today:
        raise ValidationError({field: "The completion date must be today or in the past."})
    oldest = oldest_completion(today)
    if day < oldest:
        raise ValidationError(
            {field: f"The completion date must be on or after {oldest.day} {oldest:%B %Y}."}
        )


def _validate_completion_dates(activity: Activity, milestones: Sequence[MilestoneSpec]) -> None:
    """Dates already stored stand (an import may have recorded old work); new ones must pass."""
    stored = {m.completed_on for m in activity.milestones.all()}
    for spec in milestones:
        if spec.completed and spec.completed_on and spec.completed_on not in stored:
            validate_completed_on(spec.completed_on, field="milestones")


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    fields: ActivityFields,
    expected_version: int,
    author=None,
    import_run: ImportRun | None = None,
    reason: str = "",
) -> ActivityChange | None:
    """Apply new field values if the activity is still at expected_version; record what changed.

    `reason` is recorded with the change (a re-baseline of the timescale asks for one). Returns
    None when nothing differs. Raises ConcurrentChangeError, writing nothing, when someone else
    changed the activity after expected_version was read.
    """
    refuse_if_plan_closed(plan_id=activity.plan_id)
    _validate_fields(fields, activity)
    _validate_completion_dates(activity, fields.milestones)
    changes = snapshot_diff(activity_snapshot(activity), fields_snapshot(fields))
    position_changed = fields.position is not None and fields.position != activity.position
    if position_changed:  # order within the theme is part of the plan: record it too
        changes["position"] = {"old": activity.position, "new": fields.position}
    if not changes:
        if Activity.objects.filter(pk=activity.pk, version=expected_version).exists():
            return None
        raise _concurrent_change(activity, expected_version)
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
        raise _concurrent_change(activity, expected_version)
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
        reason=reason.strip(),
        author=author,
        import_run=import_run,
        created_at=clock.now(),
    )


def _concurrent_change(activity: Activity, version: int) -> ConcurrentChangeError:
    changes = (
        ActivityChange.objects.filter(activity=activity, version__gt=version)
        .select_related("author", "import_run")
        .order_by("created_at", "id")
    )
    current = Activity.objects.values_list("version", flat=True).get(pk=activity.pk)
    return ConcurrentChangeError(activity, list(changes), current)
