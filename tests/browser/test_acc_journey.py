"""The ACC prepares for a meeting: overdue review for one owner role, exports, and a review comment."""

import csv
import re

import openpyxl
from playwright.sync_api import expect

from activities.models import Activity, StatusUpdate
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import TEST_PLAN_URL

HEAD_OF_COMMS = "Head of Corporate Communications"


def download(page, link_name, folder):
    """Click a download link; the file, saved under the name the server suggested."""
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(link_name)).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_acc_reviews_overdue_work_for_one_owner_role_exports_it_and_comments(page, plan, tmp_path):
    sign_in(page, "alex")
    page.goto(TEST_PLAN_URL + "/activities/overdue/")
    expect(page.get_by_role("status")).to_contain_text("4 overdue activities")
    page.get_by_label("Owner role", exact=True).select_option(label=HEAD_OF_COMMS)
    page.get_by_role("button", name="Apply filters").click()

    expect(page.get_by_role("status")).to_contain_text("2 overdue activities")
    group = page.get_by_role("region", name=HEAD_OF_COMMS)
    table = group.get_by_role("table")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    # Longest overdue first: 2.1 missed Autumn 2023 (30 Nov), 2.3 missed December 2023 (31 Dec).
    expect(rows.nth(0)).to_contain_text("2.1")
    expect(rows.nth(0).locator("td").nth(1)).to_have_text("46")
    expect(rows.nth(0)).to_contain_text("Print budget not yet confirmed.")
    expect(rows.nth(0)).to_contain_text("35 days ago")
    expect(rows.nth(1)).to_contain_text("2.3")
    expect(rows.nth(1).locator("td").nth(1)).to_have_text("15")
    expect(rows.nth(1)).to_contain_text("No commentary yet")
    expect(page.get_by_role("heading", name="Youth Engagement Officer")).to_have_count(0)
    assert_accessible(page)

    csv_file = download(page, "Download CSV", tmp_path)
    assert csv_file.suffix == ".csv"
    with open(csv_file, encoding="utf-8-sig", newline="") as handle:
        csv_rows = list(csv.DictReader(handle))
    assert [(row["Owner role"], row["Reference"], row["Days overdue"]) for row in csv_rows] == [
        (HEAD_OF_COMMS, "2.1", "46"),
        (HEAD_OF_COMMS, "2.3", "15"),
    ]

    xlsx_file = download(page, r"Download Excel \(\.xlsx\)", tmp_path)
    assert xlsx_file.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(xlsx_file, read_only=True).active
    header, *data = list(sheet.iter_rows(values_only=True))
    owner, reference, days = (
        header.index(name) for name in ("Owner role", "Reference", "Days overdue")
    )
    assert [(row[owner], row[reference], row[days]) for row in data] == [
        (HEAD_OF_COMMS, "2.1", 46),
        (HEAD_OF_COMMS, "2.3", 15),
    ]

    table.get_by_role("link", name="2.1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activity 2.1")
    page.get_by_label("Review comment").fill("Discuss the print budget at the February meeting.")
    page.get_by_role("button", name="Add review comment").click()

    expect(page.get_by_role("alert").filter(has_text="Success")).to_contain_text(
        "Review comment added."
    )
    newest = page.locator(".plan-timeline__item").first
    expect(newest).to_contain_text("Discuss the print budget at the February meeting.")
    expect(newest).to_contain_text("Alex Carter")
    comment = StatusUpdate.objects.filter(activity__reference="2.1").first()
    assert comment.kind == StatusUpdate.Kind.REVIEW and comment.author.username == "alex"
    assert Activity.objects.get(reference="2.1").current_status == "at_risk"  # unchanged
