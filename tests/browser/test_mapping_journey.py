"""A plan administrator imports a tracker laid out its own way: the page reads it in the worker
(refreshing itself, no JavaScript), asks which column holds what, takes a correction, asks what an
unknown status word means, and imports; next month's file of that layout goes straight to the
preview."""

from openpyxl import Workbook
from playwright.sync_api import expect

from activities.models import Activity, ColumnMapping
from tests.browser.helpers import check_page, sign_in

ROWS = [
    ("Community safety tracker", None, None, None, None),
    ("Ref", "Action Measure", "Task Owner", "Timeframe", "Priority"),
    (
        "9.1",
        "We will hold a ward surgery each month.",
        "Neighbourhood Policing Inspector",
        "March 2025",
        "High",
    ),
    ("9.2", "We will publish a youth survey.", "Youth Engagement Officer", "June 2025", "Low"),
]


def tracker(path, status="Going fine"):
    workbook = Workbook()
    sheet = workbook.active
    for row in ROWS:
        sheet.append(row)
    sheet["F2"] = "Status"
    sheet["F3"] = status
    sheet["F4"] = "Green"
    workbook.save(path)
    return path


def upload(page, path):
    page.goto("/import/")
    page.get_by_label("Upload a plan file").set_input_files(path)
    page.get_by_role("button", name="Preview import").click()


def test_a_tracker_is_mapped_corrected_imported_and_remembered(page, plan, tmp_path, settings):
    settings.PLAN_IMPORT_IN_WORKER = True  # the immediate backend runs the task as it is queued
    sign_in(page, "ada")
    upload(page, tracker(tmp_path / "tracker.xlsx"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Which column holds what in tracker.xlsx", timeout=15_000)
    check_page(page, "import-columns", reflow=True)
    expect(page.get_by_label("Column B, “Action Measure”, feeds")).to_have_value("activity")
    expect(page.get_by_label("Column E, “Priority”, feeds")).to_have_value("ignore")
    page.get_by_label("Column A, “Ref”, feeds").select_option("reference")
    page.get_by_label("Column F, “Status”, feeds").select_option("status")
    page.get_by_role("button", name="Continue to the preview").click()

    expect(heading).to_have_text("Check the import of tracker.xlsx", timeout=15_000)
    expect(page.locator("#columns")).to_be_visible()
    page.get_by_label("“Going fine” means").select_option("on_track")
    page.get_by_role("button", name="Save these choices and preview again").click()
    expect(heading).to_have_text("Check the import of tracker.xlsx", timeout=15_000)
    expect(page.get_by_role("heading", name="Activities to create (2)")).to_be_visible(
        timeout=15_000
    )
    expect(page.locator("#created + .plan-table-scroll")).to_contain_text(
        "March 2025 → 31 Mar 2025"
    )
    check_page(page, "import-preview-mapped", reflow=True)
    page.get_by_role("button", name="Import tracker.xlsx").click()
    expect(page.get_by_role("alert").filter(has_text="Success")).to_contain_text("2 created")
    assert Activity.objects.get(reference="9.1").current_status == "on_track"
    assert ColumnMapping.objects.count() == 1

    upload(page, tracker(tmp_path / "tracker-next.xlsx", status="Green"))
    expect(heading).to_have_text("Check the import of tracker-next.xlsx", timeout=15_000)
    expect(
        page.get_by_text("Read as this plan’s last import of a file laid out like this one")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Change the column mapping")).to_be_visible()
