"""The core tasks work with JavaScript switched off: sign in, filter the list, post a status update."""

import re

from playwright.sync_api import expect

from activities.models import Activity
from tests.browser.helpers import sign_in
from tests.factories import TEST_PLAN_URL


def test_sign_in_filter_and_post_an_update_without_javascript(new_context, plan):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "casey")
    # supported.js marks the body when scripts run; here none do.
    expect(page.locator("body")).not_to_have_class(re.compile("govuk-frontend-supported"))
    page.goto(TEST_PLAN_URL + "/activities/")
    page.get_by_label("Owner role").select_option(label="Head of Corporate Communications")
    page.get_by_role("group", name="Status").get_by_label("At risk").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_have_text("2 activities")

    page.get_by_role("link", name="2.2", exact=True).click()
    page.get_by_role("group", name="Status").get_by_label("On track").check()
    page.get_by_label("Commentary", exact=True).fill("Contract signed; fieldwork starts in March.")
    page.get_by_role("button", name="Post status update").click()

    expect(page.get_by_role("alert").filter(has_text="Success")).to_contain_text(
        "Status update posted."
    )
    expect(page.locator(".plan-timeline__item").first).to_contain_text(
        "Contract signed; fieldwork starts in March."
    )
    assert Activity.objects.get(reference="2.2").current_status == "on_track"
