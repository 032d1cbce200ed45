"""Meetings that review plans (a performance board, the Police and Crime Panel), their issued packs,
and the chair's notes and actions against activities."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from activities.models import authors
from activities.models.activity import Activity
from activities.models.plan import Plan
from activities.models.status import MAX_TEXT_LENGTH


class Meeting(models.Model):
    """One meeting of a series, reviewing one plan or several (a board reviewing a portfolio).

    Its pack compares the plans as of `date` with the previous meeting of the series, or, for the
    first meeting, with `compare_from`."""

    title = models.CharField(max_length=200, help_text='For example, "Performance board".')
    date = models.DateField("meeting date")
    chair = models.CharField(max_length=200, help_text="Who chairs it, e.g. “ACC Jordan Reid”.")
    plans = models.ManyToManyField(Plan, related_name="meetings")
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_meetings",
        help_text="The meeting of the same series before this one.",
    )
    compare_from = models.DateField(
        "compare with",
        null=True,
        blank=True,
        help_text="For the first meeting of a series: the date its pack compares with.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meetings_created"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(previous__isnull=False) | Q(compare_from__isnull=False),
                name="activities_meeting_compares_with_something",
            ),
        ]
        indexes = [
            # the meetings page: newest first.
            models.Index(fields=["-date", "-id"], name="meeting_newest"),
        ]

    def __str__(self):
        return f"{self.title}, {self.date:%d %B %Y}".replace(" 0", " ")

    def get_absolute_url(self):
        return reverse("activities:meeting", kwargs={"pk": self.pk})

    @property
    def since(self):
        """The date the pack compares with: the previous meeting's, or the chosen one."""
        return self.previous.date if self.previous_id else self.compare_from


class IssuedPack(models.Model):
    """A meeting's pack as issued: what the board saw, frozen (rendered from `content` ever after)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="issued_pack")
    content = models.JSONField(help_text="The pack as activities.meetings.pack built it.")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="packs_issued"
    )
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self):
        return f"Pack for {self.meeting}"


class MeetingNote(models.Model):
    """A note or action the chair records against an activity at (or after) a meeting."""

    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        ACTION = "action", "Action"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="notes")
    # Indexed by meetingnote_activity (activity, created_at): the activity's history.
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="meeting_notes", db_index=False
    )
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.NOTE)
    text = models.TextField(max_length=MAX_TEXT_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_notes"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["note", "action"]), name="activities_meetingnote_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["activity", "created_at"], name="meetingnote_activity")]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.activity.reference} at {self.meeting}"

    @property
    def author_name(self) -> str:
        return authors.person_name(self.author)
