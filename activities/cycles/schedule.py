"""Pure dates of a reporting cycle: its periods, each period's deadline, and which mail is due when.

No Django imports. Working days are Monday to Friday (bank holidays are not known to the tracker).
A period's events, in order:

  request   from the period's first day until the reminder day
  reminder  from `reminder_working_days` working days before the deadline until the deadline
  late      from `grace_working_days` working days after the deadline until the period ends

The deadline is `deadline_working_days` working days before the period's last working day (0: the
last working day itself). An event is sent on the first run inside its window; a window missed
entirely (the sender did not run) is skipped rather than sent late, since the next event covers it.

"Before each meeting" cycles: a period runs from the day after the previous meeting of the series
(or the cycle's start) to the meeting's day; the deadline counts back from the meeting. A period
too short for its notice keeps its events in order inside it: the deadline is never before the
period's first day, a reminder that would fall on or before that day is not sent (the request has
just gone), and a late notice goes by the meeting's day at the latest (none when no working day
is left after the deadline).
"""

import datetime
import enum
from dataclasses import dataclass

MONTHLY = "monthly"
QUARTERLY = "quarterly"
BEFORE_MEETING = "meeting"
MONTHS_PER_PERIOD = {MONTHLY: 1, QUARTERLY: 3}
# The deadline and the reminder together may lie at most this many working days before a period
# ends, so every window fits in the shortest month (February has 20 working days).
MAX_NOTICE_WORKING_DAYS = 15


class Event(enum.StrEnum):
    REQUEST = "request"
    REMINDER = "reminder"
    LATE = "late"


@dataclass(frozen=True)
class MeetingDay:
    """A meeting of the cycle's series, as the schedule needs it."""

    date: datetime.date
    title: str
    chair: str = ""


@dataclass(frozen=True)
class Rules:
    """A cycle's settings, as the schedule needs them (activities.models.ReportingCycle.rules())."""

    frequency: str
    starts_on: datetime.date
    deadline_working_days: int
    reminder_working_days: int
    grace_working_days: int
    meetings: tuple[MeetingDay, ...] = ()  # before-each-meeting cycles: the series, by date


@dataclass(frozen=True)
class Period:
    """One round of the cycle: every open activity is due one status update between its first and
    last day (both inclusive)."""

    frequency: str
    starts_on: datetime.date
    ends_on: datetime.date
    deadline: datetime.date
    reminder_on: datetime.date
    late_on: datetime.date
    meeting: MeetingDay | None = None

    @property
    def label(self) -> str:
        if self.meeting is not None:
            return f"before {self.meeting.title}, {self.meeting.date.day} {self.meeting.date:%B %Y}"
        if self.frequency == QUARTERLY:
            return f"{self.starts_on:%B} to {self.ends_on:%B %Y}"
        return f"{self.starts_on:%B %Y}"

    def event_on(self, day: datetime.date) -> Event | None:
        """The event whose window holds `day`, if any."""
        if not self.starts_on <= day <= self.ends_on:
            return None
        if day >= self.late_on:
            return Event.LATE
        if day > self.deadline:
            return None  # the grace period: no mail
        if day >= self.reminder_on:
            return Event.REMINDER
        return Event.REQUEST

    def deadline_passed(self, day: datetime.date) -> bool:
        return day > self.deadline


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """`count` working days after (negative: before) `day`, a working day."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def last_working_day(day: datetime.date) -> datetime.date:
    """`day` itself if it is a working day, else the working day before it."""
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def period_start(frequency: str, day: datetime.date) -> datetime.date:
    """The first day of the period holding `day`: its month, or its calendar quarter."""
    months = MONTHS_PER_PERIOD[frequency]
    month = (day.month - 1) // months * months + 1
    return datetime.date(day.year, month, 1)


def months_later(day: datetime.date, months: int) -> datetime.date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_from(rules: Rules, starts_on: datetime.date) -> Period:
    ends_on = months_later(starts_on, MONTHS_PER_PERIOD[rules.frequency]) - datetime.timedelta(1)
    deadline = add_working_days(last_working_day(ends_on), -rules.deadline_working_days)
    return Period(
        frequency=rules.frequency,
        starts_on=starts_on,
        ends_on=ends_on,
        deadline=deadline,
        reminder_on=add_working_days(deadline, -rules.reminder_working_days),
        late_on=add_working_days(deadline, rules.grace_working_days),
    )


def meeting_period(rules: Rules, starts_on: datetime.date, meeting: MeetingDay) -> Period:
    """The period from `starts_on` to `meeting`'s day, its events kept in order inside it."""
    ends_on = meeting.date
    deadline = add_working_days(last_working_day(ends_on), -rules.deadline_working_days)
    deadline = max(deadline, starts_on)
    reminder_on = add_working_days(deadline, -rules.reminder_working_days)
    if reminder_on <= starts_on:
        reminder_on = deadline + datetime.timedelta(days=1)  # no reminder window
    late_on = add_working_days(deadline, rules.grace_working_days)
    if late_on > ends_on:
        after = add_working_days(deadline, 1)
        late_on = after if after <= ends_on else ends_on + datetime.timedelta(days=1)
    return Period(BEFORE_MEETING, starts_on, ends_on, deadline, reminder_on, late_on, meeting)


def meeting_periods(rules: Rules) -> list[Period]:
    """Every period of a before-each-meeting cycle, oldest first: one per meeting day of the
    series on or after the cycle's start."""
    periods, previous = [], None
    for meeting in sorted(rules.meetings, key=lambda m: m.date):
        if previous is not None and meeting.date == previous:
            continue  # two meetings of the series on one day: one period
        if meeting.date >= rules.starts_on:
            after_previous = previous + datetime.timedelta(days=1) if previous else rules.starts_on
            periods.append(meeting_period(rules, max(rules.starts_on, after_previous), meeting))
        previous = meeting.date
    return periods


def period_on(rules: Rules, day: datetime.date) -> Period | None:
    """The period holding `day`; None before the cycle's first period (and, before each meeting,
    after the series' last meeting)."""
    if rules.frequency == BEFORE_MEETING:
        return next((p for p in meeting_periods(rules) if p.starts_on <= day <= p.ends_on), None)
    if day < period_start(rules.frequency, rules.starts_on):
        return None
    return period_from(rules, period_start(rules.frequency, day))


def recent_periods(rules: Rules, day: datetime.date, count: int) -> list[Period]:
    """The period holding `day` and up to count - 1 before it, newest first (before each
    meeting: the periods begun by `day`)."""
    if rules.frequency == BEFORE_MEETING:
        begun = [p for p in meeting_periods(rules) if p.starts_on <= day]
        return begun[::-1][:count]
    current = period_on(rules, day)
    periods = []
    while current is not None and len(periods) < count:
        periods.append(current)
        current = period_on(rules, current.starts_on - datetime.timedelta(days=1))
    return periods


def period_starting(rules: Rules, starts_on: datetime.date) -> Period | None:
    """The period that starts on `starts_on` (an address names a period by its first day)."""
    if rules.frequency == BEFORE_MEETING:
        return next((p for p in meeting_periods(rules) if p.starts_on == starts_on), None)
    if starts_on != period_start(rules.frequency, starts_on):
        return None
    if starts_on < period_start(rules.frequency, rules.starts_on):
        return None
    return period_from(rules, starts_on)
