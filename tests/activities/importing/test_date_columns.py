"""rows.py with date_columns.py: each sheet's numeric dates are read one way, and it says how."""

import datetime

from activities.importing.problems import Code, Severity
from activities.importing.read import RawCell, RawPlan, RawRow
from activities.importing.rows import validate_rows
from owners.parsing import KnownRole, OwnerMatcher


def plan_of(*timescales):
    rows = tuple(
        RawRow(
            "Plan",
            number,
            {
                "activity": RawCell(f"We will {number}.", number, "Action"),
                "owners": RawCell("Lead", number, "Lead"),
                "timescale": RawCell(text, number, "Timeframe", "C"),
            },
            theme_position=1,
            position=number,
        )
        for number, text in enumerate(timescales, start=2)
    )
    return validate_rows(RawPlan("spreadsheet", rows), matcher=OwnerMatcher([KnownRole("Lead")]))


def dues(plan):
    return [m.due for row in plan.rows for m in row.timescale.milestones]


def test_a_us_column_reads_03_04_2024_as_4_march_and_says_why():
    plan = plan_of("03/04/2024", "04/13/2024")
    assert dues(plan) == [datetime.date(2024, 3, 4), datetime.date(2024, 4, 13)]
    [problem] = plan.problems
    assert (problem.row, problem.column, problem.severity, problem.code) == (
        3,
        "Timeframe (C)",
        Severity.WARNING,
        Code.UNCERTAIN_DATE,
    )
    assert "month first (US order), as “04/13/2024” (row 3)" in problem.message
    assert "“03/04/2024” is March 4, 2024" in problem.message


def test_an_undecided_column_is_read_uk_order_with_one_warning_naming_the_column():
    plan = plan_of("03/04/2024", "05/06/2024", "07/08/2024")
    assert dues(plan)[0] == datetime.date(2024, 4, 3)
    [problem] = plan.problems
    assert (problem.row, problem.column) == (2, "Timeframe (C)")
    assert "read day first (UK order)" in problem.message
    assert "3 April 2024 (day first) or March 4, 2024 (month first)" in problem.message


def test_a_uk_column_needs_no_warning():
    plan = plan_of("03/04/2024", "13/04/2024")
    assert dues(plan) == [datetime.date(2024, 4, 3), datetime.date(2024, 4, 13)]
    assert plan.problems == ()


def test_a_conflicting_column_is_reported_and_each_ambiguous_date_named():
    plan = plan_of("13/04/2024", "04/13/2024", "03/04/2024")
    assert dues(plan) == [
        datetime.date(2024, 4, 13),
        datetime.date(2024, 4, 13),
        datetime.date(2024, 4, 3),
    ]
    assert [(p.row, p.code) for p in plan.problems] == [
        (2, Code.UNCERTAIN_DATE),
        (4, Code.UNCERTAIN_DATE),
    ]
    assert "mixes day-first dates (“13/04/2024”, row 2)" in plan.problems[0].message
    assert plan.problems[1].message.startswith("“03/04/2024” could be 3 April 2024")
    assert plan.blocking_problems() == []


def test_a_range_of_years_is_a_warning_saying_how_it_was_read():
    plan = plan_of("2023-2027")
    assert dues(plan) == [datetime.date(2027, 12, 31)]
    [problem] = plan.problems
    assert (problem.severity, problem.code) == (Severity.WARNING, Code.UNCERTAIN_DATE)
