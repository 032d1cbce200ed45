"""An activity's append-only history: status updates and review comments, and field changes."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from activities.models import authors
from activities.models.activity import Activity, Milestone
from activities.models.imports import ImportRun
from activities.models.status import MAX_TEXT_LENGTH, Status
from activities.querysets import StatusUpdateQuerySet


class StatusUpdate(models.Model):
    """One entry in an activity's append-only status history; the newest is its current status."""

    class Kind(models.TextChoices):
        STATUS = "status", "Status update"
        REVIEW = "review", "Review comment"

    # Indexed by statusupdate_activity_latest (activity, -created_at).
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="status_updates", db_index=False
    )
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.STATUS)
    status = models.CharField(max_length=20, choices=Status)
    commentary = models.TextField(blank=True, max_length=MAX_TEXT_LENGTH)
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completing_updates",
        help_text="The milestone this update marked complete.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_updates",
    )
    import_run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, null=True, blank=True, related_name="status_updates"
    )
    created_at = models.DateTimeField()

    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="activities_statusupdate_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["status", "review"]),
                name="activities_statusupdate_kind_valid",
            ),
        ]
        indexes = [
            # latest update / commentary per activity; the activity's history, newest first.
            models.Index(fields=["activity", "-created_at"], name="statusupdate_activity_latest"),
            # dashboard "latest updates".
            models.Index(fields=["-created_at"], name="statusupdate_latest"),
        ]

    def __str__(self):
        return (
            f"{self.activity.reference}: {self.get_status_display()} ({self.created_at:%Y-%m-%d})"
        )

    @property
    def author_name(self) -> str:
        return authors.author_name(
            self.author if self.author_id else None,
            self.import_run if self.import_run_id else None,
        )


class ActivityChange(models.Model):
    """An append-only record of a change to an activity's own fields (text, theme, owners, milestones)."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"

    # Indexed by activitychange_activity (activity, -created_at).
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="changes", db_index=False
    )
    action = models.CharField(max_length=10, choices=Action)
    version = models.PositiveIntegerField(help_text="The activity's version after this change.")
    changes = models.JSONField(help_text='{"field": {"old": …, "new": …}}')
    # db_default too: the import's multi-row inserts (activities/bulk.py) name only what they fill.
    reason = models.TextField(
        blank=True, default="", db_default="", help_text="Why, when the editor gave one."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_changes",
    )
    import_run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, null=True, blank=True, related_name="activity_changes"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["activity", "-created_at"], name="activitychange_activity")]

    def __str__(self):
        return f"{self.activity.reference} {self.get_action_display().lower()} (v{self.version})"

    @property
    def author_name(self) -> str:
        return authors.author_name(
            self.author if self.author_id else None,
            self.import_run if self.import_run_id else None,
        )
