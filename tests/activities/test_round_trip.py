"""Exporting the plan and importing the workbook again changes nothing, formula-like text included."""

import datetime
import io
from pathlib import Path

import pytest

from django.core.management import call_command

from activities import services
from activities.importing.apply import CHANGED, CREATED, UNCHANGED, build_preview
from activities.importing.parse import parse_plan
from activities.models import Activity, ActivityChange, Status, StatusUpdate
from activities.plan_workbook import export_plan
from activities.timescales import MilestoneSpec
from tests.activities.importing.support import PLAN_PATH, load_roles_and_themes
from tests.factories import import_destination_for, make_activity, make_theme, the_plan

pytestmark = pytest.mark.django_db

PUBLISHED_ACTIVITIES = 53


def export_to(tmp_path: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    export_plan(the_plan(), path)
    return path


def preview_of(path: Path):
    return build_preview(
        parse_plan(path.read_bytes(), file_name=path.name), import_destination_for(path.name)
    )


def history_counts() -> tuple[int, int]:
    return ActivityChange.objects.count(), StatusUpdate.objects.count()


@pytest.fixture
def worked_plan(db, editor, reviewer):
    """The published plan after some months of use: updates, a review, an edited activity."""
    load_roles_and_themes()
    call_command("import_plan", str(PLAN_PATH), stdout=io.StringIO())
    first, second, third = Activity.objects.order_by("theme__position", "position")[:3]
    services.status_update_create(
        activity=first,
        status=Status.AT_RISK,
        commentary='=HYPERLINK("http://example.com","Supplier") is late.\nSecond line.',
        author=editor,
    )
    services.status_update_create(
        activity=second,
        status=Status.ON_TRACK,
        commentary="+44 1225 000000 line opened",
        kind=StatusUpdate.Kind.REVIEW,
        author=reviewer,
    )
    services.status_update_create(  # after the review comment: the latest commentary
        activity=second, status=Status.ON_TRACK, commentary="@partners briefed", author=editor
    )
    fields = services.ActivityFields(
        theme=third.theme,
        text="-1 week: we will publish the contract early.",
        timescale_label=third.timescale_label,
        ongoing=third.ongoing,
        owners=third.owner_roles(),
        milestones=[
            MilestoneSpec(label=m.label, due=m.due, completed=m.completed)
            for m in third.milestones.order_by("position")
        ],
    )
    services.activity_update(
        activity=third, fields=fields, expected_version=third.version, author=editor
    )
    return first, second, third


def test_exported_plan_previews_as_all_unchanged(worked_plan, tmp_path):
    preview = preview_of(export_to(tmp_path))
    counts = preview.counts()
    assert (counts[CREATED], counts[CHANGED]) == (0, 0)
    assert counts[UNCHANGED] == PUBLISHED_ACTIVITIES
    assert counts["absent"] == 0
    assert [problem for problem in preview.problems if problem.is_error] == []


def test_formula_like_text_reads_back_identical(worked_plan, tmp_path):
    first, second, third = worked_plan
    rows = {row.reference: row for row in preview_of(export_to(tmp_path)).plan.rows}
    assert rows[third.reference].text == "-1 week: we will publish the contract early."
    assert rows[first.reference].commentary == (
        '=HYPERLINK("http://example.com","Supplier") is late.\nSecond line.'
    )
    assert rows[second.reference].commentary == "@partners briefed"
    assert rows[first.reference].status == Status.AT_RISK


def test_importing_the_export_writes_no_history(worked_plan, tmp_path):
    path = export_to(tmp_path)
    before = history_counts()
    out = io.StringIO()
    call_command("import_plan", str(path), stdout=out)
    assert out.getvalue().splitlines()[0] == (
        f"{PUBLISHED_ACTIVITIES} activities: 0 created, 0 changed, "
        f"{PUBLISHED_ACTIVITIES} unchanged; 0 problems"
    )
    assert history_counts() == before


def test_activities_without_owners_milestones_or_end_dates_round_trip(db, tmp_path):
    theme = make_theme("Edge cases", position=1)
    make_activity(reference="1.1", theme=theme, owners=[], milestones=[], timescale_label="")
    make_activity(
        reference="1.2",
        theme=theme,
        ongoing=True,
        timescale_label="Ongoing",
        milestones=[MilestoneSpec(label="Ongoing", due=None)],
    )
    make_activity(
        reference="1.3", theme=theme, due=datetime.date(2024, 3, 31), timescale_label="March 2024"
    )
    before = history_counts()
    preview = preview_of(export_to(tmp_path))
    assert preview.counts()[UNCHANGED] == 3
    assert [problem for problem in preview.problems if problem.is_error] == []
    call_command("import_plan", str(export_to(tmp_path)), stdout=io.StringIO())
    assert history_counts() == before


def test_milestone_completed_in_the_app_survives_reimport(db, tmp_path):
    activity = make_activity(
        reference="1.1", due=datetime.date(2024, 3, 31), timescale_label="March 2024"
    )
    services.status_update_create(
        activity=activity,
        status=Status.ON_TRACK,
        commentary="Delivered.",
        milestone=activity.milestones.get(),
    )
    assert preview_of(export_to(tmp_path)).counts()[UNCHANGED] == 1
