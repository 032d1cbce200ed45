"""Reading and previewing an upload outside the request: progress until the worker is done, the
preview then; re-read after a choice or a change to the plan; the time and memory budgets; and
a real `manage.py db_worker` process doing the work."""

import json
import os
import re
import subprocess
import sys

import pytest

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from activities.importing.tasks import memory_budget
from activities.models import PendingImport
from activities.models.imports import PreviewState
from tests.activities.importing.spreadsheets import write_workbook
from tests.factories import TEST_PLAN, default_plan, make_activity, make_role

PLAIN = [
    ("Reference", "Activity", "Owner(s)", "Timescale"),
    ("1", "Hold surgeries", "Inspector", "May 2030"),
]


@pytest.fixture
def in_the_worker(settings):
    settings.PLAN_IMPORT_IN_WORKER = True


@pytest.fixture
def admin_client(client, administrator, in_the_worker):
    make_role("Inspector")
    default_plan()
    client.force_login(administrator)
    return client


def upload(client, tmp_path, rows=PLAIN, name="plan.xlsx"):
    data = write_workbook(tmp_path / name, rows).read_bytes()
    client.post("/import/", {"plan": TEST_PLAN, "plan_file": SimpleUploadedFile(name, data)})
    return PendingImport.objects.latest("pk")


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.django_db
def test_the_page_shows_progress_until_the_worker_has_read_the_file(
    admin_client, tmp_path, django_capture_on_commit_callbacks
):
    pending = upload(admin_client, tmp_path)
    assert pending.preview_state == PreviewState.NOT_READ  # the upload reads nothing
    with django_capture_on_commit_callbacks(execute=False) as queued:
        waiting = admin_client.get(f"/import/{pending.pk}/")
        admin_client.get(f"/import/{pending.pk}/")  # refreshed before the worker started
    assert waiting.status_code == 202
    assert (
        f'<meta http-equiv="refresh" content="2; url=/import/{pending.pk}/">'
        in waiting.content.decode()
    )
    assert "Reading plan.xlsx" in text_of(waiting)
    assert len(queued) == 1  # enqueued once, when the request's transaction commits
    queued[0]()  # the worker runs it (here: the immediate backend)
    page = admin_client.get(f"/import/{pending.pk}/")
    assert page.status_code == 200
    assert "Activities to create (1)" in text_of(page)


@pytest.mark.django_db
def test_confirming_applies_the_workers_preview_without_reading_the_file_again(
    admin_client, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    pending = upload(admin_client, tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.get(f"/import/{pending.pk}/")
    page = admin_client.get(f"/import/{pending.pk}/")
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]*)"', page.content.decode())[1]
    from activities.importing import parse

    monkeypatch.setattr(parse, "read_plan", lambda *a, **k: pytest.fail("read again"))
    response = admin_client.post(f"/import/{pending.pk}/apply/", {"fingerprint": fingerprint})
    assert response.status_code == 302
    assert not PendingImport.objects.filter(pk=pending.pk).exists()


@pytest.mark.django_db
def test_a_change_to_the_plan_after_the_worker_read_the_file_has_it_read_again(
    admin_client, tmp_path, django_capture_on_commit_callbacks
):
    pending = upload(admin_client, tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.get(f"/import/{pending.pk}/")
    make_activity(reference="9")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert admin_client.get(f"/import/{pending.pk}/").status_code == 202
    assert len(queued) == 1


@pytest.mark.django_db
def test_a_file_the_worker_cannot_read_is_refused_on_the_upload_page(
    admin_client, django_capture_on_commit_callbacks
):
    data = SimpleUploadedFile("plan.csv", b"nothing,like,a plan\n1,2,3\n")
    admin_client.post("/import/", {"plan": TEST_PLAN, "plan_file": data})
    pending = PendingImport.objects.latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.get(f"/import/{pending.pk}/")
    page = admin_client.get(f"/import/{pending.pk}/")
    assert page.status_code == 200
    assert "plan.csv: no header row found" in text_of(page), text_of(page)[-1500:]


def test_the_memory_budget_stops_a_read_that_grows_past_it():
    with pytest.raises(MemoryError), memory_budget(50 * 1024 * 1024):
        bytearray(400 * 1024 * 1024)
    assert len(bytearray(100 * 1024 * 1024)) > 0  # and is lifted afterwards


@pytest.mark.django_db
def test_a_file_over_the_memory_budget_is_refused_saying_so(
    admin_client, tmp_path, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from activities.importing import tasks

    settings.PLAN_IMPORT_WORKER_MAX_MEMORY = 50 * 1024 * 1024

    def greedy_read(pending):
        return bytearray(400 * 1024 * 1024)  # a read that needs more than the budget

    monkeypatch.setattr(tasks, "pending_parse", greedy_read)
    pending = upload(admin_client, tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.get(f"/import/{pending.pk}/")
    pending.refresh_from_db()
    assert pending.preview_state == PreviewState.FAILED
    assert "needs more memory to read than an import may use" in pending.preview_error


IN_A_FILE_DATABASE = """
import json, subprocess, sys, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.activities.importing.test_preview_worker import queue_a_preview
pk = queue_a_preview()
worker = subprocess.run(
    [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
    capture_output=True, text=True, timeout=120,
)
from activities.models import PendingImport
pending = PendingImport.objects.get(pk=pk)
print(json.dumps({"state": pending.preview_state, "worker": worker.returncode}))
"""


def queue_a_preview() -> int:
    """In the subprocess: an upload whose preview is asked of the worker (committed)."""
    from activities.importing.pending import pending_import_create
    from activities.importing.tasks import pending_preview_request
    from activities.plans import import_destination
    from tests.factories import make_user

    make_role("Inspector")
    plan = default_plan()
    path = write_workbook(settings.BASE_DIR / "build" / "worker-test.xlsx", PLAIN)
    pending = pending_import_create(
        user=make_user("worker-test"),
        file_name="plan.xlsx",
        data=path.read_bytes(),
        destination=import_destination(short_name=plan.short_name, new_title=None, file_name="x"),
    )
    pending_preview_request(pending)
    return pending.pk


@pytest.mark.django_db(transaction=True)
def test_a_real_db_worker_process_reads_the_queued_preview(tmp_path):
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "engagement_plan.settings",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    (settings.BASE_DIR / "build").mkdir(exist_ok=True)
    finished = subprocess.run(
        [sys.executable, "-c", IN_A_FILE_DATABASE],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert json.loads(finished.stdout.splitlines()[-1]) == {"state": "ready", "worker": 0}


@pytest.mark.django_db
def test_a_fault_in_the_worker_is_said_plainly_not_left_reading(
    admin_client, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    from activities.importing import tasks

    def broken_read(pending):
        raise RuntimeError("a bug")

    monkeypatch.setattr(tasks, "pending_parse", broken_read)
    pending = upload(admin_client, tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.get(f"/import/{pending.pk}/")
    page = admin_client.get(f"/import/{pending.pk}/")
    assert "could not be previewed because of a fault in the tracker" in text_of(page)
    assert "a bug" not in text_of(page)
