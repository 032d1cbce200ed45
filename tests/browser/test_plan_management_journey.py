"""An administrator manages plans in a real browser, with and without JavaScript: creates one,
renames it, starts the test plan's successor carrying two open activities, closes the old plan;
every page axe-clean (axe needs JavaScript, so it runs in the scripted journey), and the carried
activity's page links back to its origin."""

import pytest
from playwright.sync_api import expect

from activities.models import Activity, Plan
from tests.browser.helpers import check_page, sign_in
from tests.factories import TEST_PLAN, TEST_PLAN_URL


@pytest.mark.parametrize("scripts", [True, False], ids=["javascript", "no-javascript"])
def test_administrator_creates_renames_and_starts_a_successor(new_context, plan, scripts):
    page = new_context(java_script_enabled=scripts).new_page()

    def check(name: str, **options) -> None:
        if scripts:
            check_page(page, name, **options)

    sign_in(page, "ada")

    page.goto("/")
    page.get_by_role("link", name="Create a plan").click()
    check("plan-create", reflow=True)
    page.get_by_label("Title").fill("Digital strategy")
    page.get_by_role("button", name="Create the plan").click()
    expect(page.get_by_role("alert").filter(has_text="Success")).to_contain_text(
        "Plan “Digital strategy” created."
    )
    check("plan-settings", reflow=True)
    page.get_by_label("Title").fill("Digital strategy 2025 – 2028")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#history")).to_be_visible()
    expect(page.locator(".plan-timeline__item").first).to_contain_text(
        "Digital strategy 2025 – 2028"
    )

    page.goto(TEST_PLAN_URL + "/")
    page.get_by_role("link", name="Plan settings and history").click()
    page.get_by_role("link", name="Start a successor plan").click()
    check("plan-successor", reflow=True)
    page.get_by_label("Title").fill("Test plan 2024 – 2026")
    page.get_by_label("1.2 (On track)").check()
    page.get_by_label("2.1 (At risk)").check()
    page.get_by_label("Close the earlier plan").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the successor plan before starting it"
    )
    check("plan-successor-confirm", reflow=True)
    assert not Plan.objects.filter(title="Test plan 2024 – 2026").exists()
    page.get_by_role("button", name="Start the successor plan").click()
    expect(page.get_by_role("alert").filter(has_text="Success")).to_contain_text(
        "carrying 2 activities"
    )

    successor = Plan.objects.get(title="Test plan 2024 – 2026")
    assert Plan.objects.get(short_name=TEST_PLAN).is_closed
    assert sorted(Activity.objects.in_plans(successor).values_list("reference", flat=True)) == [
        "1.2",
        "2.1",
    ]
    page.goto(f"/plans/{successor.short_name}/activities/2.1/")
    page.get_by_role("link", name="Test plan, activity 2.1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activity 2.1")
    expect(page.get_by_text("Carried into")).to_be_visible()
    check("activity-carried-into")
