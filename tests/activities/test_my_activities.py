"""My activities: the signed-in user's owner roles' activities, overdue first, then by next due."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities import services
from activities.models import Plan, Status
from tests.factories import make_activity, make_plan, make_role, make_theme

MY_URL = reverse("activities:my")
# session, user, permissions (2), user's roles, count, page, owners, the plan filter's choices and
# the header's plan switcher
QUERY_BUDGET = 10


def references(response) -> list[str]:
    assert response.status_code == 200
    return [row.record.reference for row in response.context["table"].paginated_rows]


@pytest.mark.django_db
def test_lists_only_activities_of_roles_the_user_holds(client, editor):
    mine, also_mine, other = (
        make_role("Head of Comms", holders=[editor]),
        make_role("Digital Lead", holders=[editor]),
        make_role("ACC Local Policing"),
    )
    make_activity(reference="1.1", owners=[mine])
    make_activity(reference="1.2", owners=[other, also_mine])
    make_activity(reference="1.3", owners=[other])
    client.force_login(editor)
    response = client.get(MY_URL)
    assert sorted(references(response)) == ["1.1", "1.2"]
    assert "Head of Comms" in response.content.decode()


@pytest.mark.django_db
def test_overdue_first_then_by_next_due_with_undated_last(client, editor, fixed_today):
    role = make_role(holders=[editor])
    make_activity(reference="1.1", owners=[role], ongoing=True)
    make_activity(reference="1.2", owners=[role], due=datetime.date(2024, 2, 1))
    make_activity(reference="1.3", owners=[role], due=datetime.date(2023, 12, 1))
    make_activity(reference="1.4", owners=[role], due=datetime.date(2024, 1, 10))
    closed = make_activity(reference="1.5", owners=[role], due=datetime.date(2023, 11, 1))
    services.status_update_create(activity=closed, status=Status.COMPLETE, commentary="Done")
    client.force_login(editor)
    # 1.5 is past its date but complete, so not overdue: it sorts with the rest by next due.
    assert references(client.get(MY_URL)) == ["1.3", "1.4", "1.5", "1.2", "1.1"]


@pytest.mark.django_db
def test_sort_parameters_cannot_reorder_my_activities(client, editor, fixed_today):
    role = make_role(holders=[editor])
    make_activity(reference="1.1", owners=[role], due=datetime.date(2024, 2, 1))
    make_activity(reference="1.2", owners=[role], due=datetime.date(2023, 12, 1))
    client.force_login(editor)
    assert references(client.get(MY_URL, {"sort": "-reference"})) == ["1.2", "1.1"]


@pytest.mark.django_db
def test_user_without_roles_is_told_who_can_assign_them(client, reviewer):
    make_activity()
    client.force_login(reviewer)
    response = client.get(MY_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "You do not hold any owner roles yet" in page
    assert "plan administrator" in page and "admin" in page
    assert response.context["table"] is None


@pytest.mark.django_db
def test_outsider_is_refused_and_anonymous_sent_to_sign_in(client, outsider):
    response = client.get(MY_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(MY_URL).status_code == 403


def build(count: int, role, today: datetime.date):
    for number in range(count):
        due = today + datetime.timedelta(days=number - count // 2)
        make_activity(owners=[role, make_role()], due=due)


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_plan(
    client, editor, fixed_today, django_assert_max_num_queries
):
    role = make_role("Head of Comms", holders=[editor])
    make_role("Digital Lead", holders=[editor])
    build(10, role, fixed_today)
    client.force_login(editor)
    with CaptureQueriesContext(connection) as small:
        assert client.get(MY_URL).status_code == 200
    build(190, role, fixed_today)
    with django_assert_max_num_queries(QUERY_BUDGET), CaptureQueriesContext(connection) as large:
        assert client.get(MY_URL).status_code == 200
    assert len(small) == len(large)


def plan_rows(response) -> list[tuple[str, str]]:
    assert response.status_code == 200
    return [
        (row.record.plan.title, row.record.reference)
        for row in response.context["table"].paginated_rows
    ]


@pytest.fixture
def two_plans(db, editor, fixed_today):
    """The same references in two plans, both owned by the editor's role, one of each overdue."""
    role = make_role("Head of Comms", holders=[editor])
    equality = make_plan("Equality plan", short_name="equality")
    digital = make_plan("Digital strategy", short_name="digital")
    late = fixed_today - datetime.timedelta(days=3)
    later = fixed_today + datetime.timedelta(days=30)
    make_activity(reference="1.1", theme=make_theme(plan=equality), owners=[role], due=later)
    make_activity(reference="1.1", theme=make_theme(plan=digital), owners=[role], due=late)
    return equality, digital


def test_spans_every_plan_in_use_naming_each_rows_plan_overdue_first(client, editor, two_plans):
    client.force_login(editor)
    response = client.get(MY_URL)
    assert plan_rows(response) == [("Digital strategy", "1.1"), ("Equality plan", "1.1")]
    page = response.content.decode()
    assert ">Plan</th>" in page
    assert 'href="/plans/digital/activities/1.1/"' in page
    assert 'href="/plans/equality/activities/1.1/"' in page


def test_filter_by_plan_shows_only_that_plans_activities(client, editor, two_plans):
    client.force_login(editor)
    response = client.get(MY_URL, {"plan": "equality"})
    assert plan_rows(response) == [("Equality plan", "1.1")]
    assert '<option value="equality" selected>Equality plan</option>' in response.content.decode()


def test_an_unknown_plan_in_the_filter_is_an_error_not_a_traceback(client, editor, two_plans):
    client.force_login(editor)
    response = client.get(MY_URL, {"plan": "no-such-plan"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert response.context["table"] is None


def test_leaves_out_closed_plans(client, editor, two_plans):
    equality, _ = two_plans
    Plan.objects.filter(pk=equality.pk).update(state=Plan.State.CLOSED)
    client.force_login(editor)
    assert plan_rows(client.get(MY_URL)) == [("Digital strategy", "1.1")]


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_plans(
    client, editor, fixed_today, django_assert_max_num_queries
):
    role = make_role(holders=[editor])
    build(3, role, fixed_today)
    client.force_login(editor)
    with CaptureQueriesContext(connection) as few:
        assert client.get(MY_URL).status_code == 200
    for _ in range(6):
        theme = make_theme(plan=make_plan())
        make_activity(theme=theme, owners=[role], due=fixed_today)
    with django_assert_max_num_queries(QUERY_BUDGET), CaptureQueriesContext(connection) as many:
        response = client.get(MY_URL)
    assert response.context["table"].paginator.count == 9
    assert len(few) == len(many)
