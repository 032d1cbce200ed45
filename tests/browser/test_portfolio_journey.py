"""Following several plans in a real browser: the portfolio, the header's plan switcher (by keyboard,
without JavaScript), and the pages across plans — each axe clean and reflowing at 320 px."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import check_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def portfolio(plan, fixed_today):
    """The browser plan (the test plan) plus an equality plan with one overdue activity of Casey's
    role, and a closed plan."""
    from activities.models import Plan
    from owners.models import OwnerRole
    from tests import factories as f

    equality = f.make_plan("Equality, diversity and inclusion plan", short_name="equality")
    theme = f.make_theme("Fair treatment", plan=equality, position=1)
    role = OwnerRole.objects.get(title="Head of Corporate Communications")
    f.make_activity(
        reference="1.1",
        theme=theme,
        owners=[role],
        text="We will publish stop and search data each month.",
        due=fixed_today - datetime.timedelta(days=20),
    )
    closed = f.make_plan("Engagement plan 2019 – 2021", short_name="engagement-2019")
    f.make_theme("Old theme", plan=closed, position=1)
    Plan.objects.filter(pk=closed.pk).update(state=Plan.State.CLOSED)
    return equality


def test_portfolio_lists_plans_and_is_accessible(page, portfolio):
    sign_in(page, "alex")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plans")
    table = page.get_by_role("table", name="Plans in use")
    for title in ("Equality, diversity and inclusion plan", "Test plan"):
        expect(table.get_by_role("link", name=title, exact=True)).to_be_visible()
    closed = page.locator("details.plan-portfolio-closed")
    expect(closed.get_by_role("link", name="Engagement plan 2019 – 2021")).to_be_hidden()
    check_page(page, "portfolio", reflow=True)
    closed.locator("summary").click()
    expect(closed.get_by_role("link", name="Engagement plan 2019 – 2021")).to_be_visible()
    table.get_by_role("link", name="1 overdue in Equality, diversity and inclusion plan").click()
    expect(page).to_have_url(f"{page.url.split('/plans/')[0]}/plans/equality/activities/?overdue=1")
    expect(page.get_by_text("1 activity", exact=True)).to_be_visible()


def test_switcher_opens_by_keyboard_and_goes_to_the_same_page_of_another_plan(page, portfolio):
    sign_in(page, "casey")
    page.goto("/plans/test-plan/activities/")
    summary = page.locator(".plan-switcher summary")
    expect(summary).to_contain_text("Plan: Test plan")
    summary.focus()
    page.keyboard.press("Enter")
    link = page.get_by_role("navigation", name="Plans").get_by_role(
        "link", name="Equality, diversity and inclusion plan"
    )
    expect(link).to_be_visible()
    check_page(page, "plan-switcher-open", reflow=True)
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{page.url.split('/plans/')[0]}/plans/equality/activities/")
    expect(page.locator(".plan-switcher summary")).to_contain_text(
        "Plan: Equality, diversity and inclusion plan"
    )
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(
        "Equality, diversity and inclusion plan"
    )


def test_switcher_works_without_javascript(browser, live_server, portfolio):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "casey")
        page.goto("/plans/test-plan/")
        page.locator(".plan-switcher summary").click()
        page.get_by_role("navigation", name="Plans").get_by_role(
            "link", name="Equality, diversity and inclusion plan"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Plan dashboard")
        expect(page.locator(".govuk-caption-l")).to_contain_text("Equality")
    finally:
        context.close()


def test_pages_across_plans_are_accessible(page, portfolio):
    sign_in(page, "casey")
    page.goto("/my/")
    expect(page.get_by_role("cell", name="Equality, diversity and inclusion plan")).to_be_visible()
    check_page(page, "my-activities-across-plans", reflow=True)
    page.goto("/overdue/")
    expect(page.get_by_text("Overdue review of every plan in use")).to_be_visible()
    check_page(page, "overdue-across-plans", reflow=True)
    page.goto("/plans/engagement-2019/")
    expect(page.get_by_text("This plan is closed.")).to_be_visible()
    check_page(page, "closed-plan-dashboard", reflow=True)
