"""A group label (theme) written once, with blank cells below it: the ordinary layout of a plan."""

import json

import pytest

from activities.importing.parse import parse_plan
from tests.activities.importing.spreadsheets import write_workbook
from tests.activities.importing.support import run_failing_import, run_import
from tests.factories import make_role

pytestmark = pytest.mark.django_db

HEADER = ("Theme", "Action", "Lead", "Timescale")


def rows_of(path):
    return parse_plan(path.read_bytes(), file_name=path.name).rows


def test_a_blank_theme_cell_takes_the_theme_written_above_and_says_so(tmp_path):
    make_role("Chief Constable")
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [
            HEADER,
            ("Neighbourhood policing", "First", "Chief Constable", "March 2024"),
            (None, "Second", "Chief Constable", "March 2024"),
            ("Victims", "Third", "Chief Constable", "March 2024"),
            ("  ", "Fourth", "Chief Constable", "March 2024"),
        ],
    )
    rows = rows_of(path)
    assert [(r.theme_title, r.theme_filled, r.position) for r in rows] == [
        ("Neighbourhood policing", False, 1),
        ("Neighbourhood policing", True, 2),
        ("Victims", False, 1),
        ("Victims", True, 2),
    ]


def test_a_merged_group_label_is_filled_down(tmp_path):
    make_role("Chief Constable")
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [
            HEADER,
            ("Neighbourhood policing", "First", "Chief Constable", "March 2024"),
            (None, "Second", "Chief Constable", "March 2024"),
        ],
        merges=["A2:A3"],
    )
    assert [r.theme_title for r in rows_of(path)] == ["Neighbourhood policing"] * 2


def test_a_group_label_written_once_imports_without_a_traceback(tmp_path):
    make_role("Chief Constable")
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [
            HEADER,
            ("Neighbourhood policing", "First", "Chief Constable", "March 2024"),
            (None, "Second", "Chief Constable", "March 2025"),
        ],
    )
    report = json.loads(run_import(path, "--dry-run", "--json"))
    assert [(e["theme"], e["reference"]) for e in report["activities"]] == [
        ("Neighbourhood policing", "1.1"),
        ("Neighbourhood policing", "1.2"),
    ]


def test_a_first_row_with_no_theme_above_it_is_an_error_not_a_crash(tmp_path):
    make_role("Chief Constable")
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [
            HEADER,
            (None, "First", "Chief Constable", "March 2024"),
            ("Victims", "Second", "Chief Constable", "March 2024"),
        ],
    )
    printed, error = run_failing_import(path, "--dry-run", "--json")
    problems = json.loads(printed)["problems"]
    assert [(p["row"], p["column"], p["message"]) for p in problems] == [
        (2, "Theme (A)", "No theme: give the row a theme, or put a theme heading row above it.")
    ]
    assert error == "plan.xlsx has 1 error(s); nothing was imported."
