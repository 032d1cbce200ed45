"""The browser's column-mapping step: suggestions shown, confirmed or corrected, remembered."""

import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import Activity, ColumnMapping, PendingImport, StatusUpdate
from tests.activities.importing.spreadsheets import write_workbook
from tests.factories import TEST_PLAN, default_plan, make_role

pytestmark = pytest.mark.django_db

TRACKER = [
    ("Community safety tracker 2025", None, None, None, None),
    ("Ref", "Action Measure", "Task Owner", "Timeframe", "Status"),
    ("1", "Hold ward surgeries", "Inspector", "March 2026", "Green"),
    ("2", "Publish the annual report", "Inspector", "June 2026", "Green"),
]
PLAIN = [
    ("Reference", "Activity", "Owner(s)", "Timescale"),
    ("1", "Hold surgeries", "Inspector", "March 2026"),
]


@pytest.fixture
def admin_client(client, administrator):
    make_role("Inspector")
    default_plan()
    client.force_login(administrator)
    return client


def upload(client, tmp_path, rows, name="tracker.xlsx"):
    data = write_workbook(tmp_path / name, rows).read_bytes()
    response = client.post(
        "/import/", {"plan": TEST_PLAN, "plan_file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return PendingImport.objects.latest("pk")


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def selected(page: str, index: int) -> str:
    select = re.search(rf'<select name="column_{index}".*?</select>', page, re.S)[0]
    return re.search(r'<option value="(\w+)" selected>', select)[1]


def choose(client, pending, **fields):
    data = {f"column_{i}": name for i, name in enumerate(fields.get("order", ()))}
    return client.post(f"/import/{pending.pk}/columns/", data)


def fingerprint_on(page) -> str:
    return re.search(r'name="fingerprint" value="([0-9a-f]*)"', page.content.decode())[1]


def test_a_guessed_layout_asks_which_column_holds_what_before_the_preview(admin_client, tmp_path):
    pending = upload(admin_client, tmp_path, TRACKER)
    response = admin_client.get(f"/import/{pending.pk}/")
    assert response["Location"] == f"/import/{pending.pk}/columns/"
    page = admin_client.get(response["Location"])
    html = page.content.decode()
    assert "Which column holds what in tracker.xlsx" in text_of(page)
    assert "Hold ward surgeries" in html  # the first values beside each column
    assert [selected(html, i) for i in range(5)] == [
        "reference",
        "activity",
        "owners",
        "timescale",
        "status",
    ]


def test_a_corrected_mapping_feeds_the_preview_and_the_import_then_is_remembered(
    admin_client, tmp_path
):
    pending = upload(admin_client, tmp_path, TRACKER)
    order = ("ignore", "activity", "owners", "timescale", "ignore")
    assert choose(admin_client, pending, order=order)["Location"] == f"/import/{pending.pk}/"
    preview = admin_client.get(f"/import/{pending.pk}/")
    assert preview.status_code == 200
    assert "Read as you chose." in text_of(preview)
    response = admin_client.post(
        f"/import/{pending.pk}/apply/", {"fingerprint": fingerprint_on(preview)}
    )
    assert response.status_code == 302, text_of(response)[:2000]
    texts = set(Activity.objects.values_list("text", flat=True))
    assert texts == {"Hold ward surgeries", "Publish the annual report"}
    assert not StatusUpdate.objects.filter(status="on_track").exists()  # Status was not imported
    remembered = ColumnMapping.objects.get(plan__short_name=TEST_PLAN)
    assert remembered.mapping == {
        "ref": "ignore",
        "action measure": "activity",
        "task owner": "owners",
        "timeframe": "timescale",
        "status": "ignore",
    }


def test_next_months_file_of_the_same_layout_goes_straight_to_the_preview(admin_client, tmp_path):
    first = upload(admin_client, tmp_path, TRACKER)
    choose(admin_client, first, order=("reference", "activity", "owners", "timescale", "status"))
    preview = admin_client.get(f"/import/{first.pk}/")
    admin_client.post(f"/import/{first.pk}/apply/", {"fingerprint": fingerprint_on(preview)})
    next_month = upload(admin_client, tmp_path, TRACKER, name="tracker-may.xlsx")
    page = admin_client.get(f"/import/{next_month.pk}/")
    assert page.status_code == 200
    assert "last import of a file laid out like this one" in text_of(page)
    assert f'href="/import/{next_month.pk}/columns/"' in page.content.decode()


def test_a_layout_named_by_exact_headers_goes_straight_to_the_preview(admin_client, tmp_path):
    pending = upload(admin_client, tmp_path, PLAIN, name="plan.xlsx")
    page = admin_client.get(f"/import/{pending.pk}/")
    assert page.status_code == 200
    assert "Read by their headers." in text_of(page)


def test_two_columns_feeding_one_field_are_refused_naming_both(admin_client, tmp_path):
    pending = upload(admin_client, tmp_path, TRACKER)
    order = ("reference", "activity", "owners", "timescale", "owners")
    page = choose(admin_client, pending, order=order)
    assert page.status_code == 200
    assert "“Task Owner” and “Status” both feed Owner(s)" in text_of(page)
    assert PendingImport.objects.get(pk=pending.pk).columns == {}


def test_a_missing_required_field_is_refused_naming_it(admin_client, tmp_path):
    pending = upload(admin_client, tmp_path, TRACKER)
    page = choose(
        admin_client, pending, order=("reference", "activity", "ignore", "timescale", "status")
    )
    assert "Choose the column that holds each activity’s Owner(s)" in text_of(page)


def test_someone_elses_upload_has_no_mapping_page(admin_client, tmp_path, client):
    from tests.factories import GROUP_ADMINISTRATORS, make_user

    pending = upload(admin_client, tmp_path, TRACKER)
    client.force_login(make_user("other", groups=(GROUP_ADMINISTRATORS,)))
    assert client.get(f"/import/{pending.pk}/columns/").status_code == 404


@pytest.mark.parametrize("persona", ["editor", "reviewer", "outsider"])
def test_only_plan_administrators_may_choose_columns_or_values(
    admin_client, tmp_path, client, request, persona
):
    pending = upload(admin_client, tmp_path, TRACKER)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/import/{pending.pk}/columns/").status_code == 403
    order = {f"column_{i}": "ignore" for i in range(5)}
    assert client.post(f"/import/{pending.pk}/columns/", order).status_code == 403
    assert client.post(f"/import/{pending.pk}/values/", {"status_0": "on_track"}).status_code == 403
    pending.refresh_from_db()
    assert pending.columns == {} and pending.values == {}
