"""The keyboard alone is enough: the skip link comes first, and a status update can be posted."""

from playwright.sync_api import expect

from activities.models import Activity
from tests.browser.helpers import sign_in
from tests.factories import TEST_PLAN_URL

ACTIVE = "document.activeElement"


def tab_to(page, test: str, limit: int = 60) -> None:
    """Press Tab until the focused element passes `test` (a JS expression over `element`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(element => {test})({ACTIVE})"):
            return
    raise AssertionError(f"{test} was never focused after {limit} Tab presses")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(page, plan):
    sign_in(page, "casey")
    page.goto(TEST_PLAN_URL + "/activities/2.3/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()  # visually hidden until focused
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is inside the main content, not the header
    assert page.evaluate(f"document.querySelector('main').contains({ACTIVE})")


def test_status_update_can_be_completed_and_posted_with_the_keyboard_alone(page, plan):
    sign_in(page, "casey")
    page.goto(TEST_PLAN_URL + "/activities/2.3/")
    tab_to(page, "element.name === 'update-status'")
    expect(page.get_by_role("radio", name="On track")).to_be_focused()  # the current status
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="At risk")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Commentary", exact=True)).to_be_focused()
    page.keyboard.type("Two vacancies in the digital team; agency cover from February.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("radio", name="No milestone completed")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("When was the milestone completed?")).to_be_focused()
    tab_to(page, "element.textContent.trim() === 'Post status update'", limit=5)  # past its parts
    expect(page.get_by_role("button", name="Post status update")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert").filter(has_text="Success")).to_contain_text(
        "Status update posted."
    )
    activity = Activity.objects.get(reference="2.3")
    assert activity.current_status == "at_risk"
    latest = activity.status_updates.first()
    assert latest.commentary == "Two vacancies in the digital team; agency cover from February."
