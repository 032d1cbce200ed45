"""An ACC creates a meeting, reads its pack, prints it on A4 without overflow, downloads the Word
document, issues the pack, and reads it unchanged after the plan moves on. axe runs on each page."""

import datetime
import re

from docx import Document
from playwright.sync_api import expect

from activities import services
from activities.models import Activity
from tests.browser.conftest import PLAN_ADDED
from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll, sign_in

# A4 portrait at 96 CSS px per inch, less the pack's 14 mm side margins (page.css).
A4_CONTENT_WIDTH = round((210 - 2 * 14) / 25.4 * 96)
A4_POINTS = (595, 842)


def create_meeting(page, *, check=True) -> None:
    page.goto("/meetings/")
    page.get_by_role("link", name="Create a meeting").click()
    if check:  # axe runs in the page's JavaScript
        assert_accessible(page)
    page.get_by_label("Meeting", exact=True).fill("Performance board")
    page.get_by_label("Meeting date").fill("2024-01-15")
    page.get_by_label("Chair").fill("ACC Alex Carter")
    page.get_by_role("group", name="Plans it reviews").get_by_label("Test plan").check()
    page.get_by_label("Compare with").fill("2023-11-01")
    page.get_by_role("button", name="Create meeting").click()


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's size in points, read from the PDF's page boxes."""
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    return [(float(width), float(height)) for width, height in boxes]


def test_an_acc_creates_a_meeting_prints_downloads_and_issues_its_pack(page, plan, tmp_path):
    Activity.objects.update(created_at=PLAN_ADDED)  # in the tracker since April 2023
    sign_in(page, "alex")
    create_meeting(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance board: 15 January 2024")
    summary = page.locator("#summary").locator("xpath=..")
    expect(summary.get_by_role("row", name=re.compile(r"^Off track"))).to_contain_text("0 1 +1")
    expect(page.get_by_role("table", name="Head of Corporate Communications")).to_contain_text(
        "2.1"
    )
    changes = page.get_by_role(
        "table", name="Every status change, re-baseline and completion, in plan order"
    )
    row = "3.1 Status changed Not started Off track Casey Comms 1 December 2023, 10:00"
    expect(changes.get_by_role("row", name=row)).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)  # 320 px: wide tables scroll in their own box

    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Download Word document of the pack")).to_be_hidden()
    assert_no_horizontal_scroll(page, width=A4_CONTENT_WIDTH)
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    sizes = pdf_pages(pdf)
    assert len(sizes) >= 2  # the summary has the first page to itself
    assert all((round(w), round(h)) == A4_POINTS for w, h in sizes), sizes
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download Word document of the pack").click()
    path = tmp_path / "pack.docx"
    download.value.save_as(path)
    headings = [p.text for p in Document(path).paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["Summary", "Exceptions"]

    page.get_by_role("button", name="Issue this pack").click()
    expect(page.get_by_text("This is the pack as issued on")).to_be_visible()
    services.status_update_create(
        activity=plan.activities["3.1"],
        status="on_track",
        commentary="Schools liaison officer appointed.",
        author=plan.people.comms_manager,
        at=datetime.datetime(2024, 1, 15, 11, 0, tzinfo=datetime.UTC),
    )
    page.reload()
    expect(page.get_by_text("Schools liaison officer appointed.")).to_have_count(0)
    expect(page.get_by_role("button", name="Issue this pack")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Record a note or action").click()
    assert_accessible(page)
    page.get_by_label("Activity reference").fill("3.1")
    page.get_by_role("group", name="Note or action").get_by_label("Action").check()
    page.get_by_label("What the meeting noted or asked for").fill(
        "Report on cover at the next board."
    )
    page.get_by_role("button", name="Record it").click()
    expect(
        page.get_by_role("region", name="Notes and actions recorded at this meeting")
    ).to_contain_text("Report on cover at the next board.")
    page.goto("/plans/test-plan/activities/3.1/")
    expect(page.locator(".plan-timeline__item--note")).to_contain_text(
        "Action from Performance board"
    )
    page.goto("/meetings/")
    expect(page.get_by_role("row", name=re.compile("Performance board"))).to_contain_text("Issued")
    assert_accessible(page)


def test_the_pack_without_javascript_has_no_print_button(new_context, plan):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "alex")
    create_meeting(page, check=False)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Performance board")
    expect(page.get_by_role("button", name="Print this pack")).to_be_hidden()
    page.goto("/plans/test-plan/activities/overdue/")
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()


def test_with_javascript_the_print_button_shows(page, plan):
    sign_in(page, "alex")
    page.goto("/plans/test-plan/activities/overdue/")
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
