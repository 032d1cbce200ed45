"""The activities list: who may see it, what a row shows, sorting, paging, and a fixed query budget."""

import datetime
import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Status
from tests.factories import TEST_PLAN, make_activity, make_role, make_theme

LIST_URL = reverse("activities:list", args=[TEST_PLAN])
# session, user, permissions (2), the plan, count, page, owners, theme and role choices, the
# header's plan switcher
QUERY_BUDGET = 11


def references(response) -> list[str]:
    assert response.status_code == 200
    return [row.record.reference for row in response.context["table"].paginated_rows]


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_outsider_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get(LIST_URL).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["editor", "reviewer", "administrator"])
def test_every_plan_group_sees_the_list(client, persona, request):
    make_activity(reference="1.1")
    client.force_login(request.getfixturevalue(persona))
    assert references(client.get(LIST_URL)) == ["1.1"]


@pytest.mark.django_db
def test_row_shows_link_owners_lead_first_overdue_marker_and_status(client, editor, fixed_today):
    lead, second = make_role("Head of Comms"), make_role("ACC Local Policing")
    activity = make_activity(
        reference="1.4",
        text="We will " + "hold surgeries " * 20,
        owners=[lead, second],
        due=datetime.date(2023, 12, 31),
    )
    services.status_update_create(activity=activity, status=Status.AT_RISK, commentary="Late")
    client.force_login(editor)
    page = client.get(LIST_URL).content.decode()
    assert f'<a class="govuk-link" href="{activity.get_absolute_url()}">1.4</a>' in page
    assert re.search(r"<li>Head of Comms</li>\s*<li>ACC Local Policing</li>", page)
    assert "31 Dec 2023" in page
    assert ">Overdue</strong>" in page
    assert '<strong class="govuk-tag govuk-tag--orange">At risk</strong>' in page
    assert "15 Jan 2024" in page  # last updated (the status update, at fixed now)
    assert "hold surgeries " * 20 not in page  # truncated on screen


@pytest.mark.django_db
def test_activity_not_yet_due_has_no_overdue_marker(client, editor, fixed_today):
    make_activity(due=datetime.date(2024, 3, 31))
    client.force_login(editor)
    page = client.get(LIST_URL).content.decode()
    assert "31 Mar 2024" in page
    assert ">Overdue</strong>" not in page


@pytest.mark.django_db
def test_count_and_caption_are_in_text(client, editor):
    for _ in range(3):
        make_activity()
    client.force_login(editor)
    page = client.get(LIST_URL).content.decode()
    assert "3 activities" in page
    assert '<caption class="govuk-table__caption' in page


@pytest.mark.django_db
def test_default_order_is_plan_order(client, editor):
    first, second = make_theme(position=1), make_theme(position=2)
    make_activity(reference="2.1", theme=second)
    make_activity(reference="1.2", theme=first)
    make_activity(reference="1.10", theme=first)
    client.force_login(editor)
    assert references(client.get(LIST_URL)) == ["1.2", "1.10", "2.1"]


@pytest.mark.django_db
def test_sort_by_reference_is_natural_not_alphabetical(client, editor):
    theme = make_theme(position=1)
    for reference in ["1.1", "1.2", "1.10"]:
        make_activity(reference=reference, theme=theme)
    client.force_login(editor)
    assert references(client.get(LIST_URL, {"sort": "reference"})) == ["1.1", "1.2", "1.10"]
    assert references(client.get(LIST_URL, {"sort": "-reference"})) == ["1.10", "1.2", "1.1"]


@pytest.mark.django_db
def test_sort_by_theme_follows_theme_position(client, editor):
    make_activity(reference="2.1", theme=make_theme("A later theme", position=2))
    make_activity(reference="1.1", theme=make_theme("Z first theme", position=1))
    client.force_login(editor)
    assert references(client.get(LIST_URL, {"sort": "theme"})) == ["1.1", "2.1"]
    assert references(client.get(LIST_URL, {"sort": "-theme"})) == ["2.1", "1.1"]


