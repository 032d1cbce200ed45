"""An administrator sets a monthly reporting cycle in the browser; the reporting pages and the
email choices page pass axe and reflow, and the dashboard links to who has not updated."""

from playwright.sync_api import expect

from tests.browser.helpers import check_page, sign_in
from tests.factories import TEST_PLAN_URL


def test_an_administrator_sets_a_monthly_cycle_and_reads_who_has_not_updated(page, plan):
    sign_in(page, "ada")
    page.goto(TEST_PLAN_URL + "/")
    page.get_by_role("link", name="Reporting").click()
    page.get_by_role("link", name="Set up a reporting cycle").click()
    check_page(page, "cycle-form", reflow=True)
    page.get_by_label("Monthly").check()
    page.get_by_label("Reporting from").fill("2024-01-01")
    page.get_by_label("Grace period (working days after the deadline)").fill("9")
    page.get_by_role("button", name="Save the reporting cycle").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The grace period must end")
    check_page(page, "cycle-form-error")
    page.get_by_label("Grace period (working days after the deadline)").fill("1")
    page.get_by_role("button", name="Save the reporting cycle").click()
    expect(page.get_by_role("main")).to_contain_text("Monthly, from 1 January 2024")
    check_page(page, "cycle", reflow=True)

    page.goto(TEST_PLAN_URL + "/")
    page.get_by_role("link", name="Awaiting an update").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has not updated")
    expect(page.get_by_role("main")).to_contain_text("Head of Corporate Communications")
    check_page(page, "cycle-period", reflow=True)


def test_the_email_choices_page_is_accessible(page, plan):
    sign_in(page, "casey")
    page.get_by_role("link", name="Email choices").click()
    expect(page.get_by_role("main")).to_contain_text("You hold a lead owner role")
    page.get_by_label("Reminders before the deadline").uncheck()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_role("main")).to_contain_text("Your email choices are saved.")
    check_page(page, "cycle-mail-choices", reflow=True)


def test_an_administrator_sets_a_cycle_before_each_meeting(page, plan):
    import datetime

    from activities.services.meetings import meeting_create
    from tests.factories import default_plan

    meeting_create(title="Performance board", date=datetime.date(2024, 2, 1),
        chair="ACC Alex Carter", plans=[default_plan()], author=plan.people.administrator,
        compare_from=datetime.date(2023, 12, 1))  # fmt: skip
    sign_in(page, "ada")
    page.goto(TEST_PLAN_URL + "/reporting/edit/")
    page.get_by_label("Before each meeting of a series").check()
    page.get_by_label("Reporting from").fill("2024-01-01")
    page.get_by_role("button", name="Save the reporting cycle").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the meeting series")
    check_page(page, "cycle-form-meeting-error", reflow=True)
    page.get_by_label("Performance board (from 1 February 2024, 1 meeting so far)").check()
    page.get_by_role("button", name="Save the reporting cycle").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Before each meeting of the series “Performance board”")
    expect(main).to_contain_text("before Performance board, 1 February 2024 (current)")
    check_page(page, "cycle-meeting", reflow=True)
