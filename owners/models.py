"""Who owns plan activities: owner roles (job titles), their aliases, and the people holding them."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from owners.parsing import KnownRole


class OwnerRoleQuerySet(models.QuerySet):
    def with_aliases(self):
        return self.prefetch_related("aliases")

    def known_roles(self) -> list[KnownRole]:
        """Every role with its aliases, as the owner parser wants them (two queries)."""
        return [
            KnownRole(role.title, tuple(alias.text for alias in role.aliases.all()))
            for role in self.with_aliases()
        ]


class OwnerRole(models.Model):
    """A job title that can own activities, e.g. "ACC Local Policing"."""

    title = models.CharField(max_length=200, unique=True)
    holders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="owner_roles",
        blank=True,
        help_text="People who hold this role; they see its activities under “My activities”.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnerRoleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(Lower("title"), name="owners_ownerrole_title_unique_ci"),
        ]

    def __str__(self):
        return self.title

    def names(self) -> list[str]:
        """The title and every alias: all the ways a plan may write this role."""
        return [self.title, *(alias.text for alias in self.aliases.all())]


class OwnerRoleAlias(models.Model):
    """Another way a plan writes a role, e.g. "Head of Corporate Communications & Engagement (WP)"."""

    role = models.ForeignKey(OwnerRole, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(max_length=200)

    class Meta:
        ordering = ["text"]
        verbose_name_plural = "owner role aliases"
        constraints = [
            models.UniqueConstraint(Lower("text"), name="owners_ownerrolealias_text_unique_ci"),
        ]

    def __str__(self):
        return f"{self.text} → {self.role.title}"
