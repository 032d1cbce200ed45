"""An editor re-dates a commitment without JavaScript (seeing the change and giving a reason first),
and completes the last milestone of another, accepting the offer to mark it complete. axe runs
where JavaScript is on (it is JavaScript)."""

import datetime
import re

from playwright.sync_api import expect

from activities.models import Activity, Milestone
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import TEST_PLAN_URL


def test_editor_re_dates_an_overdue_commitment_with_a_reason(new_context, plan):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "casey")
    page.goto(TEST_PLAN_URL + "/activities/2.1/")
    expect(page.locator(".govuk-summary-list").get_by_text("Overdue")).to_be_visible()
    page.get_by_role("link", name="Edit this activity").click()

    page.get_by_label("Timescale", exact=True).fill("Spring 2027")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_title(re.compile(r"^Check the new timescale of activity 2.1"))
    expect(page.get_by_role("main")).to_contain_text("Autumn 2023 (due 2023-11-30)")
    expect(page.get_by_role("main")).to_contain_text("Spring 2027 (due 2027-05-31)")

    page.get_by_role("button", name="Save the new timescale").click()  # no reason yet
    expect(page).to_have_title(re.compile(r"^Error: Check the new timescale"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason")

    page.get_by_label("Why is the timescale changing?").fill("Print budget moved to 2027.")
    page.get_by_role("button", name="Save the new timescale").click()

    expect(page.get_by_role("alert").filter(has_text="Success")).to_contain_text("Activity saved.")
    expect(page.locator(".govuk-summary-list").get_by_text("Overdue")).to_have_count(0)
    history = page.locator(".plan-timeline__item").first
    expect(history).to_contain_text("Reason: Print budget moved to 2027.")
    expect(history).to_contain_text("Casey")
    assert Activity.objects.get(reference="2.1").next_due == datetime.date(2027, 5, 31)


def test_re_baseline_confirmation_page_is_accessible(page, plan):
    sign_in(page, "casey")
    page.goto(TEST_PLAN_URL + "/activities/2.1/edit/")
    page.get_by_label("Timescale", exact=True).fill("Spring 2027")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Save the new timescale").click()
    expect(page).to_have_title(re.compile(r"^Error: Check the new timescale"))
    assert_accessible(page)


def test_completing_the_last_milestone_offers_to_mark_the_activity_complete(page, plan):
    sign_in(page, "casey")
    page.goto(TEST_PLAN_URL + "/activities/2.2/")
    page.get_by_role("group", name="Status").get_by_label("On track").check()
    page.get_by_role("group", name="Did this update complete a milestone?").get_by_label(
        "April 2024"
    ).check()
    page.get_by_label("When was the milestone completed?").fill("2024-01-12")
    page.get_by_role("button", name="Post status update").click()

    offer = page.get_by_role("region", name="Every milestone is complete")
    expect(offer).to_be_visible()
    assert_accessible(page)
    assert Milestone.objects.get(activity__reference="2.2").completed_on == datetime.date(
        2024, 1, 12
    )

    offer.get_by_role("button", name="Mark the activity complete").click()

    expect(page.get_by_role("alert").filter(has_text="Success")).to_contain_text(
        "Status update posted."
    )
    expect(page.get_by_role("region", name="Every milestone is complete")).to_have_count(0)
    # The database is read once the pages are done: the live server shares its connection.
    assert Activity.objects.get(reference="2.2").current_status == "complete"
    assert Milestone.objects.get(activity__reference="2.2").completed_on == datetime.date(
        2024, 1, 12
    )
