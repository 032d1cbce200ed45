"""Posting a status update or a review comment, and keeping the activity's copies equal to the newest."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from activities import clock
from activities.models import (
    Activity,
    ActivityChange,
    ImportRun,
    Milestone,
    Status,
    StatusUpdate,
    needs_commentary,
)
from activities.services.activities import activity_refresh_next_due
from activities.services.fields import milestone_text


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
    # Review comments rate nothing and date no update: the copies follow status updates only.
    newest = StatusUpdate.objects.status_updates().filter(activity=activity).newest_first().first()
    copies = (
        {"current_status": newest.status, "last_update_at": newest.created_at} if newest else {}
    )
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
