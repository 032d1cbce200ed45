"""Posting status updates and review comments, and keeping the activity's copies equal to the newest.

The copies (current_status, last_update_at) follow the newest update of kind "status": a review
comment repeats the status it saw and changes neither copy, so it does not make an activity fresh.
Every writer of one activity's updates first locks its row (select_for_update on PostgreSQL; on
SQLite the IMMEDIATE transaction mode already lets one writer in at a time), so racing updates
queue: the copies are computed from history no one else is changing, and a milestone is completed
by exactly one of them.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateformat import format as date_format

from activities import bulk, clock
from activities.models import (
    MAX_TEXT_LENGTH,
    Activity,
    ActivityChange,
    ImportRun,
    Milestone,
    Status,
    StatusUpdate,
    needs_commentary,
)
from activities.services.activities import activity_refresh_next_due, validate_completed_on
from activities.services.closed_plans import refuse_if_plan_closed
from activities.services.fields import milestone_text, status_update_values, text_too_long

ID_BATCH = 5000  # where the database sets no lower limit on query parameters
STATUSES = frozenset(Status.values)  # Status.values builds a list each time: an import asks per row


def checked_commentary(*, status: str, commentary: str, about: str = "the activity") -> str:
    """The commentary, stripped, if `status` is a status and the commentary explains it when the
    status needs it (the rule every writer of status updates checks)."""
    if status not in STATUSES:
        raise ValidationError({"status": f"“{status}” is not a status."})
    commentary = commentary.strip()
    if len(commentary) > MAX_TEXT_LENGTH:
        raise ValidationError({"commentary": text_too_long("The commentary", len(commentary))})
    if needs_commentary(status) and not commentary:
        label = Status(status).label.lower()
        raise ValidationError(
            {"commentary": f"Enter commentary explaining why {about} is {label}."}
        )
    return commentary


def _newest_status_update(field: str) -> Subquery:
    newest = StatusUpdate.objects.status_updates().filter(activity=OuterRef("pk")).newest_first()
    return Subquery(newest.values(field)[:1])


def refresh_status_copies(activities: QuerySet) -> int:
    """Set these activities' copies from their newest status update (not started, never updated,
    when they have none), in one UPDATE: the one place the copy rule is written as a query."""
    return activities.update(
        current_status=Coalesce(_newest_status_update("status"), Value(Status.NOT_STARTED)),
        last_update_at=_newest_status_update("created_at"),
    )


def _batches(ids) -> list[list[int]]:
    """Ids in sorted batches the database takes as query parameters (locks taken in one order)."""
    ids, size = sorted(ids), connection.features.max_query_params or ID_BATCH
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def _lock(activity_ids) -> dict[int, str]:
    """Lock the activities' rows until the transaction ends; {id: current status} as locked."""
    current = {}
    for batch in _batches(activity_ids):
        locked = Activity.objects.select_for_update().filter(pk__in=batch).order_by("pk")
        current.update(locked.values_list("pk", "current_status"))
    return current


def _already_completed(milestone: Milestone) -> str:
    milestone.refresh_from_db()
    completing = milestone.completing_updates.select_related("author", "import_run")
    first = completing.order_by("created_at", "id").first()
    if first is None:  # marked complete by an edit or an import, not by a status update
        on = f" on {date_format(milestone.completed_on, 'j F Y')}" if milestone.completed_on else ""
        return f"“{milestone.label}” was already marked complete{on}."
    when = date_format(timezone.localtime(first.created_at), r"H:i \o\n j F Y")
    return f"“{milestone.label}” was already completed by {first.author_name} at {when}."


