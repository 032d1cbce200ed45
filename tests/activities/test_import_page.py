"""The browser import (/import/): upload, preview, confirm; refusals write nothing."""

import datetime
import hashlib
import re

import pytest
from openpyxl import Workbook

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from activities import services
from activities.models import Activity, ActivityChange, ImportRun, PendingImport, StatusUpdate
from owners.models import OwnerRole
from tests.activities.importing.support import (
    PLAN_PATH,
    apply_text,
    load_roles_and_themes,
    plan_data_counts,
    run_import,
    synthetic_plan,
)
from tests.factories import (
    GROUP_ADMINISTRATORS,
    PUBLISHED_PLAN_URL,
    default_plan,
    make_activity,
    make_role,
    make_theme,
    make_user,
)

pytestmark = pytest.mark.django_db

LAST_OF_TABLE_1 = (
    "Community Engagement Plan for Wiltshire Hub. |\n"
    "ACC Local Policing Chief Superintendent Local Policing Superintendent Swindon Hub "
    "Superintendent County Hub |\nOngoing |\n"
)
LAST_OF_TABLE_2 = (
    "We will deliver public surveys to engage with stakeholders and partners on topical issues "
    "(i.e. VAWG, Race Action plan, engagement channels etc) where appropriate. |\n"
    "Head of Operational Communications Delivery Corporate Information and Engagement Manager |\n"
    "Ongoing |\n"
)
# 1.1 is found by its text (the published page has no references) and re-dated.
CHANGED_TIMESCALE = (
    "Chief Superintendent Local Policing |\nAutumn 2023 |\nWe will aim",
    "Chief Superintendent Local Policing |\nMarch 2024 |\nWe will aim",
)


def modified_plan(*, new_owner: str = "Head of Corporate Communications & Engagement") -> bytes:
    """The published plan with 1.1 re-dated, a new 1.20 (owned by new_owner) and 2.8 removed."""
    text = PLAN_PATH.read_text(encoding="utf-8")
    new_row = f"We will open a community hub in every town. |\n{new_owner} |\nMarch 2025 |\n"
    for old, new in (CHANGED_TIMESCALE, (LAST_OF_TABLE_1, LAST_OF_TABLE_1 + new_row)):
        assert text.count(old) == 1
        text = text.replace(old, new)
    assert text.count(LAST_OF_TABLE_2) == 1
    return text.replace(LAST_OF_TABLE_2, "").encode("utf-8")


@pytest.fixture
def imported(db):
    """The published plan's 53 activities, imported by the command."""
    load_roles_and_themes()
    run_import(PLAN_PATH)


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def plan_choice() -> dict:
    """The import page's plan question answered as a person would: the one plan there is, or
    (none yet) a new plan."""
    from activities.models import Plan

    plan = Plan.objects.first()
    if plan is None:
        return {"plan": "new", "new_plan_title": "Imported plan"}
    return {"plan": plan.short_name}


def upload(client, data: bytes, name: str = "plan.txt", sheet: str = ""):
    return client.post(
        "/import/", {"plan_file": SimpleUploadedFile(name, data), "sheet": sheet, **plan_choice()}
    )


