"""Several plans side by side: a second plan imported from a spreadsheet whose references collide
with the first ("1.1", "1.2" …) leaves the first untouched, through the command (--new-plan, then
--plan) and through the import page choosing a plan; with two plans and no option the command
stops and lists them; --json names the plan the file went into."""

import json
import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import Activity, ActivityChange, ImportRun, Plan, StatusUpdate, Theme
from tests.activities.importing.spreadsheets import EXPORT_HEADER, write_workbook
from tests.activities.importing.support import (
    PLAN_PATH,
    load_roles_and_themes,
    run_failing_import,
    run_import,
)

pytestmark = pytest.mark.django_db

PUBLISHED = "engagement-2022-2024"
# The same references as the published plan, and its first theme's title, with other words.
EQUALITY_ROWS = [
    (
        "Neighbourhood policing and local engagement",
        "1.1",
        "We will publish an equality impact assessment for every neighbourhood plan.",
        "Chief Constable",
        "March 2025",
        "On track",
        "Drafts are with the equality lead.",
        "",
    ),
    (
        "Neighbourhood policing and local engagement",
        "1.2",
        "We will recruit community advisers from under-represented groups.",
        "ACC Local Policing",
        "December 2025",
        "Not started",
        "",
        "",
    ),
    (
        "Workforce representation",
        "2.1",
        "We will report our workforce's make-up every year.",
        "Deputy Chief Constable",
        "Ongoing",
        "Not started",
        "",
        "",
    ),
]


@pytest.fixture
def published(db):
    """The published plan's 53 activities in their plan, imported by the command."""
    load_roles_and_themes()
    run_import(PLAN_PATH, "--plan", PUBLISHED)
    return Plan.objects.get(short_name=PUBLISHED)


@pytest.fixture
def equality_file(tmp_path):
    return write_workbook(tmp_path / "equality.xlsx", [EXPORT_HEADER, *EQUALITY_ROWS])


def state_of(plan) -> dict:
    """Everything about a plan's activities that an import could change, by reference."""
    activities = Activity.objects.in_plans(plan).for_list().prefetch_related("milestones")
    return {
        a.reference: (
            a.pk,
            a.text,
            a.version,
            a.current_status,
            a.theme_id,
            a.next_due,
            a.last_update_at,
            tuple(role.pk for role in a.owner_roles()),
            tuple((m.label, m.due, m.completed) for m in a.milestones.all()),
            StatusUpdate.objects.filter(activity=a).count(),
            ActivityChange.objects.filter(activity=a).count(),
        )
        for a in activities
    } | {"themes": list(plan.themes.values_list("pk", "position", "title"))}


def test_second_plan_with_colliding_references_leaves_the_first_untouched(published, equality_file):
    before = state_of(published)
    assert {"1.1", "1.2", "2.1"} <= set(before)

    output = run_import(equality_file, "--new-plan", "Equality plan 2024 – 2027")

    lines = output.splitlines()
    assert lines[0] == "3 activities: 3 created, 0 changed, 0 unchanged; 0 problems"
    assert "Plan: a new plan, “Equality plan 2024 – 2027” (equality-plan-2024-2027)" in lines
    equality = Plan.objects.get(title="Equality plan 2024 – 2027")
    assert state_of(published) == before
    stored = {a.reference: a for a in Activity.objects.in_plans(equality).for_list()}
    assert sorted(stored) == ["1.1", "1.2", "2.1"]
    assert stored["1.1"].text == EQUALITY_ROWS[0][2]
    assert [r.title for r in stored["1.1"].owner_roles()] == ["Chief Constable"]
    assert stored["1.1"].current_status == "on_track"
    # Its themes are its own, even one titled as the first plan's.
    assert {t.plan_id for t in (a.theme for a in stored.values())} == {equality.pk}
    assert Theme.objects.filter(title=EQUALITY_ROWS[0][0]).count() == 2
    assert ImportRun.objects.order_by("pk").last().plan == equality


