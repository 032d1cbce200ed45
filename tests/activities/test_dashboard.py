import datetime

import pytest

from activities import services
from activities.dashboard import Dashboard
from activities.models import Status
from tests.conftest import FIXED_TODAY
from tests.factories import make_activity, make_role, make_theme


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
        today=fixed_today, now=datetime.datetime(2024, 1, 15, 12, tzinfo=datetime.UTC)
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
    html = client.get("/").content.decode()
    assert 'href="/activities/?overdue=1">1 activity' in html
    assert (
        "/activities/?due_after=2024-01-15&amp;due_before=2024-04-14&amp;status=not_started" in html
    )
    assert 'href="/activities/?stale=1">' in html


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
    html = client.get("/").content.decode()
    assert "Update number 11." in html
    assert "Update number 2." in html
    assert "Update number 1." not in html


@pytest.mark.django_db
def test_dashboard_page_structure(client, editor):
    make_activity()
    client.force_login(editor)
    html = client.get("/").content.decode()
    assert "<title>Dashboard – Plan Tracker</title>" in html
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
    with django_assert_max_num_queries(11):
        response = client.get("/")
    assert response.status_code == 200