def upload_and_preview(client, data: bytes, name: str = "plan.txt"):
    """Upload, follow the redirect to the preview; return (pending import, preview response).

    pending.seen_fingerprint is the database state the preview page showed (its hidden field)."""
    response = upload(client, data, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    pending = PendingImport.objects.get(
        pk=int(re.search(r"/import/(\d+)/", response["Location"])[1])
    )
    preview = client.get(response["Location"])
    pending.seen_fingerprint = fingerprint_on(preview)
    return pending, preview


def fingerprint_on(preview) -> str:
    found = re.search(r'name="fingerprint" value="([0-9a-f]*)"', preview.content.decode())
    return found[1] if found else ""


def confirm(client, pending, **data):
    data.setdefault("fingerprint", pending.seen_fingerprint)
    return client.post(f"/import/{pending.pk}/apply/", data)


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# Who may import


@pytest.mark.parametrize("persona", ["editor", "reviewer", "outsider"])
def test_only_plan_administrators_may_upload(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/import/").status_code == 403
    assert upload(client, PLAN_PATH.read_bytes()).status_code == 403
    assert PendingImport.objects.count() == 0


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/import/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/import/")


@pytest.mark.parametrize("persona", ["editor", "reviewer"])
def test_only_plan_administrators_may_preview_or_confirm(
    client, request, imported, administrator, persona
):
    client.force_login(administrator)
    pending, _ = upload_and_preview(client, modified_plan())
    client.force_login(request.getfixturevalue(persona))
    before = plan_data_counts()
    assert client.get(f"/import/{pending.pk}/").status_code == 403
    assert confirm(client, pending).status_code == 403
    assert plan_data_counts() == before


# Upload and preview


def test_upload_page_offers_a_file_upload_with_limits_and_recent_imports(admin_client, imported):
    page = text_of(admin_client.get("/import/"))
    assert "Import a plan file" in page
    assert ".xlsx" in page and ".csv" in page and ".txt" in page and "5,000 rows" in page
    assert "Recent imports" in page and "published-plan-2022-2024.txt" in page


def test_recent_imports_lists_the_last_ten(admin_client, imported):
    for number in range(12):
        ImportRun.objects.create(
            plan=default_plan(), file_name=f"run-{number}.xlsx", sha256="0" * 64, file_format="x"
        )
    page = text_of(admin_client.get("/import/"))
    assert "run-11.xlsx" in page and "run-2.xlsx" in page
    assert "run-1.xlsx" not in page and "published-plan-2022-2024.txt" not in page


def test_preview_shows_created_changed_unchanged_absent_and_problems(admin_client, imported):
    before = plan_data_counts()
    data = modified_plan(new_owner="Head of Corporate Communications & Engagement Chief Gardener")
    pending, response = upload_and_preview(admin_client, data)
    page = text_of(response)
    assert response.status_code == 200
    assert "Check the import of plan.txt" in page
    assert hashlib.sha256(data).hexdigest() in page
    assert "Activities to create (1)" in page and "We will open a community hub" in page
    assert "Activities to change (1)" in page
    assert "Autumn 2023" in page and "March 2024" in page and "Matched by text" in page
    assert "Unchanged activities (51)" in page
    assert "In the tracker but not in the file (1)" in page and "2.8" in page
    assert "“Chief Gardener” matches no known owner role" in page
    assert "Table 1" in page and "Owner(s)" in page
    assert "Create this owner role" in page
    assert plan_data_counts() == before


def test_preview_marks_warnings_and_errors_apart(admin_client, imported):
    data = PLAN_PATH.read_bytes().replace(b"Autumn 2023 |", b"Sometime soon |", 1)
    _, response = upload_and_preview(admin_client, data)
    page = text_of(response)
    assert "Warning" in page and "Sometime soon" in page
    assert "0 errors, 1 warning" in page
    assert "Import plan.txt" in page  # a warning does not stop the import


def test_file_with_errors_offers_no_confirmation_and_says_why(admin_client, imported):
    data = PLAN_PATH.read_bytes().replace(LAST_OF_TABLE_1.encode(), LAST_OF_TABLE_1[:-10].encode())
    pending, response = upload_and_preview(admin_client, data)
    page = text_of(response)
    assert "This file cannot be imported: it has 1 error" in page
    assert "last row is incomplete" in page
    assert f'action="/import/{pending.pk}/apply/"' not in response.content.decode()
    before = plan_data_counts()
    response = confirm(admin_client, pending)
    assert "cannot be imported" in text_of(response)
    assert plan_data_counts() == before


# Confirming


def test_confirm_applies_the_preview_and_records_the_import(admin_client, administrator, imported):
    data = modified_plan()
    pending, _ = upload_and_preview(admin_client, data)
    response = confirm(admin_client, pending)
    run = ImportRun.objects.get(file_name="plan.txt")
    assert response.status_code == 302 and response["Location"] == f"/import/runs/{run.pk}/"
    assert run.user == administrator
    assert run.sha256 == hashlib.sha256(data).hexdigest()
    assert run.counts | {"roles_created": 0} == {
        "created": 1,
        "changed": 1,
        "unchanged": 51,
        "absent": 1,
        "themes_created": 0,
        "roles_created": 0,
    }
    assert not PendingImport.objects.exists()
    assert Activity.objects.count() == 54  # 2.8 kept
    assert Activity.objects.get(reference="1.1").timescale_label == "March 2024"
    change = ActivityChange.objects.get(activity__reference="1.1", import_run=run)
    assert change.author_name == "Import of plan.txt"
    page = text_of(admin_client.get(response["Location"]))
    assert "Imported plan.txt: 1 created, 1 changed, 51 unchanged" in page
    assert "Activity 1.20" in page and "Activity 1.1" in page


def test_activity_history_names_the_import(admin_client, imported):
    pending, _ = upload_and_preview(admin_client, modified_plan())
    confirm(admin_client, pending)
    page = text_of(admin_client.get(PUBLISHED_PLAN_URL + "/activities/1.1/"))
    assert "Import of plan.txt" in page


def test_confirm_refused_when_an_activity_was_edited_after_the_preview(
    admin_client, editor, imported
):
    pending, _ = upload_and_preview(admin_client, modified_plan())
    activity = Activity.objects.get(reference="1.5")
    services.status_update_create(activity=activity, status="on_track", author=editor)
    before = plan_data_counts()
    response = confirm(admin_client, pending)
    assert response.status_code == 409
    page = text_of(response)
    assert "The plan changed after your preview" in page and "nothing was imported" in page
    assert f'href="/import/{pending.pk}/"' in response.content.decode()
    assert plan_data_counts() == before
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_previewing_again_lets_the_newer_state_be_confirmed(admin_client, editor, imported):
    pending, _ = upload_and_preview(admin_client, modified_plan())
    services.status_update_create(
        activity=Activity.objects.get(reference="1.5"), status="on_track", author=editor
    )
    pending.seen_fingerprint = fingerprint_on(admin_client.get(f"/import/{pending.pk}/"))
    assert confirm(admin_client, pending).status_code == 302
    assert ImportRun.objects.filter(file_name="plan.txt").exists()


def test_confirm_refused_when_the_page_confirmed_was_an_older_preview(
    admin_client, editor, imported
):
    """Two tabs: the second preview moved the stored state on; the first tab's confirm is refused."""
    pending, _ = upload_and_preview(admin_client, modified_plan())
    first_seen = pending.seen_fingerprint
    services.status_update_create(
        activity=Activity.objects.get(reference="1.5"), status="on_track", author=editor
    )
    admin_client.get(f"/import/{pending.pk}/")
    response = confirm(admin_client, pending, fingerprint=first_seen)
    assert response.status_code == 409
    assert not ImportRun.objects.filter(file_name="plan.txt").exists()


def test_no_one_may_confirm_another_persons_upload(admin_client, imported):
    pending, _ = upload_and_preview(admin_client, modified_plan())
    other = make_user("second_admin", groups=(GROUP_ADMINISTRATORS,))
    admin_client.force_login(other)
    before = plan_data_counts()
    assert admin_client.get(f"/import/{pending.pk}/").status_code == 404
    assert confirm(admin_client, pending).status_code == 404
    assert plan_data_counts() == before
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_confirm_must_be_posted(admin_client, imported):
    pending, _ = upload_and_preview(admin_client, modified_plan())
    assert admin_client.get(f"/import/{pending.pk}/apply/").status_code == 405
    assert not ImportRun.objects.filter(file_name="plan.txt").exists()


# Unknown owners


def test_unknown_owners_are_not_created_unless_asked(admin_client, imported):
    owner = "Head of Corporate Communications & Engagement Chief Gardener"
    pending, _ = upload_and_preview(admin_client, modified_plan(new_owner=owner))
    before = plan_data_counts()
    response = confirm(admin_client, pending)
    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page and "Select “Create this owner role”" in page
    assert 'href="#id_create_roles"' in response.content.decode()
    assert plan_data_counts() == before


def test_ticking_create_roles_creates_exactly_those_roles(admin_client, imported):
    owner = "Head of Corporate Communications & Engagement Chief Gardener Town Crier"
    pending, response = upload_and_preview(admin_client, modified_plan(new_owner=owner))
    assert "Create this owner role" in text_of(response)  # "Chief Gardener Town Crier" is one
    roles_before = set(OwnerRole.objects.values_list("title", flat=True))
    assert confirm(admin_client, pending, create_roles="on").status_code == 302
    created = set(OwnerRole.objects.values_list("title", flat=True)) - roles_before
    assert created == {"Chief Gardener Town Crier"}
    activity = Activity.objects.get(reference="1.20")
    assert [role.title for role in activity.owner_roles()] == [
        "Head of Corporate Communications & Engagement",
        "Chief Gardener Town Crier",
    ]
    assert ImportRun.objects.get(file_name="plan.txt").counts["roles_created"] == 1


# Files the importer will not read


def assert_upload_refused(response, *words: str) -> None:
    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page
    for word in words:
        assert word in page
    assert 'href="#id_plan_file"' in response.content.decode()
    assert not PendingImport.objects.exists()


def assert_reading_refused(client, response, *words: str) -> None:
    """The upload only stores the file; the preview reads it and, refusing it, shows the upload
    form again with the reader's message on the file field (and writes nothing: a GET)."""
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    page = text_of(preview)
    assert "There is a problem" in page and "Import a plan file" in page
    for word in words:
        assert word in page
    assert 'href="#id_plan_file"' in preview.content.decode()
    assert 'action="/import/"' in preview.content.decode()


def test_text_renamed_as_a_workbook_is_refused(admin_client, imported):
    before = plan_data_counts()
    response = upload(admin_client, b"this is not a workbook", name="plan.xlsx")
    assert_reading_refused(admin_client, response, "plan.xlsx")
    assert plan_data_counts() == before


@override_settings(PLAN_IMPORT_MAX_BYTES=1000)
def test_file_over_the_size_limit_is_refused(admin_client, imported):
    response = upload(admin_client, PLAN_PATH.read_bytes(), name="big-plan.txt")
    assert_upload_refused(response, "big-plan.txt is", "must be 1000 bytes or smaller")


@override_settings(PLAN_IMPORT_MAX_ROWS=5)
def test_file_over_the_row_limit_is_refused(admin_client, imported):
    assert_reading_refused(
        admin_client, upload(admin_client, PLAN_PATH.read_bytes()), "plan.txt", "more than 5"
    )


def test_file_of_another_type_is_refused(admin_client):
    response = upload(admin_client, b"%PDF-1.4", name="plan.pdf")
    assert_upload_refused(response, "plan.pdf is not a plan file", ".xlsx, .csv or .txt")


def test_text_that_is_not_a_plan_is_refused(admin_client):
    response = upload(admin_client, b"Shopping list\neggs\n", name="notes.txt")
    assert_reading_refused(admin_client, response, "notes.txt: No plan table found")


def test_text_that_is_not_utf8_is_refused(admin_client):
    response = upload(admin_client, b"\xff\xfe\x00binary", name="plan.txt")
    assert_reading_refused(admin_client, response, "plan.txt is not UTF-8 text")


def test_no_file_chosen_is_refused(admin_client):
    response = admin_client.post("/import/", {"sheet": ""})
    assert_upload_refused(response, "Select a plan file to import")


# Spreadsheets (built in tmp_path: no binary files are committed)

SHEET_HEADER = ("Theme", "Reference", "Activity", "Owner(s)", "Timescale", "Status", "Commentary")
SHEET_ROWS = [
    (
        "Communications",
        "C.1",
        "We will publish a newsletter.",
        "Head of Comms",
        "March 2024",
        "At risk",
        "Printer not yet chosen.",
    ),
    ("Communications", "C.2", "We will run a podcast.", "Head of Comms", "June 2024", "", ""),
]


def workbook_bytes(tmp_path, sheets: dict[str, list]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    return path.read_bytes()


@pytest.fixture
def communications(db):
    """One stored activity, C.1, that the spreadsheet rewords and marks at risk."""
    theme = make_theme("Communications", position=1)
    make_activity(
        reference="C.1",
        theme=theme,
        owners=[make_role("Head of Comms")],
        text="We will publish a quarterly newsletter.",
        timescale_label="March 2024",
        due=datetime.date(2024, 3, 31),
    )


def test_workbook_is_previewed_and_applied(admin_client, communications, tmp_path):
    data = workbook_bytes(tmp_path, {"Plan": [SHEET_HEADER, *SHEET_ROWS]})
    pending, response = upload_and_preview(admin_client, data, name="plan.xlsx")
    page = text_of(response)
    assert "Activities to create (1)" in page and "We will run a podcast." in page
    assert "Activities to change (1)" in page and "Status from Not started → to At risk" in page
    assert confirm(admin_client, pending).status_code == 302
    run = ImportRun.objects.get(file_name="plan.xlsx")
    assert (run.counts["created"], run.counts["changed"]) == (1, 1)
    update = StatusUpdate.objects.get(activity__reference="C.1", import_run=run)
    assert (update.status, update.commentary) == ("at_risk", "Printer not yet chosen.")
    assert update.author_name == "Import of plan.xlsx"


def test_workbook_sheet_is_chosen_by_name(admin_client, communications, tmp_path):
    other = [
        SHEET_HEADER,
        ("Communications", "C.9", "We will not be read.", "Head of Comms", "", "", ""),
    ]
    data = workbook_bytes(tmp_path, {"Old plan": other, "Plan 2024": [SHEET_HEADER, *SHEET_ROWS]})
    response = upload(admin_client, data, name="plan.xlsx", sheet="Plan 2024")
    page = text_of(admin_client.get(response["Location"]))
    assert "sheet “Plan 2024”" in page and "We will run a podcast." in page
    assert "We will not be read." not in page


def test_workbook_without_the_named_sheet_is_refused(admin_client, communications, tmp_path):
    data = workbook_bytes(tmp_path, {"Plan": [SHEET_HEADER, *SHEET_ROWS]})
    response = upload(admin_client, data, name="plan.xlsx", sheet="Missing")
    assert_reading_refused(admin_client, response, "plan.xlsx has no sheet “Missing”")


def test_csv_is_previewed(admin_client, communications):
    lines = [",".join(SHEET_HEADER), *(",".join(f'"{cell}"' for cell in row) for row in SHEET_ROWS)]
    _, response = upload_and_preview(admin_client, "\n".join(lines).encode(), name="plan.csv")
    page = text_of(response)
    assert "Activities to create (1)" in page and "Activities to change (1)" in page


# Query budget


def preview_queries(client, rows: int) -> int:
    """Queries of a preview page where every one of `rows` stored activities changes."""
    apply_text(synthetic_plan(rows, owners="Lead Role", timescale="March 2024"))
    text = synthetic_plan(rows, owners="Lead Role", timescale="April 2024")
    pending, _ = upload_and_preview(client, text.encode("utf-8"))
    with CaptureQueriesContext(connection) as context:
        response = client.get(f"/import/{pending.pk}/")
    assert response.status_code == 200
    return len(context)


def test_preview_page_queries_do_not_grow_with_rows(admin_client, django_assert_max_num_queries):
    make_role("Lead Role")
    make_theme("The only theme", position=1)
    at_10, at_200 = preview_queries(admin_client, 10), preview_queries(admin_client, 200)
    assert at_10 == at_200
    pending = PendingImport.objects.order_by("-pk").first()
    with django_assert_max_num_queries(at_10):
        response = admin_client.get(f"/import/{pending.pk}/")
    assert "Activities to change (200)" in text_of(response)
