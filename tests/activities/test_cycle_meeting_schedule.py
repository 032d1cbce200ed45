"""Reporting before each meeting: the periods a meeting series makes (pure), the series a plan's
meetings form, the cycle form's choice of series, and who gets the late list.

The series: Thursday 1 February 2024 and Thursday 7 March 2024. With a deadline of 5 working days,
a reminder 2 before that and 1 day's grace, the first period (1 January to 1 February) is due on
Thursday 25 January, reminded on Tuesday 23rd and late from Friday 26th."""

import datetime

import pytest

from activities.cycles import schedule
from activities.cycles.chairs import account_named, late_list_recipient
from activities.cycles.forms import ReportingCycleForm
from activities.models import ReportingCycle
from activities.models.cycles import series_of_plan
from activities.services.meetings import meeting_create
from tests.factories import (
    GROUP_EDITORS,
    GROUP_REVIEWERS,
    TEST_PLAN_URL,
    default_plan,
    make_plan,
    make_user,
)

D = datetime.date
FEB_1, MAR_7 = D(2024, 2, 1), D(2024, 3, 7)
JAN_1 = D(2024, 1, 1)


def rules(*days, starts_on=JAN_1, deadline=5, reminder=2, grace=1):
    meetings = tuple(
        schedule.MeetingDay(day, "Performance board", "ACC Cara Jones") for day in days
    )
    return schedule.Rules(schedule.BEFORE_MEETING, starts_on, deadline, reminder, grace, meetings)


def test_a_period_runs_from_the_day_after_the_previous_meeting_to_the_next():
    first, second = schedule.meeting_periods(rules(MAR_7, FEB_1))
    assert (first.starts_on, first.ends_on) == (D(2024, 1, 1), FEB_1)
    assert (second.starts_on, second.ends_on) == (D(2024, 2, 2), MAR_7)
    assert second.label == "before Performance board, 7 March 2024"


def test_the_deadline_counts_working_days_back_from_the_meeting():
    period = schedule.period_on(rules(FEB_1, MAR_7), D(2024, 1, 10))
    assert period.deadline == D(2024, 1, 25)  # Thursday, 5 working days before Thursday 1st
    assert period.reminder_on == D(2024, 1, 23)
    assert period.late_on == D(2024, 1, 26)
    events = {day: period.event_on(D(2024, 1, day)) for day in (1, 22, 23, 25, 26, 31)}
    assert events == {1: "request", 22: "request", 23: "reminder", 25: "reminder", 26: "late",
                      31: "late"}  # fmt: skip
    assert period.event_on(D(2024, 2, 2)) is None  # the next period's


def test_the_cycle_starts_within_a_period_of_the_series():
    period = schedule.period_on(rules(D(2023, 12, 7), FEB_1, starts_on=D(2024, 1, 8)), FEB_1)
    assert period.starts_on == D(2024, 1, 8)  # not the day after 7 December: the cycle's start
    assert schedule.period_on(rules(D(2023, 12, 7), FEB_1, starts_on=D(2024, 1, 8)),
                              D(2024, 1, 5)) is None  # fmt: skip


def test_no_period_after_the_last_meeting_but_past_periods_are_listed():
    assert schedule.period_on(rules(FEB_1, MAR_7), D(2024, 3, 8)) is None
    recent = schedule.recent_periods(rules(FEB_1, MAR_7), D(2024, 3, 8), 6)
    assert [p.ends_on for p in recent] == [MAR_7, FEB_1]
    assert schedule.recent_periods(rules(FEB_1, MAR_7), D(2024, 1, 5), 6)[0].ends_on == FEB_1


def test_a_period_is_named_by_its_first_day():
    assert schedule.period_starting(rules(FEB_1, MAR_7), D(2024, 2, 2)).ends_on == MAR_7
    assert schedule.period_starting(rules(FEB_1, MAR_7), D(2024, 2, 1)) is None


def test_two_meetings_of_the_series_on_one_day_make_one_period():
    assert len(schedule.meeting_periods(rules(FEB_1, FEB_1, MAR_7))) == 2


def test_a_period_shorter_than_its_notice_keeps_its_events_in_order():
    # Meetings on Thursday 1st and Tuesday 6th February: the second period is 2nd to 6th.
    period = schedule.period_on(rules(FEB_1, D(2024, 2, 6)), D(2024, 2, 2))
    assert period.deadline == D(2024, 2, 2)  # never before the period opens
    assert period.event_on(D(2024, 2, 2)) == "request"  # asked on the first day, not reminded
    assert period.late_on == D(2024, 2, 5)  # Monday: late notice before the meeting
    assert [period.event_on(D(2024, 2, d)) for d in (3, 4, 5, 6)] == [None, None, "late", "late"]


def test_a_one_day_period_asks_but_sends_no_late_notice():
    period = schedule.period_on(rules(FEB_1, D(2024, 2, 2)), D(2024, 2, 2))
    assert (period.starts_on, period.deadline) == (D(2024, 2, 2), D(2024, 2, 2))
    assert period.event_on(D(2024, 2, 2)) == "request"
    assert period.late_on > period.ends_on