@pytest.mark.django_db
def test_sort_by_next_due_puts_undated_last_both_ways(client, editor):
    make_activity(reference="1.1", ongoing=True)
    make_activity(reference="1.2", due=datetime.date(2024, 6, 30))
    make_activity(reference="1.3", due=datetime.date(2024, 3, 31))
    client.force_login(editor)
    assert references(client.get(LIST_URL, {"sort": "next_due"})) == ["1.3", "1.2", "1.1"]
    assert references(client.get(LIST_URL, {"sort": "-next_due"})) == ["1.2", "1.3", "1.1"]


@pytest.mark.django_db
def test_sort_by_status_follows_the_status_order(client, editor):
    statuses = {"1.1": Status.OFF_TRACK, "1.2": Status.ON_TRACK, "1.3": Status.AT_RISK}
    for reference, status in statuses.items():
        activity = make_activity(reference=reference)
        services.status_update_create(activity=activity, status=status, commentary="Why")
    make_activity(reference="1.4")  # not started
    client.force_login(editor)
    assert references(client.get(LIST_URL, {"sort": "status"})) == ["1.4", "1.2", "1.3", "1.1"]


@pytest.mark.django_db
def test_sort_by_last_updated_puts_never_updated_last(client, editor):
    older = timezone.make_aware(datetime.datetime(2023, 5, 1, 9))
    newer = timezone.make_aware(datetime.datetime(2023, 9, 1, 9))
    for reference, at in [("1.1", newer), ("1.2", older)]:
        activity = make_activity(reference=reference)
        services.status_update_create(activity=activity, status=Status.ON_TRACK, at=at)
    make_activity(reference="1.3")
    client.force_login(editor)
    assert references(client.get(LIST_URL, {"sort": "last_updated"})) == ["1.2", "1.1", "1.3"]
    assert references(client.get(LIST_URL, {"sort": "-last_updated"})) == ["1.1", "1.2", "1.3"]


@pytest.mark.django_db
def test_sorted_header_says_so_with_aria_sort(client, editor):
    make_activity()
    client.force_login(editor)
    page = client.get(LIST_URL, {"sort": "-next_due"}).content.decode()
    assert re.search(r'aria-sort="descending">\s*<a[^>]*>Next due', page)
    assert re.search(r'aria-sort="none">\s*<a[^>]*>Reference', page)


@pytest.mark.django_db
def test_pages_of_25_with_govuk_pagination(client, editor):
    theme = make_theme(position=1)
    for number in range(1, 31):
        make_activity(reference=f"1.{number}", theme=theme)
    client.force_login(editor)
    first = client.get(LIST_URL)
    assert len(references(first)) == 25
    assert "30 activities" in first.content.decode()
    assert 'class="govuk-pagination"' in first.content.decode()
    second = client.get(LIST_URL, {"page": 2})
    assert references(second) == [f"1.{number}" for number in range(26, 31)]


def build_plan(count: int, theme, shared_role, today: datetime.date):
    for _ in range(count):
        activity = make_activity(
            theme=theme, owners=[shared_role, make_role()], due=today - datetime.timedelta(days=9)
        )
        services.status_update_create(activity=activity, status=Status.AT_RISK, commentary="Why")


def count_queries(client, url: str, query: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "small_plan"),
    [
        ({}, 10),
        ({"overdue": "1", "q": "commitment", "sort": "-next_due", "status": "at_risk"}, 10),
        ({"page": "2"}, 30),  # page 2 needs more than one page
    ],
)
def test_list_queries_do_not_grow_with_the_plan(
    client, reviewer, fixed_today, django_assert_max_num_queries, query, small_plan
):
    theme, shared_role = make_theme(), make_role("ACC Local Policing")
    build_plan(small_plan, theme, shared_role, fixed_today)
    client.force_login(reviewer)
    small = count_queries(client, LIST_URL, query)
    build_plan(200 - small_plan, make_theme(), shared_role, fixed_today)
    with django_assert_max_num_queries(QUERY_BUDGET):
        large = count_queries(client, LIST_URL, query)
    assert small == large, (small, large)
