"""Exporting the whole plan: workbook layout, formula-safe text, the command, the download, queries."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from openpyxl.styles.numbers import is_date_format

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Status, StatusUpdate
from activities.plan_workbook import HISTORY_COLUMNS, PLAN_COLUMNS, export_plan
from activities.timescales import MilestoneSpec
from tests.factories import TEST_PLAN, make_activity, make_role, make_theme, make_user, the_plan

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("activities:export-plan", args=[TEST_PLAN])
PLAN_HEADERS = [
    "Theme",
    "Reference",
    "Activity",
    "Owner(s)",
    "Timescale",
    "Next due",
    "Status",
    "Latest commentary",
    "Last updated",
]
HISTORY_HEADERS = ["Reference", "When", "Kind", "Status", "Commentary", "Author"]
DANGEROUS_TEXTS = [
    '=HYPERLINK("http://example.com","Click")',
    "+44 1225 123456",
    "-1 day slippage",
    "@SUM(A1:A2)",
    "=1+1",
]


def exported_bytes() -> bytes:
    buffer = io.BytesIO()
    export_plan(the_plan(), buffer)
    return buffer.getvalue()


def exported_workbook() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(exported_bytes()))


def values(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def aware(*parts) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*parts), datetime.UTC)


@pytest.fixture
def plan(db):
    """Two themes; 1.1 with two owners, a dated milestone and two updates; 2.1 without updates."""
    first, second = make_theme("Local policing", position=1), make_theme("Engagement", position=2)
    lead, other = make_role("ACC Local Policing"), make_role("Head of Communications")
    activity = make_activity(
        reference="1.1",
        theme=first,
        text="We will publish a community contract.",
        owners=[lead, other],
        due=datetime.date(2023, 11, 30),
        timescale_label="Autumn 2023",
    )
    make_activity(reference="2.1", theme=second, owners=[other], due=datetime.date(2024, 3, 31))
    author = make_user("ccm", first_name="Casey", last_name="Comms")
    services.status_update_create(
        activity=activity,
        status=Status.ON_TRACK,
        commentary="Drafting.",
        author=author,
        at=aware(2023, 6, 1, 8, 0),
    )
    services.status_update_create(
        activity=activity,
        status=Status.AT_RISK,
        commentary="Printing delayed.",
        author=author,
        at=aware(2023, 7, 1, 9, 30),  # 10:30 in London (BST)
    )
    return activity


def test_plan_sheet_comes_first_with_the_importers_headers(plan):
    workbook = exported_workbook()
    assert workbook.sheetnames == ["Plan", "Status history"]
    assert values(workbook["Plan"])[0] == PLAN_HEADERS
    assert values(workbook["Status history"])[0] == HISTORY_HEADERS


def test_plan_rows_hold_each_activity_in_plan_order(plan):
    rows = values(exported_workbook()["Plan"])[1:]
    assert rows == [
        [
            "Local policing",
            "1.1",
            "We will publish a community contract.",
            "ACC Local Policing\nHead of Communications",
            "Autumn 2023",
            datetime.datetime(2023, 11, 30),
            "At risk",
            "Printing delayed.",
            datetime.datetime(2023, 7, 1, 10, 30),
        ],
        [
            "Engagement",
            "2.1",
            rows[1][2],
            "Head of Communications",
            "March 2024",
            datetime.datetime(2024, 3, 31),
            "Not started",
            None,
            None,
        ],
    ]


def test_header_row_is_bold_frozen_and_filtered(plan):
    for sheet_name, columns in (("Plan", PLAN_COLUMNS), ("Status history", HISTORY_COLUMNS)):
        sheet = exported_workbook()[sheet_name]
        assert all(cell.font.b for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{chr(ord('A') + len(columns) - 1)}{sheet.max_row}"


def test_every_column_has_its_width_and_long_text_wraps(plan):
    sheet = exported_workbook()["Plan"]
    widths = [sheet.column_dimensions[chr(ord("A") + i)].width for i in range(len(PLAN_COLUMNS))]
    assert widths == [column.width for column in PLAN_COLUMNS]
    activity, owners, commentary = sheet["C2"], sheet["D2"], sheet["H2"]
    assert activity.alignment.wrap_text and owners.alignment.wrap_text
    assert commentary.alignment.wrap_text


def test_next_due_and_last_updated_are_real_dates_with_date_formats(plan):
    sheet = exported_workbook()["Plan"]
    next_due, last_updated = sheet["F2"], sheet["I2"]
    assert next_due.is_date and is_date_format(next_due.number_format)
    assert last_updated.is_date and is_date_format(last_updated.number_format)
    assert "h" in last_updated.number_format  # the time shows too
    assert last_updated.value.tzinfo is None


def test_history_holds_every_update_newest_first_per_activity(plan):
    review_at = aware(2023, 8, 1, 12, 0)
    reviewer = make_user("acc", first_name="Alex", last_name="Chief")
    services.status_update_create(
        activity=plan,
        status=plan.current_status,
        commentary="Please cost the reprint.",
        kind=StatusUpdate.Kind.REVIEW,
        author=reviewer,
        at=review_at,
    )
    sheet = exported_workbook()["Status history"]
    assert values(sheet)[1:] == [
        [
            "1.1",
            datetime.datetime(2023, 8, 1, 13, 0),
            "Review comment",
            "At risk",
            "Please cost the reprint.",
            "Alex Chief",
        ],
        [
            "1.1",
            datetime.datetime(2023, 7, 1, 10, 30),
            "Status update",
            "At risk",
            "Printing delayed.",
            "Casey Comms",
        ],
        [
            "1.1",
            datetime.datetime(2023, 6, 1, 9, 0),
            "Status update",
            "On track",
            "Drafting.",
            "Casey Comms",
        ],
    ]
    assert sheet["B2"].is_date and is_date_format(sheet["B2"].number_format)


@pytest.mark.parametrize("text", DANGEROUS_TEXTS)
def test_text_that_looks_like_a_formula_is_a_string_cell_with_the_same_text(text):
    activity = make_activity(reference="1.1", text=text, timescale_label="March 2024")
    services.status_update_create(activity=activity, status=Status.ON_TRACK, commentary=text)
    sheet = exported_workbook()["Plan"]
    for cell in (sheet["C2"], sheet["H2"]):
        assert cell.data_type == "s"
        assert cell.value == text


def test_no_cell_of_the_workbook_is_a_formula(db):
    theme = make_theme("=cmd|' /C calc'!A0", position=1)
    # References cannot begin with "=" (activities.references), so the theme and text carry it.
    activity = make_activity(reference="1.1", theme=theme, text=DANGEROUS_TEXTS[0])
    services.status_update_create(activity=activity, status=Status.ON_TRACK, commentary="=SUM(1,2)")
    data = exported_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert len(sheets) == 2
        for name in sheets:
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]


def test_activity_without_owners_milestones_or_updates_leaves_those_cells_empty(db):
    make_activity(reference="1.1", owners=[], milestones=[], timescale_label="")
    row = values(exported_workbook()["Plan"])[1]
    assert row[1] == "1.1"
    assert row[3:] == [None, None, None, "Not started", None, None]


def test_ongoing_activity_keeps_its_label_and_has_no_next_due(db):
    make_activity(
        reference="1.1",
        ongoing=True,
        timescale_label="Ongoing",
        milestones=[MilestoneSpec(label="Ongoing", due=None)],
    )
    row = values(exported_workbook()["Plan"])[1]
    assert (row[4], row[5]) == ("Ongoing", None)


def test_command_writes_the_workbook_and_says_what_it_exported(plan, tmp_path):
    path = tmp_path / "plan.xlsx"
    out = io.StringIO()
    call_command("export_plan", str(path), stdout=out)
    assert out.getvalue().strip() == f"Exported 2 activities in 2 themes to {path}"
    assert len(values(openpyxl.load_workbook(path)["Plan"])) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]  # no temporary file left


@pytest.mark.parametrize(
    ("name", "message"),
    [("plan.csv", "must end in .xlsx"), ("missing/plan.xlsx", "does not exist")],
)
def test_command_refuses_a_path_it_cannot_write(db, tmp_path, name, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_plan", str(tmp_path / name), stdout=io.StringIO())


def test_command_fails_without_leaving_a_partial_file_when_the_path_is_a_folder(
    test_plan, tmp_path
):
    (tmp_path / "plan.xlsx").mkdir()
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_plan", str(tmp_path / "plan.xlsx"), stdout=io.StringIO())
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]


@pytest.mark.parametrize("persona", ["reviewer", "administrator"])
def test_reviewers_and_administrators_download_the_workbook(
    client, request, plan, fixed_today, persona
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="test-plan-2024-01-15.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [row[1] for row in values(workbook["Plan"])[1:]] == ["1.1", "2.1"]


@pytest.mark.parametrize("persona", ["editor", "outsider"])
def test_editors_and_outsiders_cannot_download_the_workbook(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(EXPORT_URL).status_code == 403


def test_anonymous_download_goes_to_sign_in(client, db):
    response = client.get(EXPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "shown"), [("reviewer", True), ("administrator", True), ("editor", False)]
)
@pytest.mark.parametrize("page", ["activities:list", "activities:dashboard"])
def test_download_button_shows_only_to_those_who_may_export(
    client, request, persona, shown, page, test_plan
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(page, args=[TEST_PLAN]))
    assert response.status_code == 200
    assert (EXPORT_URL in response.content.decode()) is shown


def export_queries() -> int:
    with CaptureQueriesContext(connection) as context:
        export_plan(the_plan(), io.BytesIO())
    return len(context)


def add_activities(count: int, *, roles, theme) -> None:
    for number in range(count):
        activity = make_activity(theme=theme, owners=roles, due=datetime.date(2024, 3, 31))
        services.status_update_create(
            activity=activity, status=Status.ON_TRACK, commentary=f"Update {number}."
        )


def test_export_queries_are_the_same_at_10_and_200_activities(db, django_assert_max_num_queries):
    roles, theme = [make_role(), make_role()], make_theme()
    add_activities(10, roles=roles, theme=theme)
    at_10 = export_queries()
    add_activities(190, roles=roles, theme=theme)
    with django_assert_max_num_queries(at_10):
        export_plan(the_plan(), io.BytesIO())
    assert export_queries() == at_10 <= 4


def test_control_characters_xlsx_cannot_hold_are_dropped_not_fatal(db):
    activity = make_activity(
        reference="1.1", text="Bell\x07 in the text", theme=make_theme("A\x01")
    )
    services.status_update_create(activity=activity, status=Status.ON_TRACK, commentary="x\x1by")
    row = values(exported_workbook()["Plan"])[1]
    assert (row[0], row[2], row[7]) == ("A", "Bell in the text", "xy")
