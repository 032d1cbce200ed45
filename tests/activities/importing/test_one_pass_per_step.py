"""The browser import does each step once: the upload stores, the preview reads once and writes
nothing, the confirmation reads once and checks the database once, inside its transaction."""

import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities import services
from activities.importing import apply as apply_module
from activities.importing import parse as parse_module
from activities.models import Activity, ImportRun, PendingImport, Plan, Status
from tests.activities.importing.support import PLAN_PATH, load_roles_and_themes, run_import

pytestmark = pytest.mark.django_db

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|COPY)\b", re.IGNORECASE)


@pytest.fixture
def counted_reads(monkeypatch):
    """Every read of a plan file goes through read_plan: count them."""
    calls = []
    real = parse_module.read_plan

    def counting(*args, **kwargs):
        calls.append(kwargs.get("file_name"))
        return real(*args, **kwargs)

    monkeypatch.setattr(parse_module, "read_plan", counting)
    return calls


@pytest.fixture
def signed_in(client, administrator):
    load_roles_and_themes()
    run_import(PLAN_PATH)
    client.force_login(administrator)
    return client


def upload(client) -> PendingImport:
    data = PLAN_PATH.read_bytes().replace(b"Autumn 2023 |", b"March 2024 |", 1)
    response = client.post(
        "/import/",
        {"plan_file": SimpleUploadedFile("plan.txt", data), "plan": Plan.objects.get().short_name},
    )
    assert response.status_code == 302
    return PendingImport.objects.get()


def seen_fingerprint(response) -> str:
    return re.search(r'name="fingerprint" value="([0-9a-f]+)"', response.content.decode())[1]


def test_upload_stores_the_file_without_reading_it(signed_in, counted_reads):
    pending = upload(signed_in)
    assert counted_reads == []
    assert bytes(pending.data).startswith(b"Quickly exit this site")


def test_preview_reads_the_file_once_and_writes_nothing(signed_in, counted_reads, editor):
    pending = upload(signed_in)
    # The plan moves on between upload and preview (the old page then stored a new fingerprint).
    activity = Activity.objects.filter(current_status=Status.NOT_STARTED).last()
    services.status_update_create(activity=activity, status=Status.NOT_STARTED, author=editor)
    with CaptureQueriesContext(connection) as queries:
        response = signed_in.get(f"/import/{pending.pk}/")
    page = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert response.status_code == 200 and "Activities to change (1)" in page
    assert counted_reads == ["plan.txt"]
    writes = [query["sql"] for query in queries.captured_queries if WRITES.match(query["sql"])]
    assert writes == []


def test_preview_of_an_unreadable_file_writes_nothing(signed_in):
    response = signed_in.post(
        "/import/",
        {
            "plan_file": SimpleUploadedFile("notes.txt", b"Shopping list\neggs\n"),
            "plan": Plan.objects.get().short_name,
        },
    )
    with CaptureQueriesContext(connection) as queries:
        page = signed_in.get(response["Location"])
    assert "No plan table found" in page.content.decode()
    assert [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])] == []


def test_confirm_reads_the_file_once_and_checks_the_database_once_while_writing(
    signed_in, counted_reads, monkeypatch
):
    pending = upload(signed_in)
    fingerprint = seen_fingerprint(signed_in.get(f"/import/{pending.pk}/"))
    counted_reads.clear()
    checks = []
    real = apply_module.database_fingerprint

    def counting(destination):
        # The test runs in one transaction; each atomic() inside it adds a savepoint.
        checks.append("in a transaction" if connection.savepoint_ids else "previewing")
        return real(destination)

    monkeypatch.setattr(apply_module, "database_fingerprint", counting)
    response = signed_in.post(f"/import/{pending.pk}/apply/", {"fingerprint": fingerprint})
    assert response.status_code == 302
    assert counted_reads == ["plan.txt"]
    # One fingerprint while previewing the file afresh, one inside apply_preview's transaction.
    assert checks == ["previewing", "in a transaction"]
    assert ImportRun.objects.get(file_name="plan.txt").counts["changed"] == 1
