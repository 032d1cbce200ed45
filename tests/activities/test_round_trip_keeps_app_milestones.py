"""Export -> import leaves milestones made in the app as they are, whichever way they were made.

Issue 11 point 4: the import rebuilt milestones from the Timescale text, so a milestone added in
the edit form vanished on re-importing the app's own export. Milestones now follow the text only
when the text is new (importing.apply.keep_stored_milestones).
"""

import datetime
import io

import pytest

from django.core.management import call_command
from django.urls import reverse

from activities import services
from activities.models import Activity, Status
from activities.plan_workbook import export_plan
from tests.activities.test_admin import admin_form_data
from tests.activities.test_edit_activity import form_data
from tests.factories import TEST_PLAN, make_activity, make_role, make_theme, the_plan

pytestmark = pytest.mark.django_db

UNCHANGED = "1 activities: 0 created, 0 changed, 1 unchanged; 0 problems"


def milestones(activity: Activity) -> list[tuple]:
    return list(activity.milestones.values_list("label", "due", "completed", "completed_on"))


def round_trip(activity: Activity, tmp_path) -> str:
    """Export the plan, import the workbook; what the import printed first."""
    path = tmp_path / "plan.xlsx"
    export_plan(the_plan(), path)
    out = io.StringIO()
    call_command("import_plan", str(path), stdout=out)
    return out.getvalue().splitlines()[0]


@pytest.fixture
def activity(db):
    theme = make_theme("Local policing", position=1)
    return make_activity(
        reference="1.1",
        theme=theme,
        owners=[make_role("ACC Local Policing")],
        timescale_label="Autumn 2023",
        due=datetime.date(2023, 11, 30),
    )


def test_milestone_added_and_one_re_dated_in_the_edit_form_survive(
    activity, client, editor, tmp_path
):
    client.force_login(editor)
    edits = {
        "milestones-0-label": "Autumn 2023",
        "milestones-0-due": "2023-10-15",  # re-dated, within the period its words name
        "milestones-1-label": "Pilot evaluated",  # added: words the timescale never had
        "milestones-1-due": "2024-05-01",
    }
    response = client.post(
        reverse("activities:edit", args=[TEST_PLAN, "1.1"]), form_data(activity, **edits)
    )
    assert response.status_code == 302
    made = milestones(activity)
    assert len(made) == 2
    assert round_trip(activity, tmp_path) == UNCHANGED
    assert milestones(activity) == made


def test_milestone_added_in_the_admin_survives(activity, client, administrator, tmp_path):
    client.force_login(administrator)
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    data = admin_form_data(client.get(url))
    data.update({"milestones-1-label": "Review", "milestones-1-due": "2024-02-29"})
    assert client.post(url, data).status_code == 302
    made = milestones(activity)
    assert [m[0] for m in made] == ["Autumn 2023", "Review"]
    assert round_trip(activity, tmp_path) == UNCHANGED
    assert milestones(activity) == made


def test_milestone_completed_by_a_status_update_survives(activity, editor, tmp_path):
    services.status_update_create(
        activity=activity,
        status=Status.ON_TRACK,
        commentary="Contract published.",
        milestone=activity.milestones.get(),
        author=editor,
    )
    made = milestones(activity)
    assert made[0][2] is True
    assert round_trip(activity, tmp_path) == UNCHANGED
    assert milestones(activity) == made


def test_milestones_made_by_an_import_survive(db, tmp_path):
    make_theme("Local policing", position=1)
    make_role("ACC Local Policing")
    csv = tmp_path / "plan.csv"
    csv.write_text(
        "Theme,Reference,Activity,Owner(s),Timescale\n"
        "Local policing,1.1,We will listen.,ACC Local Policing,March 2024 and March 2025\n",
        encoding="utf-8",
    )
    call_command("import_plan", str(csv), stdout=io.StringIO())
    activity = Activity.objects.get(reference="1.1")
    made = milestones(activity)
    assert len(made) == 2
    assert round_trip(activity, tmp_path) == UNCHANGED
    assert milestones(activity) == made


def test_new_timescale_text_in_the_file_still_re_derives_the_milestones(
    activity, client, editor, tmp_path
):
    """Only unchanged text keeps the stored milestones: a file that re-dates the activity wins."""
    client.force_login(editor)
    edits = {
        "milestones-0-label": "Autumn 2023",
        "milestones-0-due": "2023-11-30",
        "milestones-1-label": "Pilot evaluated",
        "milestones-1-due": "2024-05-01",
    }
    client.post(reverse("activities:edit", args=[TEST_PLAN, "1.1"]), form_data(activity, **edits))
    csv = tmp_path / "plan.csv"
    csv.write_text(
        "Theme,Reference,Activity,Owner(s),Timescale\n"
        f"Local policing,1.1,{activity.text},ACC Local Policing,June 2026\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_plan", str(csv), stdout=out)
    assert "1 changed" in out.getvalue()
    assert milestones(activity) == [("June 2026", datetime.date(2026, 6, 30), False, None)]
