"""Commentary a file gives is never dropped: a new activity's first update keeps it even without a
status, and new commentary on a stored activity is a status update with its status unchanged."""

import pytest

from activities.models import Activity, StatusUpdate
from tests.activities.importing.support import run_import
from tests.factories import make_role

pytestmark = pytest.mark.django_db

HEADER = "Theme,Reference,Activity,Owner(s),Timescale,Status,Commentary\n"


def write(tmp_path, *rows: str):
    path = tmp_path / "tracker.csv"
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def test_new_activity_without_a_status_keeps_the_files_commentary(tmp_path):
    make_role("Lead")
    run_import(write(tmp_path, "Local,A1,We will.,Lead,May 2030,,Scoping meetings booked."))
    activity = Activity.objects.get(reference="A1")
    (update,) = activity.status_updates.all()
    assert (update.status, update.commentary) == ("not_started", "Scoping meetings booked.")
    assert activity.last_update_at == update.created_at  # the copy follows the update


def test_new_commentary_on_a_stored_activity_is_an_update_with_the_same_status(tmp_path):
    make_role("Lead")
    run_import(write(tmp_path, "Local,A1,We will.,Lead,May 2030,On track,First note."))
    run_import(write(tmp_path, "Local,A1,We will.,Lead,May 2030,On track,Second note."))
    activity = Activity.objects.get(reference="A1")
    newest = activity.status_updates.order_by("-created_at", "-id").first()
    assert (newest.status, newest.commentary) == ("on_track", "Second note.")
    assert activity.status_updates.count() == 2


def test_the_same_commentary_again_writes_nothing(tmp_path):
    make_role("Lead")
    path = write(tmp_path, "Local,A1,We will.,Lead,May 2030,On track,First note.")
    run_import(path)
    output = run_import(path)
    assert output.startswith("1 activities: 0 created, 0 changed, 1 unchanged")
    assert StatusUpdate.objects.count() == 1
