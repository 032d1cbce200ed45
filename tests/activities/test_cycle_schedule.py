"""The pure schedule: periods, deadlines in working days, and which event each day falls in."""

import datetime

import pytest

from activities.cycles import schedule
from activities.cycles.schedule import Event, Rules

D = datetime.date
JANUARY_2024 = D(2024, 1, 1)


def rules(frequency=schedule.MONTHLY, starts_on=JANUARY_2024, deadline=5, reminder=2, grace=1):
    return Rules(frequency, starts_on, deadline, reminder, grace)


def test_a_monthly_period_is_its_calendar_month_with_dates_in_working_days():
    period = schedule.period_on(rules(), D(2024, 1, 17))
    assert (period.starts_on, period.ends_on) == (D(2024, 1, 1), D(2024, 1, 31))
    assert period.deadline == D(2024, 1, 24)  # 5 working days before Wednesday 31st
    assert period.reminder_on == D(2024, 1, 22)
    assert period.late_on == D(2024, 1, 25)
    assert period.label == "January 2024"


def test_a_period_ending_at_a_weekend_counts_from_its_last_working_day():
    period = schedule.period_on(rules(deadline=0, reminder=1, grace=1), D(2024, 3, 5))
    assert period.ends_on == D(2024, 3, 31)  # a Sunday
    assert period.deadline == D(2024, 3, 29)  # Friday
    assert period.reminder_on == D(2024, 3, 28)
    assert period.late_on == D(2024, 4, 1)  # after the period: no late notice in it


def test_deadlines_skip_weekends_backwards():
    period = schedule.period_on(rules(deadline=3, reminder=2), D(2024, 2, 10))
    assert period.deadline == D(2024, 2, 26)  # Thursday 29th less 3 working days: Monday 26th
    assert period.reminder_on == D(2024, 2, 22)  # Thursday before


def test_a_quarterly_period_is_its_calendar_quarter():
    period = schedule.period_on(rules(schedule.QUARTERLY), D(2024, 5, 20))
    assert (period.starts_on, period.ends_on) == (D(2024, 4, 1), D(2024, 6, 30))
    assert period.label == "April to June 2024"
    assert period.deadline == D(2024, 6, 21)


@pytest.mark.parametrize(
    ("day", "event"),
    [
        (D(2024, 1, 1), Event.REQUEST),
        (D(2024, 1, 19), Event.REQUEST),
        (D(2024, 1, 22), Event.REMINDER),
        (D(2024, 1, 24), Event.REMINDER),  # the deadline day itself
        (D(2024, 1, 25), Event.LATE),
        (D(2024, 1, 31), Event.LATE),
        (D(2024, 2, 1), Event.REQUEST),  # the next period
    ],
)
def test_each_day_falls_in_one_events_window(day, event):
    assert schedule.period_on(rules(), day).event_on(day) == event


def test_the_grace_period_sends_nothing():
    period = schedule.period_on(rules(grace=3), D(2024, 1, 10))
    assert period.late_on == D(2024, 1, 29)
    assert [period.event_on(D(2024, 1, day)) for day in (25, 26, 29)] == [None, None, Event.LATE]


def test_no_period_before_the_cycle_starts_and_the_first_holds_its_start():
    cycle = rules(starts_on=D(2024, 1, 15))
    assert schedule.period_on(cycle, D(2023, 12, 31)) is None
    assert schedule.period_on(cycle, D(2024, 1, 16)).starts_on == D(2024, 1, 1)


def test_recent_periods_go_back_to_the_first():
    periods = schedule.recent_periods(rules(starts_on=D(2023, 11, 20)), D(2024, 2, 3), 6)
    assert [p.starts_on for p in periods] == [
        D(2024, 2, 1),
        D(2024, 1, 1),
        D(2023, 12, 1),
        D(2023, 11, 1),
    ]


def test_a_period_is_named_only_by_its_first_day():
    cycle = rules()
    assert schedule.period_starting(cycle, D(2024, 3, 1)).ends_on == D(2024, 3, 31)
    assert schedule.period_starting(cycle, D(2024, 3, 2)) is None
    assert schedule.period_starting(cycle, D(2023, 12, 1)) is None
    assert schedule.period_starting(rules(schedule.QUARTERLY), D(2024, 2, 1)) is None


def test_every_month_fits_the_longest_notice_allowed():
    """The model's constraint (deadline + reminder <= 15) keeps every window inside its month."""
    cycle = rules(deadline=10, reminder=5, grace=10)
    for month in range(1, 13):
        period = schedule.period_on(cycle, D(2025, month, 1))
        assert (
            period.starts_on
            < period.reminder_on
            <= period.deadline
            < period.late_on
            <= period.ends_on
        )
