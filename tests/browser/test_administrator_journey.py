"""Two people edit one activity at once: the first save wins, the second is refused and shown why."""

import re

from playwright.sync_api import expect

from activities import services
from activities.models import Activity, ActivityChange
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import TEST_PLAN_URL

ORIGINAL_TEXT = "We will run a survey of public confidence in every district."
ADMINISTRATOR_TEXT = "We will run a survey of public confidence in every district, twice a year."
EDITOR_TEXT = "We will run an online survey of public confidence."


def test_second_editor_is_refused_and_shown_the_first_editors_change(page, new_context, plan):
    before = Activity.objects.get(reference="2.2")
    other_page = new_context().new_page()
    sign_in(page, "ada")
    sign_in(other_page, "erin")
    page.goto(TEST_PLAN_URL + "/activities/2.2/")
    page.get_by_role("link", name="Edit this activity").click()
    other_page.goto(TEST_PLAN_URL + "/activities/2.2/edit/")
    expect(other_page.get_by_label("Commitment")).to_have_value(ORIGINAL_TEXT)

    page.get_by_label("Commitment").fill(ADMINISTRATOR_TEXT)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").filter(has_text="Success")).to_contain_text("Activity saved.")
    expect(page.get_by_text(ADMINISTRATOR_TEXT).first).to_be_visible()

    other_page.get_by_label("Commitment").fill(EDITOR_TEXT)
    other_page.get_by_label("Timescale", exact=True).fill("May 2024")
    other_page.get_by_role("button", name="Save").click()

    expect(other_page).to_have_title(re.compile(r"^Error: Edit activity 2.2"))
    summary = other_page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(services.ConcurrentChangeError.message)
    expect(summary.get_by_role("link").first).to_have_attribute("href", "#concurrent-changes")
    changed = other_page.locator("#concurrent-changes")
    expect(changed.get_by_role("heading")).to_have_text("What changed since you opened this page")
    expect(changed).to_contain_text("Ada Admin")
    change = changed.get_by_role("listitem")
    expect(change).to_have_count(1)
    expect(change).to_contain_text(re.compile(rf"^Commitment: .*{re.escape(ADMINISTRATOR_TEXT)}$"))
    expect(change.locator("del")).to_have_text(ORIGINAL_TEXT)
    # The second editor's typing is kept, so they can decide what to do with it.
    expect(other_page.get_by_label("Commitment")).to_have_value(EDITOR_TEXT)
    assert_accessible(other_page)

    after = Activity.objects.get(reference="2.2")
    assert after.text == ADMINISTRATOR_TEXT
    assert after.timescale_label == before.timescale_label == "April 2024"
    assert after.version == before.version + 1
    last_change = ActivityChange.objects.filter(activity=after).first()
    assert last_change.author.username == "ada"
    assert set(last_change.changes) == {"text"}
