"""Posting a status update or a review comment, and keeping the activity's copies equal to the newest."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from activities import clock
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
from activities.services.fields import milestone_text, text_too_long


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

    completed_on dates the milestone this update completes (default: the update's own day)."""
    commentary = commentary.strip()
    if len(commentary) > MAX_TEXT_LENGTH:
        raise ValidationError({"commentary": text_too_long("The commentary", len(commentary))})
    if completed_on is not None:
        validate_completed_on(completed_on)
    if kind == StatusUpdate.Kind.REVIEW:
        status = activity.current_status
        if not commentary:
            raise ValidationError({"commentary": "Enter your review comment."})
    if status not in Status.values:
        raise ValidationError({"status": f"“{status}” is not a status."})
    if needs_commentary(status) and not commentary:
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
        completed_on = completed_on or at.date()
        Milestone.objects.filter(pk=milestone.pk).update(completed=True, completed_on=completed_on)
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
