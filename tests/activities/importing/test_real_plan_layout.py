"""A plan laid out as real trackers are, imported end to end (`import_plan --dry-run --json`).

Group labels written once, US dates, "In progress", "Quarterly", "May 2016 – August 2018", owners
joined by "&" and "/": every field checked as a careful reader of the sheet would state it.
"""

import json

import pytest

from activities.importing.parse import parse_plan
from activities.importing.read import read_plan
from activities.importing.rows import validate_rows
from owners.models import OwnerRole
from owners.parsing import OwnerMatcher
from tests.activities.importing.spreadsheets import write_workbook
from tests.activities.importing.support import run_failing_import
from tests.factories import make_role

pytestmark = pytest.mark.django_db

HEAD = "Head of Corporate Communications & Engagement"
SHEET = [
    ("Workstream", "Action", "Lead", "Timeframe", "Status", "Progress update"),
    ("Neighbourhood policing", "Hold beat meetings", "Gilly & Alex", "Monthly", "In progress", "Held in every ward"),
    (None, "Publish the contact review", "ACC Local Policing", "03/04/2024", "Delayed", "Awaiting legal advice"),
    (None, "Refresh the neighbourhood pages", "Peta / GM", "04/13/2024", "Done", None),
    ("Victims and witnesses", "Deliver the victims' strategy", "GM / Peta", "May 2016 – August 2018", "Completed", None),
    (None, "Survey victims", HEAD, "Quarterly", "Pending", None),
    (None, "Report to the board", "Chief Constable; Gilly", "November 23, 2025", "Open", None),
]  # fmt: skip


@pytest.fixture
def plan_file(tmp_path):
    for title in ("ACC Local Policing", HEAD, "Chief Constable"):
        make_role(title)
    return write_workbook(tmp_path / "tracker.xlsx", SHEET)


def test_every_field_of_a_real_layout_reads_as_written(plan_file):
    printed, error = run_failing_import(plan_file, "--dry-run", "--json", "--create-roles")
    report = json.loads(printed)
    got = [
        (
            entry["theme"],
            entry["theme_filled"],
            entry["activity"],
            entry["owners"],
            entry["unknown_owners"],
            [(m["label"], m["due"]) for m in entry["milestones"]],
            entry["recurrence"],
            entry["status"],
        )
        for entry in report["activities"]
    ]
    assert got == [
        ("Neighbourhood policing", False, "Hold beat meetings", [], ["Gilly", "Alex"],
         [("Monthly", None)], "monthly", "on_track"),
        ("Neighbourhood policing", True, "Publish the contact review", ["ACC Local Policing"], [],
         [("03/04/2024", "2024-03-04")], None, "off_track"),
        ("Neighbourhood policing", True, "Refresh the neighbourhood pages", [], ["Peta", "GM"],
         [("04/13/2024", "2024-04-13")], None, "complete"),
        ("Victims and witnesses", False, "Deliver the victims' strategy", [], ["GM", "Peta"],
         [("May 2016 – August 2018", "2018-08-31")], None, "complete"),
        ("Victims and witnesses", True, "Survey victims", [HEAD], [],
         [("Quarterly", None)], "quarterly", "not_started"),
        ("Victims and witnesses", True, "Report to the board", ["Chief Constable"], ["Gilly"],
         [("November 23, 2025", "2025-11-23")], None, None),
    ]  # fmt: skip
    assert report["roles_to_create"] == ["Gilly", "Alex", "Peta", "GM"]
    assert [t["title"] for t in report["themes_to_create"]] == [
        "Neighbourhood policing",
        "Victims and witnesses",
    ]
    # The one question left (owners will be created): what "Open" means.
    blocking = [p for p in report["problems"] if p["severity"] == "error"]
    assert [
        (p["row"], p["column"], p["code"]) for p in blocking if p["code"] != "unknown-owner"
    ] == [(7, "Status (E)", "unknown-status")]
    # The US order is reported, never silent.
    assert any(
        p["code"] == "uncertain-date" and "month first (US order)" in p["message"]
        for p in report["problems"]
    )
    assert error == "tracker.xlsx has 1 error(s); nothing was imported."


def test_a_chosen_meaning_for_open_leaves_nothing_blocking(plan_file):
    raw = read_plan(plan_file.read_bytes(), file_name="tracker.xlsx", max_bytes=10**7, max_rows=100)
    matcher = OwnerMatcher(OwnerRole.objects.known_roles())
    plan = validate_rows(raw, matcher=matcher, status_mapping={"open": "on_track"})
    assert plan.rows[-1].status == "on_track"
    assert plan.unknown_status_words == {}
    assert plan.blocking_problems(create_roles=True) == []


def test_the_parse_door_lists_the_status_word_to_ask_about_with_its_row(plan_file):
    plan = parse_plan(plan_file.read_bytes(), file_name="tracker.xlsx")
    assert {
        word: [p.row for p in places] for word, places in plan.unknown_status_words.items()
    } == {"Open": [7]}
