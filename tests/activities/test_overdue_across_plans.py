"""The overdue review across every plan in use ("/overdue/"): each entry names its plan."""

import csv
import datetime
import io

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Plan
from activities.overdue import EXPORT_HEADERS, OverdueReview
from tests.factories import make_activity, make_plan, make_role, make_theme

ACROSS_URL = reverse("activities:overdue-across-plans")
# session, user, permissions (2), role counts, the activity count, the page's entries, their missed
# milestones, the plan and owner filters' choices, and the header's plan switcher
QUERY_BUDGET = 11

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(db, fixed_today):
    """Two plans in use and one closed, each with reference 1.1 overdue, owned by one role."""
    role = make_role("ACC Local Policing")
    late = fixed_today - datetime.timedelta(days=7)
    made = {}
    for title, short_name, state in (
        ("Equality plan", "equality", Plan.State.ACTIVE),
        ("Digital strategy", "digital", Plan.State.ACTIVE),
        ("Old plan", "old", Plan.State.ACTIVE),
    ):
        plan = make_plan(title, short_name=short_name, state=state)
        make_activity(reference="1.1", theme=make_theme(plan=plan), owners=[role], due=late)
        made[short_name] = plan
    Plan.objects.filter(short_name="old").update(state=Plan.State.CLOSED)
    return made


def entries(response) -> list[tuple[str, str]]:
    assert response.status_code == 200
    page = response.context["overdue_page"]
    return [
        (entry.activity.plan.title, entry.activity.reference)
        for group in page.object_list
        for entry in group.entries
    ]


def test_lists_every_plan_in_use_and_names_each_entrys_plan(client, reviewer, plans):
    client.force_login(reviewer)
    response = client.get(ACROSS_URL)
    assert sorted(entries(response)) == [("Digital strategy", "1.1"), ("Equality plan", "1.1")]
    page = response.content.decode()
    assert ">Plan</th>" in page
    assert "Overdue review of every plan in use" in page
    assert 'href="/plans/equality/activities/1.1/"' in page
    assert "Old plan" not in page.split('id="main-content"')[1]


def test_filter_by_plan(client, reviewer, plans):
    client.force_login(reviewer)
    assert entries(client.get(ACROSS_URL, {"plan": "digital"})) == [("Digital strategy", "1.1")]


def test_a_closed_plan_cannot_be_chosen_in_the_filter(client, reviewer, plans):
    client.force_login(reviewer)
    response = client.get(ACROSS_URL, {"plan": "old"})
    assert response.status_code == 200
    assert response.context["review"] is None
    assert "govuk-error-summary" in response.content.decode()


def test_the_review_across_plans_is_the_same_rule_as_each_plans(plans, fixed_today):
    in_use = Plan.objects.current()
    across = OverdueReview(plans=in_use, today=fixed_today)
    one_by_one = sum(OverdueReview(plans=plan, today=fixed_today).activity_count for plan in in_use)
    assert across.activity_count == one_by_one == 2


def test_export_names_the_plan_on_every_row_and_the_file_says_all_plans(
    client, reviewer, plans, fixed_today
):
    client.force_login(reviewer)
    response = client.get(ACROSS_URL, {"_export": "csv"})
    assert response["Content-Disposition"] == (
        'attachment; filename="all-plans-overdue-review-2024-01-15.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == EXPORT_HEADERS
    plan, reference = EXPORT_HEADERS.index("Plan"), EXPORT_HEADERS.index("Reference")
    assert sorted((row[plan], row[reference]) for row in rows[1:]) == [
        ("Digital strategy", "1.1"),
        ("Equality plan", "1.1"),
    ]


def test_editors_cannot_export_it(client, editor, plans):
    client.force_login(editor)
    assert client.get(ACROSS_URL, {"_export": "csv"}).status_code == 403


def test_queries_do_not_grow_with_plans(client, reviewer, plans, fixed_today):
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as few:
        client.get(ACROSS_URL)
    role = make_role("Head of Comms")
    for _ in range(6):
        theme = make_theme(plan=make_plan())
        for _ in range(3):
            make_activity(theme=theme, owners=[role], due=fixed_today - datetime.timedelta(days=2))
    with CaptureQueriesContext(connection) as many:
        response = client.get(ACROSS_URL)
    assert response.context["review"].activity_count == 20
    assert len(few) == len(many) <= QUERY_BUDGET, len(many)


def test_the_menu_off_a_plans_pages_leads_to_it(client, reviewer, plans):
    client.force_login(reviewer)
    menu = client.get(reverse("activities:my")).context["plan_nav"]
    assert ("Overdue review", ACROSS_URL) in [(item.label, item.url) for item in menu]
    on_it = client.get(ACROSS_URL).context["plan_nav"]
    assert [item.url for item in on_it if item.current] == [ACROSS_URL]
    in_plan = client.get(reverse("activities:list", args=["equality"])).context["plan_nav"]
    overdue_links = [item.url for item in in_plan if item.label == "Overdue review"]
    assert overdue_links == [reverse("activities:overdue", args=["equality"])]
