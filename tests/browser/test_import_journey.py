"""A plan administrator imports a spreadsheet: upload, read the preview, create the new owner role,
apply, see the banner, and find the import in an activity's history."""

import re

from openpyxl import Workbook
from playwright.sync_api import expect

from activities.models import Activity, ImportRun, PendingImport
from owners.models import OwnerRole
from tests.browser.helpers import check_page, sign_in

HEADER = ("Theme", "Reference", "Activity", "Owner(s)", "Timescale", "Status", "Commentary")
REWORDED = "We will publish ward priorities on the force website every quarter."
NEW_ACTIVITY = "We will hold a youth summit each summer."


def plan_workbook(path):
    """1.2 reworded and a new 3.3 whose second owner is not a known owner role."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(HEADER)
    sheet.append(
        (
            "Neighbourhood policing and local engagement",
            "1.2",
            REWORDED,
            "Neighbourhood Policing Inspector Head of Corporate Communications",
            "June 2024",
        )
    )
    sheet.append(
        (
            "Children and young people",
            "3.3",
            NEW_ACTIVITY,
            "Youth Engagement Officer Schools Liaison Officer",
            "July 2024",
        )
    )
    workbook.save(path)
    return path


def plan_pdf(path):
    path.write_bytes(b"%PDF-1.4 not a plan")
    return path


def test_administrator_previews_and_applies_a_spreadsheet(page, plan, tmp_path):
    workbook = plan_workbook(tmp_path / "plan.xlsx")
    roles_before = OwnerRole.objects.count()
    sign_in(page, "ada")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a plan file")
    check_page(page, "import-upload", reflow=True)

    page.get_by_label("Upload a plan file").set_input_files(plan_pdf(tmp_path / "plan.pdf"))
    page.get_by_role("button", name="Preview import").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("plan.pdf is not a plan file the importer reads")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_plan_file")
    check_page(page, "import-upload-error")
    assert not PendingImport.objects.exists()

    # The upload only stores the file: the preview step reads it, and refuses it on the upload form.
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"Shopping list\neggs\n")
    page.get_by_label("Upload a plan file").set_input_files(notes)
    page.get_by_role("button", name="Preview import").click()
    expect(summary).to_contain_text("notes.txt: No plan table found")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_plan_file")
    check_page(page, "import-unreadable")

    page.get_by_label("Upload a plan file").set_input_files(workbook)
    page.get_by_role("button", name="Preview import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import of plan.xlsx")
    expect(page.get_by_role("heading", name="Activities to create (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Activities to change (1)")).to_be_visible()
    change = page.locator(".govuk-summary-card").filter(has_text="Activity 1.2")
    expect(change.locator("ins").first).to_have_text(REWORDED)
    expect(change).to_contain_text("Matched by reference.")
    expect(page.locator("#created + .plan-table-scroll")).to_contain_text("New")
    problems = page.get_by_role("table", name=re.compile(r"^Problems in plan\.xlsx"))
    expect(problems).to_contain_text("“Schools Liaison Officer” matches no known owner role")
    expect(page.locator("#roles-to-create")).to_have_text("Schools Liaison Officer")
    check_page(page, "import-preview", reflow=True)
    assert Activity.objects.get(reference="1.2").text != REWORDED  # nothing written yet

    page.get_by_role("button", name="Import plan.xlsx").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select “Create this owner role”")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_create_roles")
    check_page(page, "import-preview-error")
    assert OwnerRole.objects.count() == roles_before

    page.get_by_label("Create this owner role").check()
    page.get_by_role("button", name="Import plan.xlsx").click()
    banner = page.get_by_role("alert").filter(has_text="Success")
    expect(banner).to_contain_text("Imported plan.xlsx: 1 created, 1 changed, 0 unchanged")
    expect(banner).to_contain_text("1 owner role created")
    # The applied file is forgotten; the unreadable one waits a day (a GET never deletes).
    assert list(PendingImport.objects.values_list("file_name", flat=True)) == ["notes.txt"]
    assert OwnerRole.objects.filter(title="Schools Liaison Officer").exists()

    page.get_by_role("link", name="Activity 1.2").click()
    expect(page).to_have_url(re.compile(r"/activities/1\.2/$"))
    expect(page.get_by_text(REWORDED).first).to_be_visible()
    expect(page.locator(".plan-timeline")).to_contain_text("Import of plan.xlsx")

    page.goto("/import/")
    recent = page.get_by_role("table").filter(has_text="plan.xlsx")
    expect(recent).to_contain_text("Ada Admin")
    assert ImportRun.objects.get().user.username == "ada"
