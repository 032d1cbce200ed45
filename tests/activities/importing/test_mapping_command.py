"""import_plan --column HEADER=FIELD: supplying or overriding the mapping, reported and remembered."""

import json

import pytest

from activities.models import Activity, ColumnMapping, StatusUpdate
from tests.activities.importing.spreadsheets import write_workbook
from tests.activities.importing.support import run_failing_import, run_import
from tests.factories import TEST_PLAN, default_plan, make_role

pytestmark = pytest.mark.django_db

TRACKER = [
    ("Community safety tracker 2025", None, None, None, None),
    ("Ref", "Action Measure", "Task Owner", "Timeframe", "Notes"),
    ("1", "Hold ward surgeries", "Inspector", "March 2026", "Started"),
    ("2", "Publish the annual report", "Inspector", "June 2026", ""),
]


@pytest.fixture
def tracker(tmp_path):
    make_role("Inspector")
    default_plan()
    return write_workbook(tmp_path / "tracker.xlsx", TRACKER)


def dry_run_json(path, *options):
    return json.loads(run_import(path, "--plan", TEST_PLAN, "--dry-run", "--json", *options))


def test_a_tracker_imports_with_its_columns_suggested_and_reported(tracker):
    report = dry_run_json(tracker)
    assert report["columns"] == {
        "reference": "Ref",
        "activity": "Action Measure",
        "owners": "Task Owner",
        "timescale": "Timeframe",
        "commentary": "Notes",
    }
    assert report["summary"]["created"] == 2
    assert report["column_layout"]["source"] == "suggested"


def test_a_column_option_overrides_a_suggestion(tracker):
    report = dry_run_json(tracker, "--column", "Notes=ignore", "--column", "ref=ignore")
    assert "commentary" not in report["columns"] and "reference" not in report["columns"]
    assert report["column_layout"]["source"] == "chosen"


def test_a_column_option_naming_no_header_is_refused_listing_the_headers(tracker):
    _, error = run_failing_import(tracker, "--plan", TEST_PLAN, "--column", "Owner name=owners")
    assert "“owner name”, not a header of this file" in error
    assert "“Task Owner”" in error and "“Action Measure”" in error


def test_a_bad_field_is_refused_naming_the_fields(tracker):
    _, error = run_failing_import(tracker, "--plan", TEST_PLAN, "--column", "Notes=remarks")
    assert "activity, owners, timescale, theme, reference, status, commentary, ignore" in error


def test_a_missing_required_field_names_the_field_and_the_headers_found(tmp_path):
    default_plan()
    path = write_workbook(tmp_path / "t.xlsx", [("Action", "Timeframe"), ("Do it", "May 2026")])
    _, error = run_failing_import(path, "--plan", TEST_PLAN, "--dry-run")
    assert error == "t.xlsx has 1 error(s); nothing was imported."
    output, _ = run_failing_import(path, "--plan", TEST_PLAN, "--dry-run")
    assert "No “Owner(s)” column: the header row (row 1) has “Action”, “Timeframe”" in output


def test_a_chosen_mapping_is_remembered_for_the_plan_and_used_next_time(tracker, tmp_path):
    run_import(tracker, "--plan", TEST_PLAN, "--column", "Notes=ignore")
    remembered = ColumnMapping.objects.get(plan=default_plan())
    assert remembered.mapping["notes"] == "ignore"
    assert not StatusUpdate.objects.filter(commentary__contains="Started").exists()
    assert Activity.objects.count() == 2
    next_month = write_workbook(tmp_path / "next.xlsx", TRACKER)
    report = dry_run_json(next_month)
    assert report["column_layout"]["source"] == "remembered"
    assert "commentary" not in report["columns"]


def test_a_dry_run_remembers_nothing(tracker):
    dry_run_json(tracker, "--column", "Notes=ignore")
    assert not ColumnMapping.objects.exists()


def test_the_published_plan_reports_its_columns(db):
    from tests.activities.importing.support import PLAN_PATH, load_roles_and_themes

    load_roles_and_themes()
    report = json.loads(run_import(PLAN_PATH, "--dry-run", "--json"))
    assert report["columns"] == {
        "activity": "Activity",
        "owners": "Owner(s)",
        "timescale": "Timescale",
    }


def test_a_status_option_says_what_an_unknown_status_word_means(tmp_path):
    make_role("Inspector")
    default_plan()
    rows = [
        ("Ref", "Action", "Owner", "Deadline", "Status"),
        ("1", "Hold surgeries", "Inspector", "March 2030", "Going fine"),
    ]
    path = write_workbook(tmp_path / "t.xlsx", rows)
    output, _ = run_failing_import(path, "--plan", TEST_PLAN, "--dry-run")
    assert "Going fine" in output
    report = dry_run_json(path, "--status", "going FINE=on_track")
    assert report["activities"][0]["status"] == "on_track"
    _, error = run_failing_import(path, "--plan", TEST_PLAN, "--status", "Going fine=great")
    assert "not one of not_started, on_track" in error
