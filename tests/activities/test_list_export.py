"""Exports of the activities list: exactly the filtered rows, formula-safe cells, reviewers and admins only."""

import csv
import datetime
import io

import openpyxl
import pytest

from django.urls import reverse

from activities import services
from activities.list_exports import safe_cell
from activities.models import Status
from tests.factories import TEST_PLAN, make_activity, make_role, make_theme

LIST_URL = reverse("activities:list", args=[TEST_PLAN])
HEADERS = [
    "Reference",
    "Theme",
    "Activity",
    "Owners",
    "Timescale",
    "Next due",
    "Status",
    "Last updated",
    "Latest commentary",
    "Plan",
]
COLUMN = {header: index for index, header in enumerate(HEADERS)}
REFERENCE = COLUMN["Reference"]
FORMULA_TEXT = '=HYPERLINK("http://x","y")'


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def xlsx_sheet(response):
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


@pytest.fixture
def dangerous_activity(db):
    activity = make_activity(
        reference="1.1", text=FORMULA_TEXT, timescale_label="+44 then -1", due=None
    )
    services.status_update_create(activity=activity, status=Status.AT_RISK, commentary="@SUM(1)")
    return activity


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 1225", "'+44 1225"),
        ("-2", "'-2"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Plain text = fine", "Plain text = fine"),
        ("", ""),
        ("bell\x07inside", "bellinside"),
        (7, 7),
        (None, None),
    ],
)
def test_safe_cell_neutralises_formula_triggers(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.django_db
def test_csv_has_the_columns_and_every_filtered_row_not_just_the_page(client, reviewer):
    policing, comms = make_theme("Policing"), make_theme("Communications")
    for number in range(1, 31):
        make_activity(reference=f"1.{number}", theme=policing)
    make_activity(reference="2.1", theme=comms)
    client.force_login(reviewer)
    rows = csv_rows(client.get(LIST_URL, {"theme": policing.pk, "page": "2", "_export": "csv"}))
    assert rows[0] == HEADERS
    assert sorted(row[REFERENCE] for row in rows[1:]) == sorted(f"1.{n}" for n in range(1, 31))


@pytest.mark.django_db
def test_xlsx_has_exactly_the_filtered_rows(client, administrator):
    make_activity(reference="1.1", owners=[make_role("ACC Local Policing")])
    make_activity(reference="1.2", owners=[make_role("Head of Comms")])
    client.force_login(administrator)
    sheet = xlsx_sheet(client.get(LIST_URL, {"q": "ACC Local", "_export": "xlsx"}))
    values = list(sheet.values)
    assert list(values[0]) == HEADERS
    assert [row[REFERENCE] for row in values[1:]] == ["1.1"]


@pytest.mark.django_db
def test_csv_row_holds_full_text_owners_dates_and_latest_commentary_written(client, reviewer):
    text = "We will " + "hold surgeries " * 20
    activity = make_activity(
        reference="1.4",
        text=text,
        owners=[make_role("Head of Comms"), make_role("ACC Local Policing")],
        due=datetime.date(2024, 3, 31),
        timescale_label="March 2024",
    )
    services.status_update_create(activity=activity, status=Status.AT_RISK, commentary="Delayed")
    services.status_update_create(activity=activity, status=Status.ON_TRACK)  # no commentary
    client.force_login(reviewer)
    row = csv_rows(client.get(LIST_URL, {"_export": "csv"}))[1]
    cells = dict(zip(HEADERS, row, strict=True))
    assert cells["Plan"] == "Test plan"
    assert cells["Reference"] == "1.4"
    assert cells["Activity"] == text.strip()
    assert cells["Owners"] == "Head of Comms; ACC Local Policing"
    assert cells["Timescale"] == "March 2024"
    assert cells["Next due"] == "2024-03-31"
    assert cells["Status"] == "On track"
    assert cells["Last updated"]
    assert cells["Latest commentary"] == "Delayed"


@pytest.mark.django_db
def test_csv_neutralises_formulas_in_text_and_commentary(client, reviewer, dangerous_activity):
    client.force_login(reviewer)
    row = csv_rows(client.get(LIST_URL, {"_export": "csv"}))[1]
    assert row[COLUMN["Activity"]] == "'" + FORMULA_TEXT
    assert row[COLUMN["Timescale"]] == "'+44 then -1"
    assert row[COLUMN["Latest commentary"]] == "'@SUM(1)"


@pytest.mark.django_db
def test_xlsx_cells_are_text_never_formulas(client, reviewer, dangerous_activity):
    client.force_login(reviewer)
    sheet = xlsx_sheet(client.get(LIST_URL, {"_export": "xlsx"}))
    activity_cell, commentary_cell = sheet["C2"], sheet["I2"]
    assert activity_cell.value == "'" + FORMULA_TEXT
    assert activity_cell.data_type == "s"
    assert commentary_cell.value == "'@SUM(1)"
    assert commentary_cell.data_type == "s"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.django_db
def test_export_follows_the_chosen_sort(client, reviewer):
    make_activity(reference="1.1", due=datetime.date(2024, 6, 30))
    make_activity(reference="1.2", due=datetime.date(2024, 3, 31))
    client.force_login(reviewer)
    rows = csv_rows(client.get(LIST_URL, {"sort": "next_due", "_export": "csv"}))
    assert [row[REFERENCE] for row in rows[1:]] == ["1.2", "1.1"]


@pytest.mark.django_db
def test_export_file_is_named_for_the_plan_and_today(client, reviewer, fixed_today):
    make_activity()
    client.force_login(reviewer)
    response = client.get(LIST_URL, {"_export": "xlsx"})
    disposition = 'attachment; filename="test-plan-activities-2024-01-15.xlsx"'
    assert response["Content-Disposition"] == disposition


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["editor", "outsider"])
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_editors_and_outsiders_cannot_export(client, persona, export_format, request):
    make_activity()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LIST_URL, {"_export": export_format}).status_code == 403


@pytest.mark.django_db
def test_editor_sees_no_export_links(client, editor):
    client.force_login(editor)
    assert "_export=" not in client.get(LIST_URL).content.decode()


@pytest.mark.django_db
def test_anonymous_export_is_sent_to_sign_in(client):
    response = client.get(LIST_URL, {"_export": "csv"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_other_export_formats_are_not_offered(client, editor):
    make_activity(reference="1.1")
    client.force_login(editor)
    response = client.get(LIST_URL, {"_export": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
