"""Reading .xlsx plans: messy real layouts, the export's layout, references, formulas, speed."""

import datetime
import re
import zipfile

import pytest

from activities.importing.problems import Code, Severity
from activities.importing.read import XLSX, read_plan
from activities.models import Activity, StatusUpdate, Theme
from owners.models import OwnerRole
from tests.activities.importing.spreadsheets import (
    EXPORT_HEADER,
    rewrite_part,
    save_formula_values,
    write_workbook,
)
from tests.activities.importing.support import run_failing_import, run_import
from tests.factories import make_role, the_plan

MESSY_ROWS = [
    ["Wiltshire Police: engagement plan tracker"],
    ["Updated monthly by Corporate Communications"],
    [],
    ["Ref.", "Action", "Lead", "By when", "RAG", "Latest update"],
    ["Neighbourhood policing"],  # merged across A5:F5
    ["N1", "We will run beat surgeries.", "ACC Local Policing\nChief Constable", "Autumn 2024", "Green", ""],
    [],
    ["N2", "  We will publish ward priorities.  ", "Chief Constable", datetime.datetime(2024, 3, 31), "Amber", "Waiting for the new website."],
    ["Digital engagement"],  # merged across A9:F9
    ["D1", "We will answer messages within a day.", "Chief Constable ACC Local Policing", "March 2023 COMPLETE", "Done", ""],
]  # fmt: skip


def read(path, **options):
    data = path.read_bytes()
    return read_plan(data, file_name=path.name, max_bytes=len(data), max_rows=100, **options)


def messy_workbook(tmp_path):
    return write_workbook(tmp_path / "tracker.xlsx", MESSY_ROWS, merges=["A5:F5", "A9:F9"])


@pytest.fixture
def roles(db):
    make_role("ACC Local Policing")
    make_role("Chief Constable")


def test_messy_workbook_is_imported_end_to_end(tmp_path, roles):
    output = run_import(messy_workbook(tmp_path))
    assert output.splitlines()[0] == "3 activities: 3 created, 0 changed, 0 unchanged; 0 problems"
    assert list(Theme.objects.order_by("position").values_list("title", flat=True)) == [
        "Neighbourhood policing",
        "Digital engagement",
    ]
    stored = {a.reference: a for a in Activity.objects.for_list().prefetch_related("milestones")}
    assert set(stored) == {"N1", "N2", "D1"}
    n1, n2, d1 = stored["N1"], stored["N2"], stored["D1"]
    assert (n1.theme.title, n1.position, d1.theme.title, d1.position) == (
        "Neighbourhood policing", 1, "Digital engagement", 1,
    )  # fmt: skip
    assert [r.title for r in n1.owner_roles()] == ["ACC Local Policing", "Chief Constable"]
    assert [r.title for r in d1.owner_roles()] == ["Chief Constable", "ACC Local Policing"]
    assert n2.text == "We will publish ward priorities."
    assert [(m.label, m.due) for m in n2.milestones.all()] == [
        ("31 March 2024", datetime.date(2024, 3, 31))
    ]
    assert [m.due for m in n1.milestones.all()] == [datetime.date(2024, 11, 30)]
    assert (n1.current_status, n2.current_status, d1.current_status) == (
        "on_track", "at_risk", "complete",
    )  # fmt: skip
    assert n2.status_updates.get().commentary == "Waiting for the new website."


def test_second_import_of_the_same_workbook_changes_nothing(tmp_path, roles):
    path = messy_workbook(tmp_path)
    run_import(path)
    updates = StatusUpdate.objects.count()
    output = run_import(path)
    assert output.splitlines()[0] == "3 activities: 0 created, 0 changed, 3 unchanged; 0 problems"
    assert StatusUpdate.objects.count() == updates


def test_export_layout_is_read_from_its_plan_sheet(tmp_path):
    path = write_workbook(
        tmp_path / "export.xlsx",
        [
            EXPORT_HEADER,
            ["Digital", "2.1", "We will.", "Chief Constable", "May 2024", "On track", "Fine", "31 May 2024"],
        ],
        sheets={"Status history": [["Reference", "Activity", "Status", "Commentary", "Date"]]},
    )  # fmt: skip
    plan = read(path)
    assert plan.file_format == XLSX
    [row] = plan.rows
    assert (row.sheet, row.value("theme"), row.value("reference")) == ("Plan", "Digital", "2.1")
    assert (row.value("timescale"), row.value("commentary")) == ("May 2024", "Fine")
    assert plan.problems == ()


def test_default_sheet_is_the_first_with_a_recognisable_header(tmp_path):
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [["Activity", "Owner", "Timescale"], ["We will.", "Chief Constable", "May 2024"]],
        title="Actions",
        sheets={"Read me": [["How to fill in this tracker"]]},
        first=False,
    )
    assert [r.sheet for r in read(path).rows] == ["Actions"]


