"""Reporting cycles: a plan's schedule for asking owners for updates, its history, people's mail
choices, and the record of every message sent (activities/cycles/ holds the rules and the sender)."""

import datetime
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from activities.cycles import schedule
from activities.models.meetings import Meeting
from activities.models.plan import Plan


def series_root(meeting_id: int, previous_of: dict[int, int | None]) -> int:
    """The first meeting of the series holding `meeting_id` (following `previous` back)."""
    seen = set()
    while previous_of.get(meeting_id) and meeting_id not in seen:
        seen.add(meeting_id)
        meeting_id = previous_of[meeting_id]
    return meeting_id


def series_of_plan(plan: Plan) -> dict[int, list[Meeting]]:
    """The meetings reviewing `plan`, by series (keyed by the series' first meeting), oldest
    first. A series is the chain of meetings linked by `previous`; two queries however many."""
    previous_of = dict(Meeting.objects.values_list("pk", "previous_id"))
    series: dict[int, list[Meeting]] = {}
    for meeting in Meeting.objects.filter(plans=plan).order_by("date", "pk"):
        series.setdefault(series_root(meeting.pk, previous_of), []).append(meeting)
    return series


class ReportingCycle(models.Model):
    """How often a plan's owners are asked for status updates, and when each is due."""

    class Frequency(models.TextChoices):
        MONTHLY = schedule.MONTHLY, "Monthly"
        QUARTERLY = schedule.QUARTERLY, "Quarterly (January, April, July, October)"
        BEFORE_MEETING = schedule.BEFORE_MEETING, "Before each meeting of a series"

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="reporting_cycle")
    frequency = models.CharField(max_length=20, choices=Frequency, default=Frequency.MONTHLY)
    starts_on = models.DateField(
        "reporting from", help_text="The first period is the month or quarter holding this day."
    )
    deadline_working_days = models.PositiveSmallIntegerField(
        "deadline",
        default=5,
        help_text="Updates are due this many working days before the period’s last working day "
        "(0: on the last working day).",
    )
    reminder_working_days = models.PositiveSmallIntegerField(
        "reminder",
        default=2,
        help_text="A reminder goes this many working days before the deadline.",
    )
    grace_working_days = models.PositiveSmallIntegerField(
        "grace period",
        default=1,
        help_text="Late notices go this many working days after the deadline.",
    )
    meeting_series = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Before each meeting: the series' first meeting (a series is the chain of "
        "meetings linked by “previous meeting”).",
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_cycles",
        help_text="The ACC who chairs the plan’s meeting.",
    )
    copy_late_to_chair = models.BooleanField("send the chair a list of late updates", default=False)
    paused = models.BooleanField(default=False, help_text="While paused, no mail is sent.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan__title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    frequency__in=[schedule.MONTHLY, schedule.QUARTERLY, schedule.BEFORE_MEETING]
                ),
                name="activities_reportingcycle_frequency_valid",
            ),
            models.CheckConstraint(
                condition=Q(frequency=schedule.BEFORE_MEETING, meeting_series__isnull=False)
                | (~Q(frequency=schedule.BEFORE_MEETING) & Q(meeting_series__isnull=True)),
                name="activities_reportingcycle_series_for_meetings",
                violation_error_message="A cycle before each meeting needs its meeting series "
                "(and only such a cycle has one).",
            ),
            models.CheckConstraint(
                condition=Q(reminder_working_days__gte=1),
                name="activities_reportingcycle_reminder_before_deadline",
            ),
            models.CheckConstraint(
                condition=Q(grace_working_days__gte=1)
                & Q(grace_working_days__lte=F("deadline_working_days")),
                name="activities_reportingcycle_late_notice_in_period",
                violation_error_message="The grace period must end by the period’s last working "
                "day: at least 1 working day, and no more than the deadline’s.",
            ),
            models.CheckConstraint(
                condition=Q(
                    deadline_working_days__lte=schedule.MAX_NOTICE_WORKING_DAYS
                    - F("reminder_working_days")
                ),
                name="activities_reportingcycle_notice_fits_a_month",
                violation_error_message=(
                    f"The deadline and the reminder together may be at most "
                    f"{schedule.MAX_NOTICE_WORKING_DAYS} working days before the period ends."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_frequency_display()} reporting for {self.plan}"

    def get_absolute_url(self):
        return reverse("activities:cycle", kwargs={"plan": self.plan.short_name})

    def rules(self) -> schedule.Rules:
        return schedule.Rules(
            frequency=self.frequency,
            starts_on=self.starts_on,
            deadline_working_days=self.deadline_working_days,
            reminder_working_days=self.reminder_working_days,
            grace_working_days=self.grace_working_days,
            meetings=self.series_meetings,
        )

    @cached_property
    def series_meetings(self) -> tuple[schedule.MeetingDay, ...]:
        """Before each meeting: the meetings of the chosen series that review this plan."""
        if self.frequency != schedule.BEFORE_MEETING or not self.meeting_series_id:
            return ()
        meetings = series_of_plan(self.plan).get(self.meeting_series_id, [])
        return tuple(schedule.MeetingDay(m.date, m.title, m.chair) for m in meetings)

    def period_on(self, day: datetime.date) -> schedule.Period | None:
        return schedule.period_on(self.rules(), day)


class ReportingCycleChange(models.Model):
    """An append-only record of a change to a plan's reporting cycle (who, when, what)."""

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="changes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changes = models.JSONField(help_text='{"field": {"old": …, "new": …}}')
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.cycle} changed {self.created_at:%Y-%m-%d %H:%M}"


class MailPreference(models.Model):
    """Which kinds of cycle mail a person receives (everything, until they say otherwise)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preference"
    )
    requests = models.BooleanField("update requests", default=True)
    reminders = models.BooleanField("reminders before the deadline", default=True)
    late_notices = models.BooleanField("late notices after the deadline", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user"]

    def __str__(self):
        return f"Mail choices of {self.user}"


class CycleMessage(models.Model):
    """One message to one person for one event of one period: claimed before it is sent, so the
    unique constraint lets no second sender (a second run, another machine) send it again."""

    class Event(models.TextChoices):
        REQUEST = schedule.Event.REQUEST, "Update request"
        REMINDER = schedule.Event.REMINDER, "Reminder"
        LATE = schedule.Event.LATE, "Late notice"
        CHAIR_COPY = "chair", "Late updates, to the chair"

    class State(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="messages")
    period_starts_on = models.DateField()
    event = models.CharField(max_length=10, choices=Event)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cycle_messages"
    )
    address = models.EmailField(max_length=254)
    subject = models.CharField(max_length=255, blank=True)
    references = models.JSONField(default=list, help_text="The activities the message listed.")
    state = models.CharField(max_length=10, choices=State, default=State.SENDING)
    attempts = models.PositiveSmallIntegerField(default=1)
    error = models.TextField(blank=True)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "period_starts_on", "event", "recipient"],
                name="activities_cyclemessage_once",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["sending", "sent", "failed"]),
                name="activities_cyclemessage_state_valid",
            ),
        ]
        # The period's page lists its messages: served by the unique constraint's index, which
        # leads with (cycle, period_starts_on).

    def __str__(self):
        return f"{self.get_event_display()} for {self.period_starts_on:%B %Y} to {self.address}"
