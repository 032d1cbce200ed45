"""The plan's status vocabulary and the rules that depend only on a status."""

from django.db import models


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Work that is finished one way or another: never overdue, never stale.
CLOSED_STATUSES = (Status.COMPLETE, Status.WITHDRAWN)
# A status that tells a reader something is wrong must say why.
COMMENTARY_REQUIRED_STATUSES = (Status.AT_RISK, Status.OFF_TRACK, Status.WITHDRAWN)


# The longest commitment text or commentary any door accepts: the edit form, the admin, the status
# and review forms, the importer's cells (so an exported plan always re-imports) and the services.
MAX_TEXT_LENGTH = 5_000


def needs_commentary(status: str) -> bool:
    """Whether an update to this status must explain itself: the one rule every writer checks."""
    return status in COMMENTARY_REQUIRED_STATUSES
