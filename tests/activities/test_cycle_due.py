"""The one rule of a period (activities/cycles/due.py → activities_due_update): what counts as an
update, and the "who has not updated" page and the dashboard's count agreeing."""

import datetime
import re

import pytest

from django.utils import timezone

from activities import services
from activities.cycles.due import activities_due_update, who_is_asked, with_holders
from activities.dashboard import Dashboard
from activities.models import ReportingCycle, StatusUpdate
from tests.factories import TEST_PLAN_URL, default_plan, make_activity, make_role, make_user

pytestmark = pytest.mark.django_db
JANUARY = datetime.date(2024, 1, 1)


def moment(day: int, month: int = 1, hour: int = 12):
    return timezone.make_aware(datetime.datetime(2024, month, day, hour))


def make_cycle(**fields):
    fields.setdefault("starts_on", JANUARY)
    return ReportingCycle.objects.create(plan=default_plan(), **fields)


def update(activity, at, **fields):
    fields.setdefault("status", "on_track")
    return services.status_update_create(activity=activity, at=at, **fields)


def test_only_a_status_update_inside_the_period_satisfies_it():
    before = make_activity()
    inside = make_activity()
    reviewed = make_activity()
    last_moment = make_activity()
    update(before, timezone.make_aware(datetime.datetime(2023, 12, 31, 23, 59)))
    update(inside, moment(15))
    update(reviewed, moment(15), kind=StatusUpdate.Kind.REVIEW, commentary="Where is it?")
    update(last_moment, timezone.make_aware(datetime.datetime(2024, 1, 31, 23, 59)))
    period = make_cycle().period_on(datetime.date(2024, 1, 10))

    due = set(activities_due_update(default_plan(), period))

    assert due == {before, reviewed}


def test_a_closed_activity_is_not_due():
    done = make_activity()
    update(done, timezone.make_aware(datetime.datetime(2023, 11, 20, 9)), status="complete")
    open_one = make_activity()
    period = make_cycle().period_on(datetime.date(2024, 1, 10))
    assert list(activities_due_update(default_plan(), period)) == [open_one]


def test_lead_holders_are_asked_and_co_owners_copied_once():
    alice, bob = make_user("alice"), make_user("bob")
    lead, other = make_role(holders=[alice]), make_role(holders=[alice, bob])
    first = make_activity(owners=[lead, other])
    second = make_activity(owners=[other])
    asked = who_is_asked(with_holders(activities_due_update(default_plan(), _period())))
    assert [a.person.username for a in asked] == ["alice", "bob"]
    by_name = {a.person.username: a for a in asked}
    assert by_name["alice"].lead == [first, second]  # second: `other` is its lead role
    assert by_name["alice"].copied == []  # asked for `first`, so not also copied on it
    assert by_name["bob"].lead == [second] and by_name["bob"].copied == [first]


def _period():
    cycle = ReportingCycle.objects.filter(plan=default_plan()).first() or make_cycle()
    return cycle.period_on(datetime.date(2024, 1, 10))


@pytest.mark.parametrize("day", [datetime.date(2024, 1, 10), datetime.date(2024, 1, 29)])
def test_the_page_and_the_dashboard_count_agree(client, editor, monkeypatch, day):
    from activities import clock

    monkeypatch.setattr(clock, "now", lambda: moment(day.day))
    holder = make_user("holder", first_name="Hal")
    role = make_role("Head of Things", holders=[holder])
    activities = [make_activity(owners=[role]) for _ in range(7)]
    for activity in activities[:3]:
        update(activity, moment(5))
    make_cycle()
    client.force_login(editor)

    page = client.get(f"{TEST_PLAN_URL}/reporting/2024-01-01/").content.decode()
    on_page = int(re.search(r"<strong>(\d+) activit", page).group(1))
    listed = set(re.findall(r'activities/(9\.\d+)/"', page))
    board = Dashboard(plan=default_plan(), today=day, now=clock.now()).attention()[-1]

    assert on_page == board.count == len(listed) == 4
    assert listed == {a.reference for a in activities[3:]}
    assert board.label == ("Awaiting an update" if day.day == 10 else "Overdue to update")
    dashboard = client.get(f"{TEST_PLAN_URL}/").content.decode()
    assert "/reporting/2024-01-01/" in dashboard


def test_no_cycle_no_reporting_count_on_the_dashboard(fixed_today):
    make_activity()
    labels = [
        item.label
        for item in Dashboard(
            plan=default_plan(), today=fixed_today, now=timezone.now()
        ).attention()
    ]
    assert labels == ["Overdue", "Due in the next 90 days", "Stale"]


@pytest.mark.parametrize("size", [5, 60])
def test_the_page_query_count_is_constant(
    client, editor, fixed_today, size, django_assert_max_num_queries
):
    roles = [make_role(holders=[make_user()]) for _ in range(3)]
    for number in range(size):
        make_activity(
            owners=[roles[number % 3], roles[(number + 1) % 3]], due=datetime.date(2024, 6, 1)
        )
    make_cycle()
    client.force_login(editor)
    with django_assert_max_num_queries(14):
        response = client.get(f"{TEST_PLAN_URL}/reporting/2024-01-01/")
    assert response.status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"{TEST_PLAN_URL}/reporting/").status_code == 200


@pytest.mark.parametrize("size", [5, 60])
def test_the_reporting_count_costs_the_dashboard_two_queries_at_any_size(
    client, editor, fixed_today, size, django_assert_num_queries
):
    role = make_role(holders=[make_user()])
    for _ in range(size):
        make_activity(owners=[role], due=datetime.date(2024, 6, 1))
    board = Dashboard(plan=default_plan(), today=fixed_today, now=timezone.now())
    with django_assert_num_queries(4):  # the three counts, and finding there is no cycle
        board.attention()
    make_cycle()
    with django_assert_num_queries(5):  # + the cycle, + its count
        items = board.attention()
    assert items[-1].count == size
