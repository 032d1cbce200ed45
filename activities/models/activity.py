"""An activity (a commitment in a plan), its owner roles and its milestones."""

import datetime

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from activities.models.plan import Plan, Theme
from activities.models.status import CLOSED_STATUSES, MAX_TEXT_LENGTH, Status
from activities.querysets import ActivityQuerySet, MilestoneQuerySet
from activities.references import validate_reference
from owners.models import OwnerRole


class Activity(models.Model):
    """A commitment in the plan ("We will …"), owned by one or more roles, due by milestones."""

    # Indexed by the (plan, reference) unique constraint; always the theme's plan (the services
    # set it from the theme), kept here so references are unique per plan and plan pages filter on
    # one column.
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="activities", db_index=False
    )
    # Indexed by activity_theme_position (theme, position); a second index would only slow writes.
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="activities", db_index=False
    )
    reference = models.CharField(
        max_length=20,
        validators=[validate_reference],  # one URL path segment: activities.references
        help_text='Stable within the plan, e.g. "1.4".',
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_into",
        help_text="The activity of an earlier plan this one carries on.",
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
        ordering = ["plan_id", "theme__position", "position", "reference"]
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
            models.UniqueConstraint(
                fields=["plan", "reference"],
                name="activities_activity_reference_unique",
                violation_error_code="reference_taken",
                violation_error_message="This plan already has an activity with this reference.",
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
        return reverse(
            "activities:detail", kwargs={"plan": self.plan.short_name, "reference": self.reference}
        )

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
