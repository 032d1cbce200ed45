"""The plan's data: themes, activities, owners, milestones, status updates, change history, imports.

Denormalised copies on Activity (current_status, last_update_at, next_due) exist so that the list,
overdue and dashboard queries filter and sort on indexed columns; activities.services is the only
writer and tests/activities/test_denormalised_copies.py proves the copies agree with their sources.
The questions asked of many rows (overdue, due between, stale, latest commentary) are QuerySets in
activities/querysets.py; their one-row twins are methods here.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from activities.querysets import ActivityQuerySet, MilestoneQuerySet, StatusUpdateQuerySet
from activities.references import validate_reference
from owners.models import OwnerRole


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


class Theme(models.Model):
    """One of the plan's themed tables, e.g. "Neighbourhood policing and local engagement"."""

    position = models.PositiveSmallIntegerField(unique=True, help_text="Order in the plan, from 1.")
    title = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.title


class ImportRun(models.Model):
    """One applied import of a plan file: who, when, which file, and what it changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_imports",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    file_format = models.CharField(max_length=20)
    counts = models.JSONField(
        default=dict, help_text="created, changed, unchanged, absent, roles_created"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Import of {self.file_name} at {self.created_at:%Y-%m-%d %H:%M}"


class Activity(models.Model):
    """A commitment in the plan ("We will …"), owned by one or more roles, due by milestones."""

    # Indexed by activity_theme_position (theme, position); a second index would only slow writes.
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="activities", db_index=False
    )
    reference = models.CharField(
        max_length=20,
        unique=True,
        validators=[validate_reference],  # one URL path segment: activities.references
        help_text='Stable within the plan, e.g. "1.4".',
    )
    position = models.PositiveIntegerField(default=0, help_text="Order within its theme.")
    text = models.TextField("commitment", max_length=MAX_TEXT_LENGTH)
    timescale_label = models.CharField(
        "timescale", max_length=255, blank=True, help_text="The plan's own words, kept verbatim."
    )
    ongoing = models.BooleanField(default=False, help_text="Recurring work with no end date.")
    owners = models.ManyToManyField(OwnerRole, through="ActivityOwner", related_name="activities")
    # Copies kept by activities.services (see module docstring).
    current_status = models.CharField(max_length=20, choices=Status, default=Status.NOT_STARTED)
    last_update_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_due = models.DateField(null=True, blank=True, editable=False)
    # Lost-update protection: compared and bumped in one conditional UPDATE.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["theme__position", "position", "reference"]
        verbose_name_plural = "activities"
        permissions = [
            ("post_status_update", "Can post status updates"),
            ("add_review_comment", "Can add review comments"),
            ("export_plan", "Can export the plan"),
            ("import_plan", "Can import plan files"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(current_status__in=Status.values),
                name="activities_activity_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(reference=""), name="activities_activity_reference_not_blank"
            ),
        ]
        indexes = [
            # overdue review and "overdue only": next_due < today, status open; sorting by next due.
            models.Index(fields=["next_due", "current_status"], name="activity_overdue"),
            # sort by last updated.
            models.Index(fields=["last_update_at"], name="activity_last_update"),
            # stale filter and dashboard "no update for 30 days": the expression stale() compares.
            models.Index(
                Coalesce("last_update_at", "created_at"),
                F("current_status"),
                name="activity_stale",
            ),
            # status filter and dashboard counts.
            models.Index(fields=["current_status", "theme"], name="activity_status_theme"),
            models.Index(fields=["theme", "position"], name="activity_theme_position"),
        ]

    def __str__(self):
        return f"{self.reference} {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("activities:detail", kwargs={"reference": self.reference})

    @property
    def is_closed(self) -> bool:
        return self.current_status in CLOSED_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        """Row twin of ActivityQuerySet.overdue (open, and next_due, the earliest incomplete
        milestone's due date, has passed)."""
        return not self.is_closed and self.next_due is not None and self.next_due < today

    def has_milestone_due_between(self, start: datetime.date, end: datetime.date) -> bool:
        """Row twin of ActivityQuerySet.due_between (reads the milestones: prefetch them for many)."""
        return any(milestone.is_due_between(start, end) for milestone in self.milestones.all())

    def owner_roles(self) -> list[OwnerRole]:
        """Owner roles in plan order, lead first (uses the with_owners() prefetch when present)."""
        return [link.role for link in self.activity_owners.all()]


class ActivityOwner(models.Model):
    """An owner role on an activity; position 0 is the lead."""

    # Both are indexed by the composite constraints and index below, which lead with them.
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="activity_owners", db_index=False
    )
    role = models.ForeignKey(
        OwnerRole, on_delete=models.PROTECT, related_name="activity_links", db_index=False
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["activity", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "role"], name="activities_activityowner_role_once"
            ),
            models.UniqueConstraint(
                fields=["activity", "position"], name="activities_activityowner_position_unique"
            ),
        ]
        indexes = [
            # "my activities", owner filter, overdue review grouped by role.
            models.Index(fields=["role", "activity"], name="activityowner_role"),
        ]

    def __str__(self):
        return f"{self.role} ({'lead' if self.position == 0 else 'owner'}) on {self.activity.reference}"


class Milestone(models.Model):
    """A dated (or, for ongoing work, undated) point an activity is due by."""

    # Indexed by the (activity, position) unique constraint.
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="milestones", db_index=False
    )
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=255, help_text="This part of the timescale, as written.")
    due = models.DateField(null=True, blank=True, help_text="Empty for ongoing work.")
    completed = models.BooleanField(default=False)
    completed_on = models.DateField(null=True, blank=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "position"], name="activities_milestone_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(completed=True) | Q(completed_on__isnull=True),
                name="activities_milestone_completed_on_needs_completed",
            ),
        ]
        indexes = [
            # due_between ("Due in the next 90 days", the list's due dates): incomplete milestones
            # due in a window, read from the index alone.
            models.Index(
                fields=["due", "activity"], condition=Q(completed=False), name="milestone_due_open"
            ),
        ]

    def __str__(self):
        return self.label

    def is_overdue(self, today: datetime.date) -> bool:
        """Row twin of MilestoneQuerySet.overdue: not complete and its due date has passed."""
        return not self.completed and self.due is not None and self.due < today

    def is_due_between(self, start: datetime.date, end: datetime.date) -> bool:
        """Row twin of MilestoneQuerySet.due_between (both ends inclusive)."""
        return not self.completed and self.due is not None and start <= self.due <= end


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
        if self.author_id:
            return self.author.get_full_name() or self.author.get_username()
        if self.import_run_id:
            return f"Import of {self.import_run.file_name}"
        return "System"


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
        if self.author_id:
            return self.author.get_full_name() or self.author.get_username()
        if self.import_run_id:
            return f"Import of {self.import_run.file_name}"
        return "System"


class PendingImport(models.Model):
    """An uploaded plan file waiting between its preview and its confirmation (one user's only).

    The bytes are kept so that the preview and the confirmation read exactly the uploaded file
    (activities.importing.pending).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_imports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    sheet = models.CharField(max_length=100, blank=True, help_text="The sheet to read, if chosen.")
    data = models.BinaryField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Pending import of {self.file_name} by {self.user}"

    def get_absolute_url(self):
        return reverse("activities:import-preview", kwargs={"pk": self.pk})
