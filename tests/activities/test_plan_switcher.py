"""The header's plan switcher: the plan shown, links to the other plans in use, one query at most."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Plan
from tests.factories import make_activity, make_plan, make_theme

pytestmark = pytest.mark.django_db


def switcher_html(response) -> str:
    page = response.content.decode()
    start = page.index('<div class="govuk-width-container plan-switcher')
    return page[start : page.index("</details>", start)]


# The switcher's one query reads these columns only (PlanSwitcher._plans).
SWITCHER_SELECT = (
    'SELECT "activities_plan"."id", "activities_plan"."title", '
    '"activities_plan"."short_name", "activities_plan"."state" FROM'
)


def switcher_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith(SWITCHER_SELECT)]


@pytest.fixture
def three_plans(db):
    equality = make_plan("Equality plan", short_name="equality")
    digital = make_plan("Digital strategy", short_name="digital")
    closed = make_plan("Old plan", short_name="old", state=Plan.State.CLOSED)
    for plan in (equality, digital, closed):
        make_theme(plan=plan)
    return equality, digital, closed


def test_names_the_current_plan_and_links_to_the_same_page_of_the_others(
    client, reviewer, three_plans
):
    client.force_login(reviewer)
    html = switcher_html(client.get(reverse("activities:list", args=["equality"])))
    assert "Plan: Equality plan" in html
    assert 'href="/plans/digital/activities/">Digital strategy</a>' in html
    assert "Equality plan</a>" not in html  # the plan shown is not offered again
    assert 'href="/">All plans</a>' in html


def test_leaves_out_closed_plans_but_names_a_closed_plan_when_on_it(client, reviewer, three_plans):
    client.force_login(reviewer)
    on_open = switcher_html(client.get(reverse("activities:dashboard", args=["equality"])))
    assert "Old plan" not in on_open
    on_closed = switcher_html(client.get(reverse("activities:dashboard", args=["old"])))
    assert "Plan: Old plan (closed)" in on_closed
    assert 'href="/plans/equality/">Equality plan</a>' in on_closed


def test_from_an_activity_page_the_other_plans_open_at_their_dashboard(
    client, reviewer, three_plans
):
    equality, *_ = three_plans
    activity = make_activity(reference="1.1", theme=equality.themes.get())
    client.force_login(reviewer)
    html = switcher_html(client.get(activity.get_absolute_url()))
    assert 'href="/plans/digital/">Digital strategy</a>' in html


def test_off_a_plan_page_it_offers_every_plan_in_use(client, reviewer, three_plans):
    client.force_login(reviewer)
    html = switcher_html(client.get(reverse("activities:my")))
    assert "Choose a plan" in html
    assert "Equality plan</a>" in html and "Digital strategy</a>" in html
    assert "Old plan" not in html


def test_is_a_details_element_that_works_without_javascript(client, reviewer, three_plans):
    client.force_login(reviewer)
    html = switcher_html(client.get(reverse("activities:portfolio")))
    assert '<details class="govuk-details plan-switcher__details">' in html
    assert '<nav aria-label="Plans">' in html
    assert "<script" not in html and "style=" not in html


def test_costs_one_query_whatever_the_number_of_plans(client, reviewer, three_plans):
    client.force_login(reviewer)
    url = reverse("activities:list", args=["equality"])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(10):
        make_plan(f"More {number}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "More 9</a>" in switcher_html(response)
    assert len(switcher_queries(few)) == len(switcher_queries(many)) == 1
    assert len(many.captured_queries) == len(few.captured_queries)


def test_not_shown_to_people_who_cannot_see_plans(client, outsider, three_plans):
    client.force_login(outsider)
    response = client.get(reverse("activities:portfolio"))
    assert response.status_code == 403
    assert "plan-switcher" not in response.content.decode()


def test_admin_pages_do_not_query_for_it(client, administrator, three_plans):
    client.force_login(administrator)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:index")).status_code == 200
    assert switcher_queries(queries) == []


@pytest.mark.parametrize(
    ("page", "other_page"),
    [
        ("activities:dashboard", "/plans/digital/"),
        ("activities:overdue", "/plans/digital/activities/overdue/"),
        ("activities:cycle", "/plans/digital/reporting/"),
    ],
)
def test_every_page_each_plan_has_switches_to_the_same_page(
    client, reviewer, three_plans, page, other_page
):
    client.force_login(reviewer)
    html = switcher_html(client.get(reverse(page, args=["equality"])))
    assert f'href="{other_page}">Digital strategy</a>' in html
