"""Which field each column feeds: suggested from its header's words and from its values."""

import datetime

import pytest

from activities.importing.headers import canonical_column, find_header, fuzzy_rank
from activities.importing.mapping import (
    ColumnChoiceError,
    header_signature,
    parse_column_option,
    refine,
)


@pytest.mark.parametrize(
    ("written", "column"),
    [
        ("Task Owner", "owners"),
        ("Responsible Team", "owners"),
        ("Lead organisation", "owners"),
        ("Assigned to", "owners"),
        ("Team", "owners"),
        ("Action owner", "owners"),  # the head noun, last, wins
        ("Timeframe", "timescale"),
        ("Action due date", "timescale"),
        ("Action Measure", "activity"),
        ("Actions embedding", "activity"),
        ("Status update", "commentary"),
        ("Engagement plan for the whole force in 2024 and beyond", None),  # a sentence
        ("Last updated", None),
    ],
)
def test_a_longer_header_suggests_a_field_by_its_words(written, column):
    found = fuzzy_rank(written)
    assert (found[0] if found else None) == column


def test_words_inside_a_header_never_make_it_an_exact_name():
    assert canonical_column("Task Owner") is None
    assert canonical_column("Next due") is None


def test_a_tracker_header_with_no_exact_names_is_found_by_its_words():
    rows = [
        (1, ("Community safety action plan", None, None, None)),
        (2, ("Action Measure", "Task Owner", "Timeframe", "RAG")),
        (3, ("Hold surgeries", "Neighbourhood team", "Q3 2025/26", "Green")),
    ]
    header = find_header(rows)
    assert header.row == 2
    assert {name: c.written for name, c in header.columns.items()} == {
        "activity": "Action Measure",
        "owners": "Task Owner",
        "timescale": "Timeframe",
        "status": "RAG",
    }


def test_an_exact_header_beats_a_word_match_for_the_same_field():
    header = find_header([(1, ("Activity", "Owner", "Next due", "Timescale"))])
    assert header.columns["timescale"].written == "Timescale"
    assert header.shadowed == ()  # a word match losing is not worth a warning


def test_a_persons_choice_beats_every_name_and_can_ignore_a_column():
    choices = {"notes": "activity", "owner": "ignore", "who": "owners"}
    header = find_header([(1, ("Notes", "Owner", "Who", "Timescale"))], choices)
    assert {name: c.written for name, c in header.columns.items()} == {
        "activity": "Notes",
        "owners": "Who",
        "timescale": "Timescale",
    }


def refined(cells, samples):
    header = find_header([(1, cells)])
    return refine(header, samples)


def test_a_priority_column_of_high_medium_low_is_not_a_theme():
    header, reasons = refined(
        ("Priority", "Action", "Lead", "Deadline"), {0: ["High", "Medium", "Low", "High"]}
    )
    assert "theme" not in header.columns
    assert "priorities" in reasons[0]


def test_a_status_column_of_long_notes_is_commentary():
    notes = ["Meetings held with partners in March; next steps agreed with the council"] * 3
    header, reasons = refined(("Action", "Lead", "Deadline", "Status"), {3: notes})
    assert header.columns["commentary"].written == "Status"
    assert "status" not in header.columns


def test_a_status_column_of_status_words_stays_the_status():
    header, _ = refined(("Action", "Lead", "Deadline", "Status"), {3: ["Green", "In progress"]})
    assert header.columns["status"].written == "Status"


@pytest.mark.parametrize(
    "values",
    [
        [datetime.datetime(2025, 3, 31), datetime.datetime(2025, 6, 30)],
        ["31/03/2025", "30/06/2025", "November 23, 2025"],
        ["Q3 2025/26", "Q4 2025/26"],
        ["45747", "45838"],  # Excel day numbers stored as text
    ],
)
def test_an_unnamed_column_of_dates_is_the_timescale(values):
    header, reasons = refined(("Action", "Lead", "Complete by end of"), {2: values})
    assert header.columns["timescale"].written == "Complete by end of"
    assert reasons[2] == "its values are dates"


def test_without_an_activity_header_the_column_of_longest_text_is_the_activity():
    texts = ["Hold monthly surgeries in every ward with partners"] * 3
    header, _ = refined(("Ref", "What", "Lead", "Deadline"), {0: ["1", "2"], 1: texts})
    assert header.columns["activity"].written == "What"


def test_signature_ignores_case_spacing_and_punctuation_but_not_order():
    assert header_signature(["Task  Owner", "Timeframe"]) == header_signature(
        ["task owner", "TIMEFRAME"]
    )
    assert header_signature(["Timeframe", "Task Owner"]) != header_signature(
        ["Task Owner", "Timeframe"]
    )


def test_a_column_option_names_a_header_and_a_field():
    assert parse_column_option("Action Measure = Activity") == ("action measure", "activity")
    assert parse_column_option("Owner=Lead=owners") == ("owner lead", "owners")


@pytest.mark.parametrize("option", ["Action Measure", "=activity", "Task Owner=boss"])
def test_a_bad_column_option_is_refused_saying_how_to_write_one(option):
    with pytest.raises(ColumnChoiceError):
        parse_column_option(option)
