"""rows.py without a database: each raw row becomes a plan row, and every doubt a problem."""

import pytest

from activities.importing.problems import Code, Severity
from activities.importing.read import RawCell, RawPlan, RawRow, read_published_text
from activities.importing.rows import implied_status, status_from_file, validate_rows
from activities.timescales import parse_timescale
from owners.parsing import KnownRole, OwnerMatcher
from tests.activities.importing.support import synthetic_plan

MATCHER = OwnerMatcher([KnownRole("ACC Local Policing"), KnownRole("Digital Channels Manager")])


def row(number: int = 2, **values: str) -> RawRow:
    values = {"activity": "We will do it.", "owners": "ACC Local Policing", **values}
    values.setdefault("timescale", "March 2024")
    cells = {column: RawCell(value, number, column.title()) for column, value in values.items()}
    return RawRow(sheet="Plan", row=number, cells=cells, theme_position=1, position=number)


def validate(*rows: RawRow):
    return validate_rows(RawPlan("spreadsheet", rows), matcher=MATCHER)


def test_published_text_rows_have_no_reference_of_their_own():
    """The published text gives none: matching.py finds each row by its text or names it anew,
    never by its place in the table."""
    raw = read_published_text(synthetic_plan(3, owners="ACC Local Policing"), max_rows=10)
    plan = validate_rows(raw, matcher=MATCHER)
    assert [(r.reference, r.theme_position, r.position) for r in plan.rows] == [
        ("", 1, 1),
        ("", 1, 2),
        ("", 1, 3),
    ]
    assert plan.problems == ()


@pytest.mark.parametrize(
    "reference", ["1/2", ".", "..", "1?2", "#3", "100%", "1 2", "-1", "x" * 21]
)
def test_reference_that_cannot_be_a_url_segment_is_an_error_naming_the_cell(reference):
    plan = validate(row(4, reference=reference))
    [problem] = plan.problems
    assert (problem.sheet, problem.row, problem.column) == ("Plan", 4, "Reference")
    assert problem.is_error
    assert f"“{reference}” cannot be a reference" in problem.message
    assert problem.describe("plan.xlsx").startswith("plan.xlsx, Plan, row 4, Reference: error:")


@pytest.mark.parametrize("reference", ["1.4", "2.10a", "A-3", "TH_1", "1..2"])
def test_url_safe_reference_is_accepted(reference):
    plan = validate(row(4, reference=reference))
    assert plan.problems == ()
    assert plan.rows[0].reference == reference


def test_owners_are_matched_lead_first():
    [plan_row] = validate(row(owners="Digital Channels Manager ACC Local Policing")).rows
    assert plan_row.owners == ("Digital Channels Manager", "ACC Local Policing")


def test_unknown_owner_is_an_error_and_a_role_to_create():
    plan = validate(
        row(owners="ACC Local Policing Chief Dragon Keeper"), row(3, owners="chief dragon keeper")
    )
    assert [(p.row, p.column, p.severity, p.code) for p in plan.problems] == [
        (2, "Owners", Severity.ERROR, Code.UNKNOWN_OWNER),
        (3, "Owners", Severity.ERROR, Code.UNKNOWN_OWNER),
    ]
    assert plan.roles_to_create == ("Chief Dragon Keeper",)
    assert plan.blocking_problems(create_roles=False) == list(plan.problems)
    assert plan.blocking_problems(create_roles=True) == []


def test_unreadable_timescale_is_a_warning_and_keeps_the_label():
    plan = validate(row(timescale="When the stars align"))
    [problem] = plan.problems
    assert (problem.column, problem.severity) == ("Timescale", Severity.WARNING)
    assert plan.rows[0].timescale.label == "When the stars align"
    assert plan.blocking_problems() == []


def test_duplicate_reference_is_an_error():
    plan = validate(row(2, reference="1.1"), row(3, reference="1.1"))
    [problem] = plan.problems
    assert (problem.row, problem.code) == (3, Code.DUPLICATE_REFERENCE)
    assert "Plan, row 2" in problem.message


def test_missing_activity_text_is_an_error():
    [problem] = validate(row(activity="")).problems
    assert (problem.column, problem.code, problem.severity) == (
        "Activity",
        Code.MISSING_VALUE,
        Severity.ERROR,
    )


def test_status_is_complete_only_when_every_milestone_is_complete():
    assert implied_status(parse_timescale("March 2023 COMPLETE")) == "complete"
    assert implied_status(parse_timescale("March 2023 – COMPLETE March 2024")) is None
    assert implied_status(parse_timescale("Ongoing")) is None
    assert implied_status(parse_timescale("")) is None


def test_status_column_accepts_labels_and_values():
    assert status_from_file("On track") == "on_track"
    assert status_from_file(" OFF_TRACK ") == "off_track"
    assert status_from_file("Green") == "on_track"  # RAG colours
    assert status_from_file("Closed") is None  # finished or abandoned? asked, never guessed


def test_status_needing_commentary_without_it_is_an_error():
    plan = validate(row(status="At risk"))
    [problem] = plan.problems
    assert (problem.column, problem.code) == ("Commentary", Code.MISSING_VALUE)
    assert plan.rows[0].status == "at_risk"


def test_unknown_status_is_an_error():
    [problem] = validate(row(status="Purple")).problems
    assert problem.column == "Status"
    assert "not a status" in problem.message
