"""axe-core on every page, signed out and in, with screenshots at desktop and mobile width.

Main pages are also checked for reflow: no horizontal scrolling at 320 CSS pixels (WCAG 1.4.10).
Screenshots go to artefacts/screenshots/<name>-<desktop|mobile>.png.
"""

import re

import pytest
from playwright.sync_api import expect

from activities import services
from activities.forms import ActivityForm
from activities.models import Activity
from tests.browser.helpers import check_page, sign_in
from tests.factories import TEST_PLAN_URL

# name, who signs in, path, expected HTTP status, text the main content shows, main page (reflow)
PAGES = [
    ("portfolio", "casey", "/", 200, "Plans", True),
    ("dashboard", "casey", TEST_PLAN_URL + "/", 200, "Plan dashboard", True),
    ("activities", "casey", TEST_PLAN_URL + "/activities/", 200, "Activities", True),
    (
        "activities-filtered",
        "casey",
        TEST_PLAN_URL
        + "/activities/?q=Corporate+Communications&status=at_risk&status=on_track&overdue=1"
        "&due_after=1/1/2023",
        200,
        "2 activities",
        True,
    ),
    (
        "overdue-review",
        "alex",
        TEST_PLAN_URL + "/activities/overdue/",
        200,
        "Overdue activities",
        True,
    ),
    ("my-activities", "casey", "/my/", 200, "My activities", True),
    ("activity", "casey", TEST_PLAN_URL + "/activities/2.1/", 200, "Activity 2.1", True),
    ("activity-reviewer", "alex", TEST_PLAN_URL + "/activities/2.1/", 200, "Activity 2.1", False),
    ("activity-edit", "ada", TEST_PLAN_URL + "/activities/2.1/edit/", 200, "Edit activity", True),
    ("403", "olly", TEST_PLAN_URL + "/activities/", 403, "You do not have permission", False),
    ("404", "casey", TEST_PLAN_URL + "/activities/99.99/", 404, "Page not found", False),
]


def test_sign_in_page_is_accessible(page, plan):
    response = page.goto("/accounts/login/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Plan Tracker")
    check_page(page, "sign-in", reflow=True)


def test_sign_in_error_is_accessible(page, plan):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page, "sign-in-error")


@pytest.mark.parametrize(
    ("name", "username", "path", "status", "shows", "main"), PAGES, ids=[p[0] for p in PAGES]
)
def test_page_is_accessible(page, plan, name, username, path, status, shows, main):
    sign_in(page, username)
    response = page.goto(path)
    assert response.status == status
    expect(page.get_by_role("main")).to_contain_text(shows)
    check_page(page, name, reflow=main)


def test_activity_page_with_a_validation_error_is_accessible(page, plan):
    sign_in(page, "casey")
    page.goto(TEST_PLAN_URL + "/activities/2.3/")
    page.get_by_role("group", name="Status").get_by_label("Off track").check()
    page.get_by_role("button", name="Post status update").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page, "activity-error")


def test_edit_page_refusing_a_concurrent_change_is_accessible(page, plan):
    sign_in(page, "ada")
    page.goto(TEST_PLAN_URL + "/activities/2.1/edit/")
    activity = Activity.objects.get(reference="2.1")
    someone_else = ActivityForm.initial_for(activity)
    services.activity_update(
        activity=activity,
        fields=services.ActivityFields(
            theme=activity.theme,
            text=someone_else["text"] + " Online too.",
            timescale_label=activity.timescale_label,
            ongoing=activity.ongoing,
            owners=activity.owner_roles(),
            milestones=[
                services.MilestoneSpec(label=m.label, due=m.due, completed=m.completed)
                for m in activity.milestones.all()
            ],
        ),
        expected_version=activity.version,
        author=plan.people.second_editor,
    )
    page.get_by_label("Timescale", exact=True).fill("Winter 2023 and March 2024")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#concurrent-changes")).to_contain_text("Erin Editor")
    check_page(page, "activity-edit-concurrent-change")