def test_sheet_option_picks_the_named_sheet(tmp_path):
    header = ["Activity", "Owner", "Timescale"]
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [header, ["We will 2024.", "Chief Constable", "May 2024"]],
        title="2024",
        sheets={"2025": [header, ["We will 2025.", "Chief Constable", "May 2025"]]},
    )
    assert [r.value("activity") for r in read(path, sheet="2025").rows] == ["We will 2025."]


def test_unknown_sheet_is_refused_listing_the_sheets(tmp_path, db):
    path = write_workbook(tmp_path / "plan.xlsx", [["Activity"]], sheets={"Notes": []})
    _, error = run_failing_import(path, "--sheet", "Plan 2025")
    assert error == "plan.xlsx has no sheet “Plan 2025”; its sheets are “Plan”, “Notes”."


def test_without_a_theme_rows_go_to_a_theme_named_after_the_sheet_with_generated_references(
    tmp_path,
):
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [["Activity", "Owner", "Timescale"], ["A.", "X", "May 2024"], [], ["B.", "X", "May 2024"]],
        title="Engagement",
    )
    plan = read(path)
    assert [(r.value("theme"), r.theme_position, r.position, r.row) for r in plan.rows] == [
        ("Engagement", 1, 1, 2),
        ("Engagement", 1, 2, 4),
    ]


def test_theme_column_numbers_rows_within_each_theme(tmp_path):
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [
            ["Theme", "Activity", "Owner", "Timescale"],
            ["Local", "A.", "X", "May 2024"],
            ["Digital", "B.", "X", "May 2024"],
            ["local", "C.", "X", "May 2024"],
        ],
    )
    assert [(r.theme_position, r.position) for r in read(path).rows] == [(1, 1), (2, 1), (1, 2)]


def test_number_references_are_shown_as_the_sheet_shows_them(tmp_path):
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [["Ref", "Activity", "Owner", "Timescale"]]
        + [[ref, "We will.", "X", "May 2024"] for ref in (1.1, 1.1, 3, " 4.2 ")],
        number_formats={"A3": "0.00"},
    )
    plan = read(path)
    assert [r.value("reference") for r in plan.rows] == ["1.1", "1.10", "3", "4.2"]
    [warning] = plan.problems  # only the plain number with decimals is ambiguous
    assert (warning.row, warning.column, warning.severity) == (2, "Ref (A)", Severity.WARNING)
    assert "Excel shows 1.10 as 1.1" in warning.message


def test_problems_name_sheet_row_and_column_as_written_with_its_letter(tmp_path, roles):
    path = write_workbook(
        tmp_path / "tracker.xlsx",
        [
            ["Title"],
            ["Ref", "Action", "Lead", "Due"],
            ["1", "We will.", "Chief Dragon Keeper", "Soon"],
            ["1", "We will too.", "Chief Constable", "May 2024"],
        ],
        title="Tracker",
    )
    output, error = run_failing_import(path)
    assert (
        "tracker.xlsx, Tracker, row 3, Lead (C): error: “Chief Dragon Keeper” matches no known "
        "owner role"
    ) in output
    assert "tracker.xlsx, Tracker, row 3, Due (D): warning:" in output
    assert (
        "tracker.xlsx, Tracker, row 4, Ref (A): error: Reference 1 is also used by Tracker, row 3."
    ) in output
    assert error == "tracker.xlsx has 2 error(s); nothing was imported."


def test_status_words_and_rag_colours_map_to_the_vocabulary(tmp_path, roles):
    rows = [["Activity", "Owner", "Timescale", "RAG", "Comments"]]
    words = [
        "Green",
        "amber",
        "RED",
        "Blue",
        "Completed",
        "Done",
        "Not started",
        "Cancelled",
        "On track",
    ]
    rows += [
        [f"We will {n}.", "Chief Constable", "May 2024", w, "Why"] for n, w in enumerate(words)
    ]
    output = run_import(write_workbook(tmp_path / "plan.xlsx", rows))
    assert "0 problems" in output
    statuses = dict(Activity.objects.values_list("text", "current_status"))
    assert [statuses[f"We will {n}."] for n in range(len(words))] == [
        "on_track", "at_risk", "off_track", "complete", "complete", "complete",
        "not_started", "withdrawn", "on_track",
    ]  # fmt: skip


def test_unknown_status_is_an_error_naming_the_value(tmp_path):
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [["Activity", "Owner", "Timescale", "Status"], ["We will.", "X", "May 2024", "Closed"]],
    )
    from activities.importing.rows import validate_rows
    from owners.parsing import KnownRole, OwnerMatcher

    plan = validate_rows(read(path), matcher=OwnerMatcher([KnownRole("X")]))
    [problem] = plan.problems
    assert (problem.row, problem.column, problem.severity) == (2, "Status (D)", Severity.ERROR)
    assert problem.message.startswith("“Closed” is not a status")


