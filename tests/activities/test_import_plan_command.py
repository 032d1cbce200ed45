import datetime
import json
import os
import subprocess
import sys

import pytest

from django.conf import settings

from activities import services
from activities.models import Activity, ActivityChange, ImportRun, Status, StatusUpdate, Theme
from tests.activities.importing.support import (
    PLAN_PATH,
    edited_plan,
    load_roles_and_themes,
    plan_data_counts,
    run_failing_import,
    run_import,
)
from tests.published_plan_expected import EXPECTED_ROWS

pytestmark = pytest.mark.django_db

ACTIVITY_1_3 = "We will develop a Neighbourhood Policing Team toolkit"
UNKNOWN_OWNER = ("Digital Channels Manager Community", "Chief Dragon Keeper Community")


@pytest.fixture
def roles_and_themes(db):
    load_roles_and_themes()


def test_import_creates_the_53_activities_of_the_published_plan(roles_and_themes):
    output = run_import(PLAN_PATH)
    assert output.splitlines()[0] == "53 activities: 53 created, 0 changed, 0 unchanged; 0 problems"
    assert Activity.objects.count() == 53
    assert Theme.objects.count() == 5
    stored = {a.reference: a for a in Activity.objects.for_list().prefetch_related("milestones")}
    for expected in EXPECTED_ROWS:
        activity = stored[expected.reference]
        assert activity.theme.position == expected.theme_position
        assert activity.text.startswith(" ".join(expected.activity_start.split()))
        assert tuple(role.title for role in activity.owner_roles()) == expected.owners
        milestones = tuple(
            (m.label, m.due.isoformat() if m.due else None, m.completed)
            for m in activity.milestones.order_by("position")
        )
        assert milestones == expected.milestones, expected.reference
        assert activity.ongoing == expected.ongoing


def test_import_records_an_import_run_that_authors_the_history(roles_and_themes):
    run_import(PLAN_PATH)
    run = ImportRun.objects.get()
    assert run.file_name == PLAN_PATH.name
    assert run.file_format == "published-text"
    assert len(run.sha256) == 64
    assert run.counts == {
        "created": 53,
        "changed": 0,
        "unchanged": 0,
        "absent": 0,
        "themes_created": 0,
        "roles_created": 0,
    }
    created = ActivityChange.objects.filter(action=ActivityChange.Action.CREATED)
    assert created.count() == 53
    assert set(created.values_list("import_run", "author")) == {(run.pk, None)}
    assert created.first().author_name == f"Import of {PLAN_PATH.name}"


def test_activity_whose_milestones_are_all_complete_is_imported_as_complete(roles_and_themes):
    run_import(PLAN_PATH)
    complete = Activity.objects.get(reference="1.2")  # "March 2023 COMPLETE"
    assert complete.current_status == Status.COMPLETE
    update = complete.status_updates.get()
    assert (update.import_run, update.author) == (ImportRun.objects.get(), None)
    partly = Activity.objects.get(reference="4.2")  # two of three milestones complete
    assert partly.current_status == Status.NOT_STARTED
    assert not partly.status_updates.exists()


def test_dry_run_json_prints_what_was_parsed_and_writes_nothing(roles_and_themes):
    before = plan_data_counts()
    parsed = json.loads(run_import(PLAN_PATH, "--dry-run", "--json"))
    assert plan_data_counts() == before
    assert {"activities", "problems"} <= parsed.keys()
    assert parsed["problems"] == []
    assert len(parsed["activities"]) == 53
    first = parsed["activities"][0]
    assert {k: first[k] for k in ("theme", "reference", "owners", "timescale", "ongoing")} == {
        "theme": "Neighbourhood policing and local engagement",
        "reference": "1.1",
        "owners": [
            "Head of Corporate Communications & Engagement",
            "ACC Local Policing",
            "Chief Superintendent Local Policing",
        ],
        "timescale": "Autumn 2023",
        "ongoing": False,
    }
    assert first["activity"].startswith("We will deliver a ‘Community Contract’ laying out")
    assert first["milestones"] == [{"due": "2023-11-30", "label": "Autumn 2023", "complete": False}]
    assert first["status"] is None
    by_reference = {row["reference"]: row for row in parsed["activities"]}
    assert by_reference["1.18"]["timescale"] == "August 2022 COMPLETE"
    assert by_reference["1.18"]["status"] == "complete"
    assert by_reference["1.6"]["ongoing"] is True
    assert by_reference["1.6"]["milestones"] == [
        {"due": None, "label": "Ongoing", "complete": False}
    ]


