"""Rows are matched by reference, or without one by their exact text within their theme; never
by position (issue 11 point 5): a file without a Reference column cannot overwrite activities."""

import csv
import json

import pytest

from activities.models import Activity, ActivityChange, ImportRun
from tests.activities.importing.support import (
    PLAN_PATH,
    load_roles_and_themes,
    plan_data_counts,
    run_failing_import,
    run_import,
)
from tests.factories import make_activity

pytestmark = pytest.mark.django_db

THEME_1 = "Neighbourhood policing and local engagement"
OWNER = "ACC Local Policing"


@pytest.fixture
def published(db):
    load_roles_and_themes()
    run_import(PLAN_PATH)


def csv_file(tmp_path, header: list[str], *rows: list[str]):
    path = tmp_path / "plan.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def json_preview(path) -> dict:
    return json.loads(run_import(path, "--dry-run", "--json"))


def snapshot(*references: str) -> list[tuple]:
    activities = Activity.objects.filter(reference__in=references).order_by("reference")
    return list(activities.values_list("reference", "text", "version", "timescale_label"))


def test_rows_in_a_new_theme_without_references_are_created_not_written_over_others(
    published, tmp_path
):
    """The issue's case: two rows, no Reference column, into a tracker holding the published plan."""
    before = snapshot("1.1", "1.2")
    path = csv_file(
        tmp_path,
        ["Theme", "Activity", "Owner(s)", "Timescale"],
        ["Road safety", "We will run a speed watch scheme.", OWNER, "March 2025"],
        ["Road safety", "We will publish collision data.", OWNER, "June 2025"],
    )
    output = run_import(path)
    assert output.splitlines()[0].startswith("2 activities: 2 created, 0 changed, 0 unchanged")
    assert snapshot("1.1", "1.2") == before
    created = Activity.objects.filter(theme__title="Road safety").order_by("position")
    assert [a.reference for a in created] == ["6.1", "6.2"]  # the new theme is the sixth


def test_generated_references_never_collide_with_stored_ones(published, tmp_path):
    path = csv_file(
        tmp_path,
        ["Theme", "Activity", "Owner(s)", "Timescale"],
        [THEME_1, "We will open a front counter.", OWNER, "March 2025"],
        [THEME_1, "We will hold street surgeries.", OWNER, "March 2025"],
    )
    report = json_preview(path)
    new = [(row["reference"], row["matched_by"]) for row in report["activities"]]
    assert new == [("1.20", "new"), ("1.21", "new")]  # 1.1 … 1.19 are taken


def test_row_without_a_reference_is_matched_by_its_exact_text_within_its_theme(published, tmp_path):
    stored = Activity.objects.get(reference="1.4")
    path = csv_file(
        tmp_path,
        ["Theme", "Activity", "Owner(s)", "Timescale"],
        [THEME_1, f"  {stored.text}  ", OWNER, stored.timescale_label],  # whitespace aside
    )
    [row] = json_preview(path)["activities"]
    assert (row["reference"], row["matched_by"], row["outcome"]) == ("1.4", "text", "changed")
    assert set(row["changes"]) == {"owners", "position"}  # the file lists it first in its theme
    run_import(path)
    change = ActivityChange.objects.get(activity=stored, import_run=ImportRun.objects.latest("pk"))
    assert set(change.changes) == {"owners", "position"}


def test_same_text_in_another_theme_is_a_new_activity(published, tmp_path):
    stored = Activity.objects.get(reference="1.4")
    path = csv_file(
        tmp_path,
        ["Theme", "Activity", "Owner(s)", "Timescale"],
        ["Road safety", stored.text, OWNER, "March 2025"],
    )
    [row] = json_preview(path)["activities"]
    assert (row["matched_by"], row["outcome"]) == ("new", "created")


def test_rows_with_a_reference_say_so(published, tmp_path):
    path = csv_file(
        tmp_path,
        ["Theme", "Reference", "Activity", "Owner(s)", "Timescale"],
        [THEME_1, "1.4", "We will reword 1.4.", OWNER, "March 2025"],
        [THEME_1, "1.99", "We will be new.", OWNER, "March 2025"],
    )
    rows = json_preview(path)["activities"]
    assert [(r["reference"], r["matched_by"], r["outcome"]) for r in rows] == [
        ("1.4", "reference", "changed"),
        ("1.99", "new", "created"),
    ]


def test_text_shared_by_two_activities_of_a_theme_is_refused_naming_the_row(db, tmp_path):
    first = make_activity(reference="1.1", text="We will listen.")
    make_activity(reference="1.2", text="We will listen.", theme=first.theme, owners=[])
    path = csv_file(
        tmp_path,
        ["Theme", "Activity", "Owner(s)", "Timescale"],
        [first.theme.title, "We will listen.", first.owner_roles()[0].title, "March 2025"],
    )
    before = plan_data_counts()
    output, error = run_failing_import(path)
    assert "plan.csv, Plan, row 2, Reference: error: Activities 1.1, 1.2" in output
    assert "give it a reference" in output
    assert error == "plan.csv has 1 error(s); nothing was imported."
    assert plan_data_counts() == before


def test_row_whose_text_is_an_activity_the_file_already_names_is_refused(published, tmp_path):
    stored = Activity.objects.get(reference="1.4")
    path = csv_file(
        tmp_path,
        ["Theme", "Reference", "Activity", "Owner(s)", "Timescale"],
        [THEME_1, "1.4", stored.text, OWNER, stored.timescale_label],
        [THEME_1, "", stored.text, OWNER, stored.timescale_label],
    )
    output, _ = run_failing_import(path, "--dry-run")
    assert "row 3, Reference: error: Activity 1.4 has this text" in output
