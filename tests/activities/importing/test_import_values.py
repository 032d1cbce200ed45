"""The preview's choices for words the importer does not know: status words and owner names."""

import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from activities.importing.values import AS_COMMENTARY, NEW_ROLE, ValueChoices, with_owner_aliases
from activities.models import Activity, ImportRun, PendingImport
from owners.models import OwnerRoleAlias
from owners.parsing import KnownRole, OwnerMatcher
from tests.activities.importing.spreadsheets import write_workbook
from tests.factories import TEST_PLAN, default_plan, make_role

pytestmark = pytest.mark.django_db

HEADER = ("Reference", "Activity", "Owner(s)", "Timescale", "Status")
ROWS = [
    HEADER,
    ("1", "Hold ward surgeries", "Inspector", "March 2026", "Going fine"),
    ("2", "Publish the annual report", "Gilly", "June 2026", "Awaiting budget"),
    ("3", "Train every officer", "Inspector", "June 2026", "going  FINE"),
]


@pytest.fixture
def admin_client(client, administrator):
    make_role("Inspector")
    default_plan()
    client.force_login(administrator)
    return client


def upload(client, tmp_path):
    data = write_workbook(tmp_path / "plan.xlsx", ROWS).read_bytes()
    client.post("/import/", {"plan": TEST_PLAN, "plan_file": SimpleUploadedFile("plan.xlsx", data)})
    return PendingImport.objects.latest("pk")


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def field_names(page, label_start):
    return re.findall(rf'<select name="({label_start}_\d+)"', page.content.decode())


def test_each_unknown_status_word_and_owner_is_offered_once_with_a_choice(admin_client, tmp_path):
    pending = upload(admin_client, tmp_path)
    page = admin_client.get(f"/import/{pending.pk}/")
    text = text_of(page)
    assert text.count("“Going fine” means") == 1  # "going  FINE" is the same word
    assert "“Awaiting budget” means" in text and "“Gilly” is" in text
    assert len(field_names(page, "status")) == 2 and len(field_names(page, "owner")) == 1
    assert "Treat as commentary" in text


def test_chosen_statuses_and_an_owner_alias_are_imported_and_the_alias_kept(admin_client, tmp_path):
    pending = upload(admin_client, tmp_path)
    admin_client.post(
        f"/import/{pending.pk}/values/",
        {"status_0": "on_track", "status_1": AS_COMMENTARY, "owner_0": "Inspector"},
    )
    preview = admin_client.get(f"/import/{pending.pk}/")
    assert "is not a status" not in text_of(preview)
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]*)"', preview.content.decode())
    response = admin_client.post(f"/import/{pending.pk}/apply/", {"fingerprint": fingerprint[1]})
    assert response.status_code == 302, text_of(response)[:1500]
    statuses = dict(Activity.objects.values_list("reference", "current_status"))
    assert statuses["1"] == statuses["3"] == "on_track"
    report = Activity.objects.get(reference="2")
    assert [role.title for role in report.owner_roles()] == ["Inspector"]
    assert OwnerRoleAlias.objects.get(text="Gilly").role.title == "Inspector"
    run = ImportRun.objects.get()
    assert run.counts["aliases"] == ["Gilly → Inspector"] and run.user.username == "administrator"
    assert "1 alias created" in text_of(admin_client.get(response["Location"]))


def test_an_owner_named_as_another_name_for_a_role_is_matched_as_that_role():
    roles = [KnownRole("Inspector"), KnownRole("Sergeant", ("Sgt",))]
    chosen = ValueChoices(owners={"Gilly": "inspector", "Alex": NEW_ROLE})
    known = with_owner_aliases(roles, chosen)
    assert known == [KnownRole("Inspector", ("Gilly",)), KnownRole("Sergeant", ("Sgt",))]
    assert OwnerMatcher(known).split("Gilly & Sgt").titles == ("Inspector", "Sergeant")


def test_next_months_file_asks_nothing_about_status_words_chosen_before(admin_client, tmp_path):
    first = upload(admin_client, tmp_path)
    admin_client.post(
        f"/import/{first.pk}/values/",
        {"status_0": "on_track", "status_1": AS_COMMENTARY, "owner_0": "Inspector"},
    )
    preview = admin_client.get(f"/import/{first.pk}/")
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]*)"', preview.content.decode())
    admin_client.post(f"/import/{first.pk}/apply/", {"fingerprint": fingerprint[1]})
    next_month = upload(admin_client, tmp_path)
    page = admin_client.get(f"/import/{next_month.pk}/")
    text = text_of(page)
    assert "means" not in text and "“Gilly” is" not in text  # no questions this time
    assert "Activities to change (0)" in text and "is not a status" not in text