def test_dry_run_summary_says_nothing_was_written(roles_and_themes):
    output = run_import(PLAN_PATH, "--dry-run")
    assert output.splitlines()[0].endswith("(dry run: nothing written)")
    assert Activity.objects.count() == 0


def test_second_import_creates_and_changes_nothing(roles_and_themes):
    run_import(PLAN_PATH)
    history = (ActivityChange.objects.count(), StatusUpdate.objects.count())
    versions = dict(Activity.objects.values_list("reference", "version"))
    output = run_import(PLAN_PATH)
    assert output.splitlines()[0] == "53 activities: 0 created, 0 changed, 53 unchanged; 0 problems"
    assert Activity.objects.count() == 53
    assert (ActivityChange.objects.count(), StatusUpdate.objects.count()) == history
    assert dict(Activity.objects.values_list("reference", "version")) == versions
    assert ImportRun.objects.latest("pk").counts["unchanged"] == 53


def test_reimport_of_an_edited_plan_changes_exactly_that_activity(roles_and_themes, tmp_path):
    """The published text has no references: 1.3 is found by its text, and its new timescale
    changes it (point 5 of issue 11: a reworded activity is a new one, never "the one at 1.3")."""
    run_import(PLAN_PATH)
    edited = edited_plan(tmp_path, ("December 2022 COMPLETE |", "March 2024 |"))
    output = run_import(edited)
    assert output.splitlines()[0] == "53 activities: 0 created, 1 changed, 52 unchanged; 0 problems"
    change = ActivityChange.objects.get(action=ActivityChange.Action.UPDATED)
    assert change.activity.reference == "1.3"
    assert change.import_run == ImportRun.objects.latest("pk")
    assert set(change.changes) == {"timescale_label", "milestones"}
    assert change.changes["timescale_label"] == {
        "old": "December 2022 COMPLETE",
        "new": "March 2024",
    }
    activity = change.activity
    assert activity.version == 2
    assert activity.next_due == datetime.date(2024, 3, 31)


def test_reworded_activity_without_a_reference_is_new_and_the_old_one_is_kept(
    roles_and_themes, tmp_path
):
    run_import(PLAN_PATH)
    reworded = "We will develop a Neighbourhood Policing Team handbook"
    output = run_import(edited_plan(tmp_path, (ACTIVITY_1_3, reworded)), "--json")
    report = json.loads(output)
    summary = report["summary"]
    assert (summary["created"], summary["changed"], summary["absent"]) == (1, 0, 1)
    new = next(row for row in report["activities"] if row["matched_by"] == "new")
    assert new["activity"].startswith(reworded)
    assert new["reference"] == "1.20"  # 1.3 is taken: the first free number in theme 1
    assert report["absent"][0]["reference"] == "1.3"
    assert Activity.objects.get(reference="1.3").text.startswith(ACTIVITY_1_3)
    assert Activity.objects.get(reference="1.20").text.startswith(reworded)


def test_renamed_theme_survives_reimport(roles_and_themes):
    run_import(PLAN_PATH)
    Theme.objects.filter(position=2).update(title="Contact us")
    output = run_import(PLAN_PATH)
    assert "0 changed, 53 unchanged" in output
    assert Theme.objects.get(position=2).title == "Contact us"


def test_activity_missing_from_the_file_is_kept_and_reported(roles_and_themes, tmp_path):
    run_import(PLAN_PATH)
    last = "We will transparently communicate the Force’s position"
    text = PLAN_PATH.read_text(encoding="utf-8")
    shorter = tmp_path / "plan.txt"
    shorter.write_text(text[: text.index(last)], encoding="utf-8")
    output = run_import(shorter)
    assert "1 in the database but not in the file (kept)" in output.splitlines()[0]
    assert Activity.objects.filter(reference="5.9").exists()
    assert ImportRun.objects.latest("pk").counts["absent"] == 1


