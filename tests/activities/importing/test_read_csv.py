"""Reading .csv plans: encodings Excel writes, delimiters, title rows and section headings."""

import pytest

from activities.importing.budget import ReadLimits
from activities.importing.csv_text import CSV
from activities.importing.problems import PlanFileError, Severity
from activities.importing.read import read_plan
from activities.models import Activity, Theme
from tests.activities.importing.spreadsheets import write_csv
from tests.activities.importing.support import run_import
from tests.factories import make_role

HEADER = ["Activity", "Owner(s)", "Timescale"]


def read(path, **options):
    data = path.read_bytes()
    return read_plan(data, file_name=path.name, max_bytes=len(data), max_rows=100, **options)


def test_windows_1252_text_with_pound_sign_and_curly_quotes_is_read(tmp_path):
    rows = [
        HEADER,
        ["We will spend £5,000 on the ‘Community Contract’ – “launch”.", "X", "May 2024"],
    ]
    plan = read(write_csv(tmp_path / "plan.csv", rows, encoding="cp1252"))
    assert plan.file_format == CSV
    [row] = plan.rows
    assert row.value("activity") == "We will spend £5,000 on the ‘Community Contract’ – “launch”."


def test_byte_order_mark_is_not_part_of_the_first_header(tmp_path):
    plan = read(write_csv(tmp_path / "plan.csv", [HEADER, ["We will.", "X", "May"]], bom=True))
    assert plan.rows[0].cells["activity"].column == "Activity"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_found_from_the_content(tmp_path, delimiter):
    rows = [["Plan, 2024; draft"], HEADER, ["We will, first; then.", "X", "May 2024"]]
    plan = read(write_csv(tmp_path / "plan.csv", rows, delimiter=delimiter))
    [row] = plan.rows
    assert (row.row, row.value("activity"), row.value("timescale")) == (
        3, "We will, first; then.", "May 2024",
    )  # fmt: skip


def test_rows_are_numbered_as_a_spreadsheet_shows_them_despite_line_breaks_in_cells(tmp_path):
    rows = [HEADER, ["We will.", "ACC\nChief Constable", "May"], ["We will too.", "X", "May"]]
    plan = read(write_csv(tmp_path / "plan.csv", rows))
    assert [row.row for row in plan.rows] == [2, 3]
    assert plan.rows[0].value("owners") == "ACC\nChief Constable"


def test_control_characters_are_removed_with_a_warning(tmp_path):
    rows = [HEADER, ["We will\x07 ring\x00.", "X", "May 2024"]]
    plan = read(write_csv(tmp_path / "plan.csv", rows))
    assert plan.rows[0].value("activity") == "We will ring."
    [problem] = plan.problems
    assert (problem.row, problem.column, problem.severity) == (2, "Activity (A)", Severity.WARNING)
    assert "2 invisible control character(s)" in problem.message


def test_text_neither_utf8_nor_windows_1252_is_refused(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(b"Activity,Owner,Timescale\r\nWe will \x81.,X,May\r\n")
    with pytest.raises(PlanFileError, match="neither UTF-8 nor Windows-1252"):
        read(path)


def test_a_csv_file_has_no_sheet_to_choose(tmp_path):
    with pytest.raises(PlanFileError, match="has no sheets to choose from"):
        read(write_csv(tmp_path / "plan.csv", [HEADER]), sheet="Plan")


def test_csv_with_a_title_row_and_section_headings_is_imported_end_to_end(tmp_path, db):
    make_role("ACC Local Policing")
    make_role("Chief Constable")
    rows = [
        ["Engagement plan 2024 – draft for the ACC"],
        [],
        ["Activity", "Lead", "Due date", "Status", "Notes"],
        ["Neighbourhood policing", "", "", "", ""],
        ["We will hold surgeries.", "ACC Local Policing", "Spring 2024", "On track", ""],
        ["We will map wards.", "Chief Constable", "Ongoing", "", ""],
        ["", "", "", "", ""],
        ["Digital", "", "", "", ""],
        ["We will reply in a day.", "Chief Constable", "March 2024", "Red", "Staffing gap."],
    ]
    path = write_csv(tmp_path / "plan.csv", rows, encoding="cp1252", delimiter=";")
    output = run_import(path)
    assert output.splitlines()[0] == "3 activities: 3 created, 0 changed, 0 unchanged; 0 problems"
    assert list(Theme.objects.order_by("position").values_list("title", flat=True)) == [
        "Neighbourhood policing",
        "Digital",
    ]
    assert list(
        Activity.objects.order_by("reference").values_list(
            "reference", "theme__title", "ongoing", "current_status"
        )
    ) == [
        ("1.1", "Neighbourhood policing", False, "on_track"),
        ("1.2", "Neighbourhood policing", True, "not_started"),
        ("2.1", "Digital", False, "off_track"),
    ]
    assert run_import(path).splitlines()[0].startswith("3 activities: 0 created, 0 changed")


def refusal_of(path, **options) -> str:
    data = path.read_bytes()
    with pytest.raises(PlanFileError) as refused:
        read_plan(data, file_name=path.name, max_bytes=len(data), max_rows=5_000, **options)
    return str(refused.value)


def test_csv_of_three_million_cells_is_refused_by_the_cell_limit(tmp_path):
    # 30,000 records of 100 empty fields: 3 MB of commas, blank where a plan has its text.
    path = tmp_path / "plan.csv"
    path.write_text("Activity,Owner(s),Timescale\n" + ("," * 99 + "\n") * 30_000)
    assert refusal_of(path).startswith(
        "plan.csv: more than 200,000 cells, the most an import reads; reading stopped at row "
        "1,972."  # the first 30 records are read twice: the header search, then the table
    )


def test_csv_with_more_text_than_the_limit_is_refused(tmp_path):
    path = write_csv(tmp_path / "plan.csv", [HEADER] + [["We will.", "X", "May 2024"]] * 20)
    error = refusal_of(path, limits=ReadLimits(max_text_characters=200))
    assert error.startswith(  # the header's 26 characters, then 17 a row
        "plan.csv: more than 200 characters of text, the most an import reads; reading stopped "
        "at row 12."
    )


def test_csv_field_longer_than_the_csv_reader_takes_is_refused_in_words(tmp_path):
    path = tmp_path / "plan.csv"  # a quote never closed: the rest of the file is one field
    path.write_text('Activity,Owner(s),Timescale\n"We will' + " x" * 100_000 + "\n")
    assert refusal_of(path) == (
        "plan.csv cannot be read as CSV: near line 2 a field runs on for more than 131,072 "
        'characters, often because a quote mark (") is never closed. Check the file in a '
        "spreadsheet program and save it again as CSV."
    )


def test_csv_field_of_100000_characters_is_a_problem_naming_the_cell(tmp_path):
    path = write_csv(tmp_path / "plan.csv", [HEADER, ["x" * 100_000, "X", "May 2024"]])
    [problem] = [p for p in read(path).problems if p.is_error]
    assert (problem.row, problem.column) == (2, "Activity (A)")
    assert "Cell A2 holds 100,000 characters; the limit for this column is 5,000" in problem.message