@pytest.fixture
def series(db, administrator):
    plan, other = default_plan(), make_plan("Equality plan")
    first = meeting_create(title="Performance board", date=FEB_1, chair="ACC Cara Jones",
        plans=[plan, other], author=administrator, compare_from=D(2024, 1, 1))  # fmt: skip
    skipped = meeting_create(title="Performance board", date=D(2024, 2, 15),
        chair="ACC Cara Jones", plans=[other], author=administrator, previous=first)  # fmt: skip
    third = meeting_create(title="Performance board", date=MAR_7, chair="ACC Cara Jones",
        plans=[plan, other], author=administrator, previous=skipped)  # fmt: skip
    panel = meeting_create(title="Police and Crime Panel", date=D(2024, 2, 20),
        chair="Commissioner", plans=[plan], author=administrator, compare_from=D(2024, 1, 1))  # fmt: skip
    return {"first": first, "third": third, "panel": panel, "other": other}


def test_a_plans_series_are_the_chains_of_its_meetings(series):
    found = series_of_plan(default_plan())
    assert found == {series["first"].pk: [series["first"], series["third"]],
                     series["panel"].pk: [series["panel"]]}  # fmt: skip
    # The 15 February meeting reviews the other plan only: it is not a period of this plan's.
    assert [m.date for m in series_of_plan(series["other"])[series["first"].pk]] == [
        FEB_1, D(2024, 2, 15), MAR_7]  # fmt: skip


def cycle_data(**extra):
    return {"frequency": "meeting", "starts_on": "2024-01-01", "deadline_working_days": "5",
            "reminder_working_days": "2", "grace_working_days": "1", **extra}  # fmt: skip


def test_the_cycle_form_offers_the_plans_series(series):
    form = ReportingCycleForm(instance=ReportingCycle(plan=default_plan()))
    labels = [label for _, label in form.fields["meeting_series"].choices]
    assert labels == ["Performance board (from 1 February 2024, 2 meetings so far)",
                      "Police and Crime Panel (from 20 February 2024, 1 meeting so far)"]  # fmt: skip


def test_before_each_meeting_needs_a_series(client, administrator, series):
    client.force_login(administrator)
    response = client.post(f"{TEST_PLAN_URL}/reporting/edit/", cycle_data())
    assert response.status_code == 200
    assert "Choose the meeting series the updates are for." in response.content.decode()
    assert not ReportingCycle.objects.exists()


def test_an_administrator_sets_a_cycle_before_each_meeting(
    client, administrator, series, fixed_today
):
    client.force_login(administrator)
    data = cycle_data(meeting_series=series["first"].pk)
    assert client.post(f"{TEST_PLAN_URL}/reporting/edit/", data).status_code == 302
    cycle = ReportingCycle.objects.get()
    assert cycle.meeting_series == series["first"]
    assert cycle.changes.get().changes["meeting_series"]["new"] == str(series["first"])
    page = client.get(f"{TEST_PLAN_URL}/reporting/").content.decode()
    assert "Before each meeting of the series “Performance board”" in page
    assert "before Performance board, 1 February 2024</a> (current)" in page  # today 15 January

    # Monthly again: the series is dropped (the database allows it on meeting cycles only).
    monthly = cycle_data(frequency="monthly", meeting_series=series["first"].pk)
    assert client.post(f"{TEST_PLAN_URL}/reporting/edit/", monthly).status_code == 302
    assert ReportingCycle.objects.get().meeting_series is None


def test_a_series_that_does_not_review_the_plan_is_refused(client, administrator, series):
    other_series = meeting_create(title="Equality board", date=FEB_1, chair="X",
        plans=[series["other"]], author=administrator, compare_from=D(2024, 1, 1))  # fmt: skip
    client.force_login(administrator)
    data = cycle_data(meeting_series=other_series.pk)
    response = client.post(f"{TEST_PLAN_URL}/reporting/edit/", data)
    assert response.status_code == 200 and not ReportingCycle.objects.exists()


def test_the_meetings_chair_is_found_by_name_never_guessed(db):
    cara = make_user("cjones", groups=(GROUP_REVIEWERS,), first_name="Cara", last_name="Jones")
    make_user("cjones2", groups=(GROUP_EDITORS,), first_name="Cara", last_name="Jones")  # no ACC
    assert account_named("ACC Cara Jones") == cara
    assert account_named("cjones") == cara
    assert account_named("ACC Jordan Reid") is None
    make_user("cara", groups=(GROUP_REVIEWERS,), first_name="Cara", last_name="Jones")
    assert account_named("ACC Cara Jones") is None  # two ACCs of that name: neither


def test_the_late_list_falls_back_to_the_cycles_chair(db):
    fallback = make_user("fallback", groups=(GROUP_REVIEWERS,))
    cycle = ReportingCycle(plan=default_plan(), chair=fallback)
    period = schedule.period_on(rules(FEB_1), D(2024, 1, 26))
    assert late_list_recipient(cycle, period) == (
        fallback, "no single account is named “ACC Cara Jones”")  # fmt: skip
