"""A plan (the top-level object: its title, period, state and predecessor), its history and its themes."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from activities.models import authors
from activities.querysets import PlanQuerySet


class Plan(models.Model):
    """A delivery plan the force runs, e.g. "What we will deliver 2022 – 2024".

    Themes and references belong to a plan; owner roles and people are shared by every plan.
    """

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200, unique=True)
    short_name = models.SlugField(
        "short name",
        max_length=50,
        unique=True,
        help_text="Names the plan in addresses and commands: lower-case letters, digits and "
        "hyphens, e.g. “engagement-2022-2024”.",
    )
    organisation = models.CharField(
        "organisation or owning team", max_length=200, blank=True, default=""
    )
    starts_on = models.DateField("start date", null=True, blank=True)
    ends_on = models.DateField("end date", null=True, blank=True)
    state = models.CharField(max_length=10, choices=State, default=State.ACTIVE)
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        help_text="The plan this one follows on from.",
    )
    # Lost-update protection: compared and bumped in one conditional UPDATE (services.plans).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["draft", "active", "closed"]),
                name="activities_plan_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="activities_plan_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("pk")), name="activities_plan_not_own_predecessor"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:dashboard", kwargs={"plan": self.short_name})

    def natural_key(self) -> tuple[str]:
        return (self.short_name,)

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    @property
    def period(self) -> str:
        """The plan's period as people write it: "2022 – 2024" (years only when both are whole)."""
        if self.starts_on and self.ends_on:
            return f"{self.starts_on.year} – {self.ends_on.year}"
        if self.starts_on:
            return f"from {self.starts_on:%B %Y}"
        if self.ends_on:
            return f"to {self.ends_on:%B %Y}"
        return ""


class PlanChange(models.Model):
    """An append-only record of a change to a plan: created, its fields changed, closed, reopened,
    a successor started from it. Written only by activities.services.plans."""

    class Action(models.TextChoices):
        CREATED = "created", "Plan created"
        UPDATED = "updated", "Plan changed"
        CLOSED = "closed", "Plan closed"
        REOPENED = "reopened", "Plan reopened"
        SUCCESSOR_STARTED = "successor_started", "Successor plan started"

    # Indexed by planchange_plan (plan, -created_at).
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="changes", db_index=False)
    action = models.CharField(max_length=20, choices=Action)
    version = models.PositiveIntegerField(help_text="The plan's version after this change.")
    changes = models.JSONField(default=dict, help_text='{"field": {"old": …, "new": …}}')
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_changes",
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    action__in=["created", "updated", "closed", "reopened", "successor_started"]
                ),
                name="activities_planchange_action_valid",
            ),
        ]
        indexes = [
            # the plan's history on its settings page, newest first.
            models.Index(fields=["plan", "-created_at"], name="planchange_plan"),
        ]

    def __str__(self):
        return f"{self.plan.short_name}: {self.get_action_display().lower()} (v{self.version})"

    @property
    def author_name(self) -> str:
        return authors.author_name(self.author if self.author_id else None)


class Theme(models.Model):
    """One of a plan's themed tables, e.g. "Neighbourhood policing and local engagement"."""

    # Indexed by the (plan, position) and (plan, title) unique constraints.
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="themes", db_index=False)
    position = models.PositiveSmallIntegerField(help_text="Order in the plan, from 1.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["plan_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position"], name="activities_theme_position_unique"
            ),
            models.UniqueConstraint(fields=["plan", "title"], name="activities_theme_title_unique"),
        ]

    def __str__(self):
        return self.title
