"""Reporting cycles: setting a plan's cycle (every change recorded) and a person's mail choices."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from activities import clock
from activities.models import MailPreference, Plan, ReportingCycle, ReportingCycleChange
from activities.models.cycles import series_of_plan
from activities.services.fields import snapshot_diff

CYCLE_FIELDS = (
    "frequency",
    "starts_on",
    "deadline_working_days",
    "reminder_working_days",
    "grace_working_days",
    "meeting_series",
    "chair",
    "copy_late_to_chair",
    "paused",
)


def cycle_snapshot(cycle: ReportingCycle) -> dict:
    """The cycle's settings as JSON-ready values (the chair by username), for its history."""
    values = {name: getattr(cycle, name) for name in CYCLE_FIELDS}
    values["chair"] = cycle.chair.get_username() if cycle.chair_id else None
    values["meeting_series"] = str(cycle.meeting_series) if cycle.meeting_series_id else None
    values["starts_on"] = cycle.starts_on.isoformat() if cycle.starts_on else None
    return values


@transaction.atomic
def reporting_cycle_save(
    *,
    plan: Plan,
    author,
    frequency: str,
    starts_on: datetime.date,
    deadline_working_days: int,
    reminder_working_days: int,
    grace_working_days: int,
    meeting_series=None,
    chair=None,
    copy_late_to_chair: bool = False,
    paused: bool = False,
) -> ReportingCycle:
    """Create or change the plan's reporting cycle; records who changed what, and when."""
    cycle = ReportingCycle.objects.select_for_update().filter(plan=plan).first()
    before = cycle_snapshot(cycle) if cycle else {}
    cycle = cycle or ReportingCycle(plan=plan)
    cycle.frequency = frequency
    cycle.starts_on = starts_on
    cycle.deadline_working_days = deadline_working_days
    cycle.reminder_working_days = reminder_working_days
    cycle.grace_working_days = grace_working_days
    cycle.meeting_series = (
        meeting_series if frequency == ReportingCycle.Frequency.BEFORE_MEETING else None
    )
    cycle.chair = chair
    cycle.copy_late_to_chair = copy_late_to_chair
    cycle.paused = paused
    if cycle.meeting_series_id and cycle.meeting_series_id not in series_of_plan(plan):
        raise ValidationError({"meeting_series": "Choose a meeting series that reviews this plan."})
    cycle.full_clean()
    cycle.save()
    changes = snapshot_diff(before, cycle_snapshot(cycle))
    if changes:
        ReportingCycleChange.objects.create(
            cycle=cycle, author=author, changes=changes, created_at=clock.now()
        )
    return cycle


@transaction.atomic
def mail_preference_save(
    *, user, requests: bool, reminders: bool, late_notices: bool
) -> MailPreference:
    preference, _ = MailPreference.objects.select_for_update().get_or_create(user=user)
    preference.requests = requests
    preference.reminders = reminders
    preference.late_notices = late_notices
    preference.full_clean()
    preference.save()
    return preference


def mail_preference_of(user) -> MailPreference:
    """The person's choices, unsaved defaults (everything on) when they have made none."""
    return MailPreference.objects.filter(user=user).first() or MailPreference(user=user)
