import datetime

import pytest

from activities import services
from activities.dashboard import Dashboard
from activities.models import Status
from activities.timescales import MilestoneSpec
from tests.conftest import FIXED_TODAY
from tests.factories import TEST_PLAN_URL, make_activity, make_role, make_theme, the_plan


@pytest.mark.django_db
def test_counts_per_status_for_plan_and_theme(fixed_today, editor):
    first, second = make_theme("First"), make_theme("Second")
    role = make_role()
    for theme, status in [
        (first, Status.ON_TRACK),
        (first, Status.ON_TRACK),
        (second, Status.OFF_TRACK),
    ]:
        activity = make_activity(theme=theme, owners=[role])
        services.status_update_create(
            activity=activity, status=status, commentary="why", author=editor
        )
    make_activity(theme=second, owners=[role])
    board = Dashboard(
        plan=the_plan(),
        today=fixed_today,
        now=datetime.datetime(2024, 1, 15, 12, tzinfo=datetime.UTC),
    )
    plan, themes = board.progress()
    assert plan.counts == {Status.ON_TRACK: 2, Status.OFF_TRACK: 1, Status.NOT_STARTED: 1}
    assert [(t.title, t.total) for t in themes] == [("First", 2), ("Second", 2)]
    assert sum(segment["width"] for segment in themes[1].bar()) == pytest.approx(100)


@pytest.mark.django_db
def test_attention_counts_link_to_filtered_list(client, editor, fixed_today):
    make_activity(due=datetime.date(2023, 12, 1))  # overdue
    make_activity(due=datetime.date(2024, 3, 1))  # due within 90 days
    make_activity(due=datetime.date(2025, 1, 1))  # later
    client.force_login(editor)
    html = client.get(TEST_PLAN_URL + "/").content.decode()
    assert 'href="/plans/test-plan/activities/?overdue=1">1 activity' in html
    assert (
        TEST_PLAN_URL
        + "/activities/?due_after=2024-01-15&amp;due_before=2024-04-14&amp;status=not_started"
        in html
    )
    assert 'href="/plans/test-plan/activities/?stale=1">' in html


@pytest.mark.django_db
def test_latest_updates_shows_ten_newest(client, editor):
    activity = make_activity()
    for number in range(12):
        services.status_update_create(
            activity=activity,
            status=Status.ON_TRACK,
            commentary=f"Update number {number}.",
            author=editor,
        )
    client.force_login(editor)
    html = client.get(TEST_PLAN_URL + "/").content.decode()
    assert "Update number 11." in html
    assert "Update number 2." in html
    assert "Update number 1." not in html


@pytest.mark.django_db
def test_dashboard_page_structure(client, editor):
    make_activity()
    client.force_login(editor)
    html = client.get(TEST_PLAN_URL + "/").content.decode()
    assert "<title>Dashboard: Test plan – Plan Tracker</title>" in html
    assert html.count("<h1") == 1
    assert 'role="img"' in html
    assert "Not started: 1" in html


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 200])
def test_dashboard_query_count_is_constant(
    client, editor, django_assert_max_num_queries, size, fixed_today
):
    themes = [make_theme() for _ in range(3)]
    role = make_role()
    for number in range(size):
        activity = make_activity(
            theme=themes[number % 3],
            owners=[role],
            due=FIXED_TODAY + datetime.timedelta(days=number - 5),
        )
        if number % 2:
            services.status_update_create(activity=activity, status=Status.ON_TRACK, author=editor)
    client.force_login(editor)
    # 13: + looking up the plan's reporting cycle (none here; with one, its count is one more:
    # tests/activities/test_cycle_due.py), + the header's plan switcher.
    with django_assert_max_num_queries(13):
        response = client.get(TEST_PLAN_URL + "/")
    assert response.status_code == 200


def due_soon(board: Dashboard):
    (item,) = [item for item in board.attention() if item.label.startswith("Due in the next")]
    return item


def dashboard_on(today: datetime.date) -> Dashboard:
    return Dashboard(
        plan=the_plan(), today=today, now=datetime.datetime(2024, 1, 15, 12, tzinfo=datetime.UTC)
    )


@pytest.mark.django_db
def test_due_soon_counts_an_activity_with_an_overdue_milestone_and_another_due_next_month(
    fixed_today,
):
    make_activity(
        milestones=[
            MilestoneSpec("December 2023", datetime.date(2023, 12, 31)),
            MilestoneSpec("February 2024", datetime.date(2024, 2, 29)),
        ]
    )

    assert due_soon(dashboard_on(fixed_today)).count == 1


@pytest.mark.django_db
def test_due_soon_caption_names_the_window_not_one_milestone(fixed_today, test_plan):
    hint = due_soon(dashboard_on(fixed_today)).hint

    assert hint == "Open, with a milestone due from today to 14 April 2024."
    assert "next milestone" not in hint


@pytest.mark.django_db
def test_due_soon_count_equals_the_list_it_links_to(client, editor, fixed_today):
    both = [
        MilestoneSpec("December 2023", datetime.date(2023, 12, 31)),
        MilestoneSpec("March 2024", datetime.date(2024, 3, 31)),
    ]
    make_activity(reference="1.1", milestones=both)  # overdue, and due in the window
    make_activity(reference="1.2", due=fixed_today)  # due today: in the window
    make_activity(reference="1.3", due=datetime.date(2024, 4, 14))  # the window's last day
    make_activity(reference="1.4", due=datetime.date(2024, 4, 15))  # after it
    make_activity(reference="1.5", due=datetime.date(2023, 12, 1))  # only overdue
    make_activity(
        reference="1.6",
        milestones=[MilestoneSpec("March 2024", datetime.date(2024, 3, 1), completed=True)],
    )
    make_activity(reference="1.7", ongoing=True)
    closed = make_activity(reference="1.8", due=datetime.date(2024, 3, 1))
    services.status_update_create(
        activity=closed, status=Status.WITHDRAWN, commentary="Dropped", author=editor
    )
    item = due_soon(dashboard_on(fixed_today))
    client.force_login(editor)
    listed = client.get(item.url).context["filter"].qs

    assert sorted(listed.values_list("reference", flat=True)) == ["1.1", "1.2", "1.3"]
    assert item.count == listed.count() == 3
