"""The preview a person reads: due dates read from timescales, overdue on import, long lists
collapsed, no command-line words, and a preview replaced by a newer upload cannot be applied."""

import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import Activity, PendingImport
from tests.activities.importing.spreadsheets import write_workbook
from tests.factories import TEST_PLAN, default_plan, make_activity, make_role

pytestmark = pytest.mark.django_db

HEADER = ("Reference", "Activity", "Owner(s)", "Timescale")


@pytest.fixture
def admin_client(client, administrator):
    make_role("Inspector")
    default_plan()
    client.force_login(administrator)
    return client


def upload(client, tmp_path, rows, name="plan.xlsx"):
    data = write_workbook(tmp_path / name, [HEADER, *rows]).read_bytes()
    response = client.post(
        "/import/", {"plan": TEST_PLAN, "plan_file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 302
    return PendingImport.objects.latest("pk")


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_each_new_activity_shows_the_due_date_read_from_its_timescale(admin_client, tmp_path):
    pending = upload(admin_client, tmp_path, [("1", "Hold surgeries", "Inspector", "March 2030")])
    assert "March 2030 → 31 Mar 2030" in text_of(admin_client.get(f"/import/{pending.pk}/"))


def test_activities_overdue_the_moment_they_are_imported_are_listed(
    admin_client, tmp_path, fixed_today
):
    rows = [
        ("1", "Hold surgeries", "Inspector", "March 2023"),  # before 15 January 2024
        ("2", "Open a hub", "Inspector", "March 2030"),
        ("3", "Close the old office", "Inspector", "March 2023 COMPLETE"),
    ]
    pending = upload(admin_client, tmp_path, rows)
    text = text_of(admin_client.get(f"/import/{pending.pk}/"))
    section = text[text.index("Overdue as soon as imported (1)") :]
    assert "1 Hold surgeries" in section[:400]
    assert "Open a hub" not in section[:400] and "Close the old office" not in section[:400]


def test_activities_not_in_the_file_are_collapsed_with_their_count(admin_client, tmp_path):
    make_activity(reference="9", text="An older commitment")
    pending = upload(admin_client, tmp_path, [("1", "Hold surgeries", "Inspector", "March 2030")])
    html = admin_client.get(f"/import/{pending.pk}/").content.decode()
    assert re.search(
        r"<details[^>]*>\s*<summary[^>]*>.*?Show the 1 activity not in the file", html, re.S
    )


def test_browser_messages_carry_no_command_line_words(admin_client, tmp_path):
    pending = upload(admin_client, tmp_path, [("1", "Hold surgeries", "Nobody Known", "May 2030")])
    text = text_of(admin_client.get(f"/import/{pending.pk}/"))
    assert "matches no known owner role" in text
    assert "--" not in text


def test_a_preview_replaced_by_a_newer_upload_says_so_and_cannot_be_applied(admin_client, tmp_path):
    first = upload(admin_client, tmp_path, [("1", "Hold surgeries", "Inspector", "May 2030")])
    fingerprint = re.search(
        r'name="fingerprint" value="([0-9a-f]*)"',
        admin_client.get(f"/import/{first.pk}/").content.decode(),
    )[1]
    upload(admin_client, tmp_path, [("1", "Hold surgeries", "Inspector", "June 2030")], "v2.xlsx")
    page = admin_client.get(f"/import/{first.pk}/")
    assert page.status_code == 409
    assert "A newer upload replaces this preview" in text_of(page)
    refused = admin_client.post(f"/import/{first.pk}/apply/", {"fingerprint": fingerprint})
    assert refused.status_code == 409
    assert not Activity.objects.exists()