def _complete_milestone(milestone: Milestone, *, on: datetime.date) -> None:
    """Mark the milestone complete, or refuse if it already is: with the activity locked, the
    stored row (not the caller's copy, read before the lock) says whether it still is open."""
    completed = Milestone.objects.filter(pk=milestone.pk, completed=False).update(
        completed=True, completed_on=on
    )
    if not completed:
        raise ValidationError({"milestone": _already_completed(milestone)})


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
    completed_on: datetime.date | None = None,
) -> StatusUpdate:
    """Append a status update (or a reviewer's comment) and refresh the activity's copies.

    completed_on dates the milestone this update completes (default: the update's own day).
    A milestone already completed (by anyone, a moment ago included) refuses the whole update with
    a ValidationError on "milestone": nothing is written, and the editor can post it again without.
    """
    refuse_if_plan_closed(plan_id=activity.plan_id)
    if completed_on is not None:
        validate_completed_on(completed_on)
    review = kind == StatusUpdate.Kind.REVIEW
    if review and not commentary.strip():
        raise ValidationError({"commentary": "Enter your review comment."})
    if milestone is not None and milestone.activity_id != activity.pk:
        raise ValidationError({"milestone": "That milestone belongs to another activity."})
    current = _lock([activity.pk])[activity.pk]
    if review:
        status = current  # a reviewer cannot change the status: the comment records the one it saw
    commentary = checked_commentary(status=status, commentary=commentary)
    at = at or clock.now()
    if milestone is not None:
        _complete_milestone(milestone, on=completed_on or at.date())
    update = StatusUpdate.objects.create(
        activity=activity,
        **status_update_values(
            kind=kind,
            status=status,
            commentary=commentary,
            at=at,
            milestone_id=milestone.pk if milestone else None,
            author_id=author.pk if author else None,
            import_run_id=import_run.pk if import_run else None,
        ),
    )
    this_activity = Activity.objects.filter(pk=activity.pk)
    if not review:
        # The newest update, which is not this one when an import back-dates it.
        refresh_status_copies(this_activity)
    if milestone is not None:
        this_activity.update(version=F("version") + 1)  # the milestones an editor has open changed
    activity.refresh_from_db()
    if milestone is not None:
        _record_completion(activity, milestone, author=author, import_run=import_run, at=at)
    return update


def _record_completion(activity, milestone, *, author, import_run, at) -> None:
    activity_refresh_next_due(activity=activity)
    ActivityChange.objects.create(
        activity=activity,
        action=ActivityChange.Action.UPDATED,
        version=activity.version,
        changes={
            "milestones": {"old": milestone_text(milestone), "new": f"{milestone.label} (complete)"}
        },
        author=author,
        import_run=import_run,
        created_at=at,
    )


@dataclass(frozen=True)
class NewStatusUpdate:
    """A status update (or review comment) to back-fill: which activity, when, by whom."""

    activity_id: int
    status: str
    at: datetime.datetime
    commentary: str = ""
    kind: str = StatusUpdate.Kind.STATUS
    author_id: int | None = None


@transaction.atomic
def status_updates_bulk_create(
    new: Sequence[NewStatusUpdate], *, import_run: ImportRun | None = None
) -> int:
    """Append many status updates and review comments at once (history back-filled, as the
    benchmark builds its plan), checked as status_update_create checks one, then refresh each
    activity's copies with the same statement. A review comment records the status of the newest
    status update before it here, or the activity's stored status. Completing milestones is
    status_update_create's alone. Returns the number written."""
    current = _lock({item.activity_id for item in new})
    rows = []
    for item in sorted(new, key=lambda item: item.at):
        status = item.status
        if item.kind == StatusUpdate.Kind.REVIEW:
            if not item.commentary.strip():
                raise ValidationError({"commentary": "Enter your review comment."})
            status = current[item.activity_id]
        else:
            current[item.activity_id] = status
        values = status_update_values(
            kind=item.kind,
            status=status,
            commentary=checked_commentary(status=status, commentary=item.commentary),
            at=item.at,
            author_id=item.author_id,
            import_run_id=import_run.pk if import_run else None,
        )
        rows.append((item.activity_id, values))
    if not rows:
        return 0
    names = ("activity_id", *rows[0][1])
    bulk.insert_rows(StatusUpdate, names, ((pk, *values.values()) for pk, values in rows))
    for batch in _batches(current):
        refresh_status_copies(Activity.objects.filter(pk__in=batch))
    return len(rows)
