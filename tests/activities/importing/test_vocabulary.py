"""vocabulary.py: the status words of real plans, the words asked about, and notes in a status column."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from activities.importing.problems import Code, Severity
from activities.importing.read import RawCell, RawPlan, RawRow
from activities.importing.rows import validate_rows
from activities.importing.vocabulary import (
    ASKED_STATUS_WORDS,
    COMMENTARY,
    STATUS_WORDS,
    RowPlace,
    judge_status_column,
    read_status,
    status_from_file,
    unknown_status_words,
)
from activities.models import Status
from owners.parsing import KnownRole, OwnerMatcher


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("In progress", "on_track"),
        ("In-Progress", "on_track"),
        ("IN PROGRESS.", "on_track"),
        ("Pending", "not_started"),
        ("Not yet started", "not_started"),
        ("Not started", "not_started"),
        ("Delayed", "off_track"),
        ("Behind schedule", "off_track"),
        ("On hold", "off_track"),
        ("Done", "complete"),
        ("Completed", "complete"),
        ("Complete", "complete"),
        ("Closed - complete", "complete"),
        ("Red", "off_track"),
        ("Amber", "at_risk"),
        ("Green", "on_track"),
        ("RAG: Amber", "at_risk"),
        ("Blue", "complete"),
        ("Cancelled", "withdrawn"),
        ("No longer required", "withdrawn"),
        ("at_risk", "at_risk"),
    ],
)
def test_known_status_words_read_as_our_status(written, status):
    assert status_from_file(written) == status


@pytest.mark.parametrize("written", ["Closed", "Open", "Deferred", "Purple", "WIP"])
def test_ambiguous_or_unknown_words_are_never_guessed(written):
    assert status_from_file(written) is None
    assert read_status(written).unknown


def test_every_table_word_reads_as_its_status_and_no_word_is_both_known_and_asked():
    for word, status in STATUS_WORDS.items():
        assert status_from_file(word) == status.value
    assert not set(STATUS_WORDS) & set(ASKED_STATUS_WORDS)


def test_unknown_words_are_listed_once_each_with_every_row_they_are_on():
    cells = [
        (RowPlace("Plan", 2), "In progress"),
        (RowPlace("Plan", 3), "Open"),
        (RowPlace("Plan", 4), "open "),
        (RowPlace("Plan", 5), "Purple"),
        (RowPlace("Plan", 6), ""),
        (RowPlace("Plan", 7), "OPEN"),
    ]
    assert unknown_status_words(cells) == {
        "Open": (RowPlace("Plan", 3), RowPlace("Plan", 4), RowPlace("Plan", 7)),
        "Purple": (RowPlace("Plan", 5),),
    }


def test_a_mapping_chooses_a_status_or_commentary_for_a_word_whatever_its_case():
    mapping = {"Open": "on_track", "Purple": COMMENTARY, "delayed": "at_risk"}
    assert read_status("OPEN", mapping).status == "on_track"
    assert read_status("Purple", mapping).commentary == "Purple"
    assert read_status("Purple", mapping).status is None
    assert read_status("Delayed", mapping).status == "at_risk"  # a choice overrides the table
    assert unknown_status_words([(RowPlace("Plan", 2), "open")], mapping) == {}


def test_a_mapping_to_something_that_is_not_a_status_is_refused():
    with pytest.raises(ValueError, match="neither a status nor"):
        read_status("Open", {"Open": "sort of"})


@pytest.mark.parametrize(
    ("values", "is_commentary"),
    [
        (["In progress", "Complete", "Delayed", "Green"], False),
        (["Open", "Closed", "Open"], False),  # asked about, but status words
        (["WIP", "TBC", "Purple"], False),  # short unknown words: statuses to ask about
        (
            [
                "Workshops held with three districts; the fourth is booked for May.",
                "Draft policy written and with legal services for review.",
                "Complete",
            ],
            True,
        ),
        (["Survey sent to partners, results due", "Awaiting budget sign-off from finance"], True),
        ([], False),
    ],
)
def test_a_status_column_of_long_free_text_is_judged_commentary(values, is_commentary):
    assert judge_status_column(values).is_commentary is is_commentary


def test_judgement_reports_its_evidence():
    judgement = judge_status_column(["Complete", "Open", "Lots of notes here", "  "])
    assert (judgement.values, judgement.known_share) == (3, 2 / 3)


@given(st.text(max_size=40))
def test_reading_any_text_never_raises(text):
    reading = read_status(text)
    assert reading.status is None or reading.status in Status.values


MATCHER = OwnerMatcher([KnownRole("Lead")])


def plan_of(*statuses: str, mapping=None):
    rows = tuple(
        RawRow(
            "Plan",
            number,
            {
                "activity": RawCell(f"We will {number}.", number, "Action"),
                "owners": RawCell("Lead", number, "Lead"),
                "timescale": RawCell("March 2024", number, "Timescale"),
                "status": RawCell(status, number, "Status", "D"),
                "commentary": RawCell("Why", number, "Progress", "E"),
            },
            theme_position=1,
            position=number,
        )
        for number, status in enumerate(statuses, start=2)
    )
    return validate_rows(RawPlan("spreadsheet", rows), matcher=MATCHER, status_mapping=mapping)


def test_an_unknown_word_is_one_error_at_its_first_row_naming_every_row():
    plan = plan_of("Open", "In progress", "open", "Open", "Open", "Closed")
    assert [(p.row, p.column, p.code, p.severity) for p in plan.problems] == [
        (2, "Status (D)", Code.UNKNOWN_STATUS, Severity.ERROR),
        (7, "Status (D)", Code.UNKNOWN_STATUS, Severity.ERROR),
    ]
    assert "(rows 2, 4, 5 and 1 more)" in plan.problems[0].message
    assert "finished to some plans and abandoned to others" in plan.problems[1].message
    assert list(plan.unknown_status_words) == ["Open", "Closed"]
    assert [row.status for row in plan.rows] == [None, "on_track", None, None, None, None]


def test_a_mapping_clears_the_question_and_commentary_words_join_the_commentary():
    plan = plan_of(
        "Open", "Awaiting funding", mapping={"open": "on_track", "Awaiting funding": COMMENTARY}
    )
    assert plan.problems == ()
    assert [(row.status, row.commentary) for row in plan.rows] == [
        ("on_track", "Why"),
        (None, "Why\nAwaiting funding"),
    ]