def test_status_changed_since_import_is_set_back_by_the_file(roles_and_themes):
    run_import(PLAN_PATH)
    activity = Activity.objects.get(reference="1.2")
    services.status_update_create(activity=activity, status=Status.ON_TRACK)
    run_import(PLAN_PATH)
    activity.refresh_from_db()
    assert activity.current_status == Status.COMPLETE
    latest = activity.status_updates.first()
    assert latest.import_run == ImportRun.objects.latest("pk")


def line_of(path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_unknown_owner_is_refused_naming_file_row_and_column(roles_and_themes, tmp_path):
    edited = edited_plan(tmp_path, UNKNOWN_OWNER)
    before = plan_data_counts()
    output, error = run_failing_import(edited)
    assert error == "plan.txt has 1 error(s); nothing was imported."
    line = line_of(edited, "Chief Dragon Keeper")
    assert f"plan.txt, Table 1, row {line}, Owner(s): error: “Chief Dragon Keeper”" in output
    assert plan_data_counts() == before


def test_unknown_owner_is_listed_as_a_role_to_create_in_the_json(roles_and_themes, tmp_path):
    edited = edited_plan(tmp_path, UNKNOWN_OWNER)
    output, _ = run_failing_import(edited, "--json")
    parsed = json.loads(output)
    assert parsed["roles_to_create"] == ["Chief Dragon Keeper"]
    [problem] = parsed["problems"]
    assert problem["row"] == line_of(edited, "Chief Dragon Keeper")
    assert (problem["sheet"], problem["column"], problem["severity"]) == (
        "Table 1",
        "Owner(s)",
        "error",
    )
    assert Activity.objects.count() == 0


def test_create_roles_imports_unknown_owner_text_as_a_new_role(roles_and_themes, tmp_path):
    run_import(edited_plan(tmp_path, UNKNOWN_OWNER), "--create-roles")
    activity = Activity.objects.get(reference="1.10")
    assert [role.title for role in activity.owner_roles()] == [
        "Community Engagement Communications Officer",
        "Chief Dragon Keeper",
    ]
    assert ImportRun.objects.get().counts["roles_created"] == 1


def test_unreadable_timescale_is_a_warning_and_the_label_is_kept(roles_and_themes, tmp_path):
    edited = edited_plan(tmp_path, ("December 2022 COMPLETE |", "When the stars align |"))
    output = run_import(edited)
    line = line_of(edited, "When the stars align")
    assert output.splitlines()[0] == "53 activities: 53 created, 0 changed, 0 unchanged; 1 problem"
    assert f"plan.txt, Table 1, row {line}, Timescale: warning:" in output
    activity = Activity.objects.get(reference="1.3")
    assert activity.timescale_label == "When the stars align"
    assert not activity.milestones.exists()


def test_missing_file_is_a_clear_error(db, tmp_path):
    _, error = run_failing_import(tmp_path / "absent.txt")
    assert error.endswith("absent.txt does not exist.")


def test_file_without_a_table_is_a_clear_error(db, tmp_path):
    chrome = tmp_path / "page.txt"
    chrome.write_text("Cookie banner\nSorry, there was a technical problem.\n", encoding="utf-8")
    _, error = run_failing_import(chrome)
    assert error.startswith("No plan table found")


def test_file_over_the_size_limit_is_a_clear_error(db, settings):
    settings.PLAN_IMPORT_MAX_BYTES = 1000
    _, error = run_failing_import(PLAN_PATH)
    assert "the limit is 1,000 bytes" in error


def test_user_option_records_who_ran_the_import(roles_and_themes, administrator):
    run_import(PLAN_PATH, "--user", "administrator")
    assert ImportRun.objects.get().user == administrator


def test_command_exits_non_zero_when_the_file_cannot_be_imported(tmp_path):
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    finished = subprocess.run(
        [sys.executable, "manage.py", "import_plan", str(tmp_path / "absent.txt")],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 1
    assert "absent.txt does not exist." in finished.stderr