def test_formula_imports_its_saved_value_with_a_warning_and_is_never_calculated(tmp_path):
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [["Activity", "Owner", "Timescale"], ["=1+1", "X", '="May "&"2024"']],
    )
    save_formula_values(path, {"A2": "We will keep what Excel saved.", "C2": "May 2024"})
    plan = read(path)
    [row] = plan.rows
    assert (row.value("activity"), row.value("timescale")) == (
        "We will keep what Excel saved.", "May 2024",
    )  # fmt: skip
    assert [(p.row, p.column, p.severity) for p in plan.problems] == [
        (2, "Activity (A)", Severity.WARNING),
        (2, "Timescale (C)", Severity.WARNING),
    ]
    assert "Cell A2 holds a formula (=1+1)" in plan.problems[0].message


def test_formula_without_a_saved_value_is_an_error_naming_the_cell(tmp_path):
    path = write_workbook(
        tmp_path / "plan.xlsx", [["Activity", "Owner", "Timescale"], ["We will.", "=B1", "May"]]
    )
    plan = read(path)
    [problem] = plan.problems
    assert (problem.row, problem.column, problem.severity) == (2, "Owner (B)", Severity.ERROR)
    assert "Cell B2 holds a formula (=B1) with no saved value" in problem.message
    assert plan.rows[0].value("owners") == ""


def test_owners_on_separate_lines_are_separate_roles_to_create(tmp_path, db):
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [["Activity", "Owner", "Timescale"], ["We will.", "Head of Wells\nDigital Lead", "May"]],
    )
    output = run_import(path, "--create-roles")
    assert "Created owner roles: Head of Wells, Digital Lead" in output
    assert set(OwnerRole.objects.values_list("title", flat=True)) == {
        "Head of Wells",
        "Digital Lead",
    }


def test_over_long_cell_is_an_error_naming_the_cell(tmp_path):
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [["Activity", "Owner", "Timescale"], ["We will " + "x" * 5_000, "X", "May 2024"]],
    )
    plan = read(path)
    [problem] = plan.problems
    assert (problem.row, problem.column, problem.code) == (2, "Activity (A)", Code.INVALID_VALUE)
    assert "Cell A2 holds 5,008 characters; the limit for this column is 5,000" in problem.message


def test_5000_row_workbook_is_read_whole_in_order(tmp_path):
    """At the row limit every row comes through. How fast it reads, relative to plain openpyxl
    iteration, is the benchmark's import_vs_read figure, not a timed test."""
    rows = [EXPORT_HEADER] + [
        [f"Theme {n % 5}", f"R{n}", f"We will deliver commitment {n}.", "ACC Local Policing\nChief Constable", "March 2024", "On track", "Fine", "31 March 2024"]
        for n in range(5_000)
    ]  # fmt: skip
    data = write_workbook(tmp_path / "big.xlsx", rows).read_bytes()
    plan = read_plan(data, file_name="big.xlsx", max_bytes=len(data), max_rows=5_000)
    assert len(plan.rows) == 5_000
    assert not plan.problems
    assert [plan.rows[0].cells["reference"].value, plan.rows[-1].cells["reference"].value] == [
        "R0",
        "R4999",
    ]


def test_whole_plan_export_reads_back_as_unchanged(tmp_path, db):
    from activities.plan_workbook import export_plan
    from tests.activities.importing.support import PLAN_PATH, load_roles_and_themes

    load_roles_and_themes()
    run_import(PLAN_PATH)
    export_plan(the_plan(), str(tmp_path / "export.xlsx"))
    output = run_import(tmp_path / "export.xlsx")
    assert output.splitlines()[0] == "53 activities: 0 created, 0 changed, 53 unchanged; 0 problems"


def cells_read(plan) -> list[dict[str, str]]:
    return [{name: cell.value for name, cell in row.cells.items()} for row in plan.rows]


@pytest.mark.parametrize("declared", ["none", "too small", "as Excel writes it"])
def test_every_row_is_read_whatever_size_the_sheet_declares(tmp_path, declared):
    """The reader skips openpyxl's size pre-pass and reads to the sheet's end: a sheet without a
    <dimension> element (openpyxl's write-only files, our exports) or with a wrong one is read
    whole, exactly as a sheet that declares its size correctly."""
    rows = [EXPORT_HEADER] + [
        [f"Theme {n % 3}", f"R{n}", f"We will deliver commitment {n}.", "Chief Constable", "March 2024", "On track", "", ""]
        for n in range(40)
    ]  # fmt: skip
    path = write_workbook(tmp_path / "sized.xlsx", rows)
    expected = cells_read(read(path))
    if declared == "none":
        rewrite_part(
            path, "xl/worksheets/sheet1.xml", lambda xml: re.sub(r"<dimension[^>]*/>", "", xml)
        )
    elif declared == "too small":
        rewrite_part(
            path,
            "xl/worksheets/sheet1.xml",
            lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:B2"', xml),
        )
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert ("<dimension" in xml) == (declared != "none")
    plan = read(path)
    assert len(plan.rows) == 40
    assert cells_read(plan) == expected
