"""The overdue review prints as a meeting pack: the activities, without navigation or filters."""

from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import TEST_PLAN_URL


def test_printed_overdue_review_hides_navigation_and_filters_and_shows_the_activities(page, plan):
    sign_in(page, "alex")
    page.goto(TEST_PLAN_URL + "/activities/overdue/")
    navigation = page.get_by_role("navigation", name="Menu")
    filters = page.get_by_role("button", name="Apply filters")
    expect(navigation).to_be_visible()
    expect(filters).to_be_visible()

    page.emulate_media(media="print")

    expect(navigation).to_be_hidden()
    expect(filters).to_be_hidden()
    expect(page.get_by_label("Owner role", exact=True)).to_be_hidden()
    expect(page.get_by_role("link", name="Skip to main content")).to_be_hidden()
    expect(page.get_by_role("link", name="Download CSV of the overdue review")).to_be_hidden()
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(4)  # 1.1, 2.1, 2.3 and 3.1, each under its one owner role
    for row in rows.all():
        expect(row).to_be_visible()
    expect(page.get_by_role("heading", name="Head of Corporate Communications")).to_be_visible()
