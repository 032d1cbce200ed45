"""Imports of plan files: the applied runs (who, when, which file, what changed) and pending uploads."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from activities.models.plan import Plan


class ImportRun(models.Model):
    """One applied import of a plan file: who, when, which file, and what it changed."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="import_runs")
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


class PreviewState(models.TextChoices):
    NOT_READ = "not_read", "Not read yet"
    QUEUED = "queued", "Waiting for the worker"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be read"


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
    # The plan the file goes into: a stored one, or (plan empty) a new one titled new_plan_title.
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="pending_imports"
    )
    new_plan_title = models.CharField(max_length=200, blank=True, default="")
    # The columns the person chose on the mapping step (header key -> field); empty until then.
    columns = models.JSONField(default=dict, blank=True)
    # Choices for unknown status words and owner names (importing/values.py ValueChoices).
    values = models.JSONField(default=dict, blank=True)
    data = models.BinaryField()
    # The preview read outside the request (activities/importing/tasks.py). generation counts the
    # person's choices, so a preview read before the latest choice is never shown.
    generation = models.PositiveIntegerField(default=0)
    preview_state = models.CharField(
        max_length=10, choices=PreviewState.choices, default=PreviewState.NOT_READ
    )
    preview_generation = models.PositiveIntegerField(default=0)
    preview_error = models.TextField(blank=True, default="")
    preview_result = models.BinaryField(null=True, blank=True)
    preview_queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Pending import of {self.file_name} by {self.user}"

    def get_absolute_url(self):
        return reverse("activities:import-preview", kwargs={"pk": self.pk})
