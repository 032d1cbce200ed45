"""An import that re-dates an activity keeps the work the tracker recorded, and an activity it adds
takes a free place in its theme, so the plan's own export still reads back unchanged.

Found by trying the product: a file giving 1.1 a new timescale dropped its completed milestone and
relabelled it, so the status update that completed "Autumn 2023" read "Completed milestone: December
2030"; and a new activity given the file's row number shared a place with a stored one, so the next
export listed it among them and re-importing that export moved 16 activities.
"""

import datetime
import io

import pytest

from django.core.management import call_command

from activities import services
from activities.models import Activity, Status
from activities.plan_workbook import export_plan
from tests.factories import make_activity, make_role, make_theme, the_plan

pytestmark = pytest.mark.django_db
HEADER = "Theme,Reference,Activity,Owner(s),Timescale\n"


@pytest.fixture
def role(db):
    return make_role("ACC Local Policing")


@pytest.fixture
def theme(role):
    return make_theme("Local policing", position=1)


def import_csv(tmp_path, body: str) -> str:
    path = tmp_path / "plan.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    out = io.StringIO()
    call_command("import_plan", str(path), stdout=out)
    return out.getvalue().splitlines()[0]


def test_a_new_timescale_in_a_file_keeps_the_completed_milestone_and_its_update(
    theme, role, editor, tmp_path
):
    activity = make_activity(
        reference="1.1",
        theme=theme,
        owners=[role],
        timescale_label="Autumn 2023",
        due=datetime.date(2023, 11, 30),
    )
    update = services.status_update_create(
        activity=activity,
        status=Status.ON_TRACK,
        commentary="Delivered.",
        milestone=activity.milestones.get(),
        author=editor,
    )

    import_csv(tmp_path, f"Local policing,1.1,{activity.text},ACC Local Policing,December 2030\n")

    got = list(activity.milestones.values_list("label", "due", "completed"))
    assert got == [
        ("Autumn 2023", datetime.date(2023, 11, 30), True),
        ("December 2030", datetime.date(2030, 12, 31), False),
    ]
    update.refresh_from_db()
    assert update.milestone.label == "Autumn 2023"


def test_a_new_activity_takes_a_free_place_and_the_export_still_reads_back_unchanged(
    theme, role, tmp_path
):
    for number in range(1, 6):
        make_activity(
            reference=f"1.{number}",
            theme=theme,
            owners=[role],
            text=f"We will do thing {number}.",
            timescale_label="January 2030",
            due=datetime.date(2030, 1, 31),
        )
    # The file's one row is new, and its place in the file (1) is the place 1.1 holds.
    import_csv(
        tmp_path, "Local policing,1.20,We will do a new thing.,ACC Local Policing,June 2031\n"
    )
    new = Activity.objects.get(reference="1.20")
    assert new.position == 6
    export = tmp_path / "plan.xlsx"
    export_plan(the_plan(), export)
    out = io.StringIO()
    call_command("import_plan", str(export), stdout=out)
    assert out.getvalue().splitlines()[0] == (
        "6 activities: 0 created, 0 changed, 6 unchanged; 0 problems"
    )
