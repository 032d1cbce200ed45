"""Addresses from before plans (/activities/…, /export/plan.xlsx) lead to the same page of the one
plan, and to the portfolio once there are several."""

import pytest

from tests.factories import TEST_PLAN_URL, make_activity, make_plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/activities/", TEST_PLAN_URL + "/activities/"),
        (
            "/activities/?overdue=1&sort=next_due",
            TEST_PLAN_URL + "/activities/?overdue=1&sort=next_due",
        ),
        ("/activities/overdue/", TEST_PLAN_URL + "/activities/overdue/"),
        ("/activities/9.1/", TEST_PLAN_URL + "/activities/9.1/"),
        ("/activities/9.1/edit/", TEST_PLAN_URL + "/activities/9.1/edit/"),
        ("/export/plan.xlsx", TEST_PLAN_URL + "/export/plan.xlsx"),
    ],
)
def test_old_address_leads_to_the_same_page_of_the_only_plan(client, reviewer, old, new):
    make_activity(reference="9.1")
    client.force_login(reviewer)
    response = client.get(old)
    assert response.status_code == 302
    assert response["Location"] == new


def test_old_address_leads_to_the_portfolio_once_there_are_several_plans(client, reviewer):
    make_activity(reference="9.1")
    make_plan("Equality plan")
    client.force_login(reviewer)
    response = client.get("/activities/9.1/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_an_activity_of_one_plan_is_not_found_under_another(client, reviewer):
    make_activity(reference="9.1")
    other = make_plan("Equality plan")
    client.force_login(reviewer)
    assert client.get(f"/plans/{other.short_name}/activities/9.1/").status_code == 404
    assert client.get(TEST_PLAN_URL + "/activities/9.1/").status_code == 200


def test_an_unknown_plan_is_not_found(client, reviewer):
    client.force_login(reviewer)
    assert client.get("/plans/no-such-plan/activities/").status_code == 404
