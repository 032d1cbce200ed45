"""The communications manager finds their at-risk activities, posts an update, and meets the commentary rule."""

import re

from playwright.sync_api import expect

from activities.models import Activity, StatusUpdate
from tests.browser.helpers import assert_accessible, sign_in


def list_references(page) -> list[str]:
    table = page.get_by_role("table", name="Activities")
    return table.locator("tbody tr").get_by_role("link").all_inner_texts()


def test_comms_manager_updates_an_at_risk_activity_and_must_explain_at_risk(page, plan):
    sign_in(page, "casey")
    page.get_by_role("link", name="Test plan", exact=True).first.click()  # from the portfolio
    page.get_by_role("link", name="Activities", exact=True).first.click()
    page.get_by_label("Owner role").select_option(label="Head of Corporate Communications")
    page.get_by_role("group", name="Status").get_by_label("At risk").check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"owner=\d+.*status=at_risk"))
    expect(page.get_by_role("status")).to_have_text("2 activities")
    assert list_references(page) == ["2.1", "2.2"]
    assert_accessible(page)

    page.get_by_role("link", name="2.1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activity 2.1")
    status = page.get_by_role("group", name="Status")
    status.get_by_label("On track").check()
    page.get_by_label("Commentary", exact=True).fill(
        "Print budget confirmed; first issue went out in November."
    )
    page.get_by_role("group", name="Did this update complete a milestone?").get_by_label(
        "Autumn 2023"
    ).check()
    page.get_by_role("button", name="Post status update").click()

    banner = page.get_by_role("alert").filter(has_text="Success")
    expect(banner).to_contain_text("Status update posted.")
    newest = page.locator(".plan-timeline__item").first
    expect(newest).to_contain_text("Print budget confirmed; first issue went out in November.")
    expect(newest).to_contain_text("On track")
    expect(newest).to_contain_text("Casey Comms")
    milestones = page.get_by_role("table", name="Milestones of activity 2.1")
    expect(milestones.get_by_role("row").filter(has_text="Autumn 2023")).to_contain_text("Complete")
    activity = Activity.objects.get(reference="2.1")
    assert activity.current_status == "on_track"
    assert activity.next_due.isoformat() == "2024-03-31"  # the March 2024 milestone is next

    status.get_by_label("At risk").check()
    page.get_by_label("Commentary", exact=True).fill("")
    page.get_by_role("button", name="Post status update").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    error_link = summary.get_by_role("link", name=re.compile("Enter commentary"))
    expect(error_link).to_have_attribute("href", "#id_update-commentary")
    expect(page.locator("#id_update-commentary-error")).to_contain_text("Enter commentary")
    assert_accessible(page)
    error_link.click()
    expect(page.get_by_label("Commentary", exact=True)).to_be_focused()
    assert StatusUpdate.objects.filter(activity=activity).count() == 3  # nothing was added
    assert Activity.objects.get(reference="2.1").current_status == "on_track"
