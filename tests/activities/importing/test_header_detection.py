"""Finding the header row below title rows, and naming columns by meaning whatever the wording."""

import pytest

from activities.importing.headers import canonical_column, find_header, header_key
from activities.importing.problems import Severity
from activities.importing.read import read_plan
from tests.activities.importing.spreadsheets import write_workbook


@pytest.mark.parametrize(
    ("written", "column"),
    [
        ("Activity", "activity"),
        ("ACTION", "activity"),
        ("Commitment", "activity"),
        ("Description", "activity"),
        ("We will…", "activity"),
        ("Owner(s)", "owners"),
        ("Owner (s)", "owners"),
        ("Lead\nofficer", "owners"),
        ("  Responsible ", "owners"),
        ("Owner role", "owners"),
        ("Timescale", "timescale"),
        ("Deadline", "timescale"),
        ("Due date", "timescale"),
        ("Target date", "timescale"),
        ("By when?", "timescale"),
        ("Date", "timescale"),
        ("Timescale (by when)", "timescale"),
        ("Theme", "theme"),
        ("Section", "theme"),
        ("Strategic objective", "theme"),
        ("Priority area", "theme"),
        ("Work-stream", "theme"),
        ("Ref.", "reference"),
        ("No.", "reference"),
        ("#", "reference"),
        ("ID", "reference"),
        ("RAG", "status"),
        ("Progress", "status"),
        ("Latest update", "commentary"),
        ("Comments", "commentary"),
        ("Latest commentary", "commentary"),
        ("Activity / action", "activity"),
        ("Next due", None),  # the export's computed column: "due" inside it is not a match
        ("Last updated", None),
        ("Engagement plan 2022-2024", None),
    ],
)
def test_header_cell_is_named_by_meaning(written, column):
    assert canonical_column(written) == column


def test_header_key_ignores_case_punctuation_spaces_and_line_breaks():
    assert header_key(" OWNER(S)\n") == header_key("owner (s)") == "owner s"
    assert header_key("Health & safety") == "health and safety"


def test_header_is_found_below_title_rows_even_when_a_title_names_one_column():
    rows = [
        (1, ("Status report", None, None)),  # one known word is a title, not a header
        (2, ("Updated monthly", None, None)),
        (3, ("Action", "Lead", "By when")),
        (4, ("We will.", "ACC", "March 2024")),
    ]
    header = find_header(rows)
    assert header.row == 3
    assert {name: column.index for name, column in header.columns.items()} == {
        "activity": 0,
        "owners": 1,
        "timescale": 2,
    }
    assert header.missing == ()


def test_row_naming_more_required_columns_wins_over_an_earlier_partial_one():
    rows = [(1, ("Theme", "Status", None, None)), (2, ("Theme", "Activity", "Owner", "Due"))]
    assert find_header(rows).row == 2


def test_rows_naming_fewer_than_two_columns_are_no_header():
    assert find_header([(1, ("Activity",)), (2, ("Plan", "2024"))]) is None


def read(path):
    data = path.read_bytes()
    return read_plan(data, file_name=path.name, max_bytes=len(data), max_rows=100)


def test_missing_required_column_is_an_error_listing_the_headers_found(tmp_path):
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [["Plan"], ["Action", "By when", "RAG"], ["We will.", "March 2024", "Green"]],
    )
    plan = read(path)
    assert plan.rows == ()
    [problem] = plan.problems
    assert (problem.sheet, problem.row, problem.severity) == ("Plan", 2, Severity.ERROR)
    assert "No “Owner(s)” column" in problem.message
    assert "“Action”, “By when”, “RAG”" in problem.message


def test_two_headers_for_one_column_use_the_stronger_name_and_warn(tmp_path):
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [
            ["Date", "Activity", "Owner", "Deadline"],
            ["1 May 2022", "We will.", "ACC Local Policing", "March 2024"],
        ],
    )
    plan = read(path)
    [row] = plan.rows
    assert row.value("timescale") == "March 2024"
    [problem] = plan.problems
    assert (problem.row, problem.column, problem.severity) == (1, "Date (A)", Severity.WARNING)
    assert "“Deadline” is used" in problem.message


def test_header_repeated_further_down_is_skipped(tmp_path):
    header = ["Activity", "Owner", "Timescale"]
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [header, ["We will a.", "ACC", "March 2024"], header, ["We will b.", "ACC", "May 2024"]],
    )
    plan = read(path)
    assert [row.value("activity") for row in plan.rows] == ["We will a.", "We will b."]
    assert plan.problems == ()
