"""A plan's remembered column mappings: which field each column of a known file layout feeds."""

from django.conf import settings
from django.db import models

from activities.models.plan import Plan


class ColumnMapping(models.Model):
    """The columns a person chose for one header layout of a plan's files (importing/mapping.py),
    and what they said its status words mean.

    header_signature is the file's header texts, normalised, in order: next month's file of the
    same tracker has the same signature, so its import goes straight to the preview.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="column_mappings")
    header_signature = models.TextField()
    mapping = models.JSONField(default=dict, help_text="header key -> field (or ignore)")
    statuses = models.JSONField(
        default=dict, blank=True, help_text="status word -> status value (or commentary)"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "header_signature"],
                name="activities_columnmapping_layout_unique",
            )
        ]

    def __str__(self):
        return f"Column mapping of {self.plan} for {self.header_signature[:60]}"