def test_importing_into_the_second_plan_again_matches_only_its_own_activities(
    published, equality_file, tmp_path
):
    run_import(equality_file, "--new-plan", "Equality plan")
    equality = Plan.objects.get(title="Equality plan")
    before = state_of(published)

    output = run_import(equality_file, "--plan", equality.short_name)
    lines = output.splitlines()
    assert lines[0] == "3 activities: 0 created, 0 changed, 3 unchanged; 0 problems"
    assert "Plan: “Equality plan” (equality-plan)" in lines

    edited = [list(row) for row in EQUALITY_ROWS]
    edited[0][2] = "We will publish an equality impact assessment for every local plan."
    changed_file = write_workbook(tmp_path / "equality-2.xlsx", [EXPORT_HEADER, *edited])
    output = run_import(changed_file, "--plan", equality.short_name)
    assert "3 activities: 0 created, 1 changed, 2 unchanged" in output.splitlines()[0]
    assert Activity.objects.get(plan=equality, reference="1.1").text == edited[0][2]
    assert state_of(published) == before


def test_with_two_plans_and_no_option_the_command_stops_and_lists_them(published, equality_file):
    run_import(equality_file, "--new-plan", "Equality plan")
    counts = Activity.objects.count(), StatusUpdate.objects.count(), Plan.objects.count()

    _, message = run_failing_import(equality_file)

    assert "There are several plans, so say which one." in message
    assert "engagement-2022-2024 (“What we will deliver 2022 – 2024”, active)" in message
    assert "equality-plan (“Equality plan”, active)" in message
    assert (Activity.objects.count(), StatusUpdate.objects.count(), Plan.objects.count()) == counts


def test_an_unknown_plan_is_refused_naming_the_plans_there_are(published, equality_file):
    _, message = run_failing_import(equality_file, "--plan", "no-such-plan")
    assert "There is no plan with the short name “no-such-plan”" in message
    assert PUBLISHED in message


def test_json_names_the_plan_the_file_went_into(published, equality_file):
    report = json.loads(run_import(equality_file, "--new-plan", "Equality plan", "--json"))
    assert report["plan"] == {"short_name": "equality-plan", "title": "Equality plan", "new": True}
    equality = Plan.objects.get(title="Equality plan")
    report = json.loads(run_import(equality_file, "--plan", equality.short_name, "--json"))
    assert report["plan"] == {
        "short_name": equality.short_name,
        "title": "Equality plan",
        "new": False,
    }


def test_import_page_choosing_a_plan_leaves_the_other_untouched(
    client, administrator, published, equality_file
):
    run_import(equality_file, "--new-plan", "Equality plan")
    equality = Plan.objects.get(title="Equality plan")
    before = state_of(published)
    edited = [list(row) for row in EQUALITY_ROWS]
    edited[1][2] = "We will recruit and keep community advisers from under-represented groups."
    data = write_workbook(equality_file.parent / "page.xlsx", [EXPORT_HEADER, *edited]).read_bytes()
    client.force_login(administrator)

    upload_page = client.get("/import/").content.decode()
    assert (
        'value="engagement-2022-2024"' in upload_page
        and f'value="{equality.short_name}"' in upload_page
    )
    response = client.post(
        "/import/",
        {
            "plan": equality.short_name,
            "new_plan_title": "",
            "plan_file": SimpleUploadedFile("page.xlsx", data),
            "sheet": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    assert "Import preview: into Equality plan" in page  # the plan it goes into, before confirming
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]*)"', page)[1]
    pending = int(re.search(r"/import/(\d+)/", response["Location"])[1])
    applied = client.post(f"/import/{pending}/apply/", {"fingerprint": fingerprint})
    assert applied.status_code == 302, applied.content.decode()[:2000]

    assert Activity.objects.get(plan=equality, reference="1.2").text == edited[1][2]
    assert state_of(published) == before
