"""References are one URL path segment by construction, and stored ones that are not are repaired.

Issue 11 point 1: a reference such as "1/2" or ".." made the dashboard, the list and the import
result page answer 500 and the activity's own page 404. The rule lives in activities.references;
migration 0007_reference_rules renames what was stored before the rule, recording the rename.
"""

import importlib

import pytest

from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities import services
from activities.models import Activity, ActivityChange, ImportRun
from activities.references import is_valid_reference, url_safe_reference
from tests.activities.test_admin import admin_form_data
from tests.factories import TEST_PLAN_URL, default_plan, make_activity, make_role, make_theme

pytestmark = pytest.mark.django_db

repair = importlib.import_module("activities.migrations.0007_reference_rules")


def stored_with_reference(reference: str, **fields) -> Activity:
    """An activity whose reference was stored before the rule existed (written past the validator)."""
    activity = make_activity(**fields)
    Activity.objects.filter(pk=activity.pk).update(reference=reference)
    return Activity.objects.get(pk=activity.pk)


@pytest.fixture
def repaired(db):
    theme = make_theme("Local policing", position=1)
    slash = stored_with_reference("1/2", theme=theme, text="We will mend the slash.")
    dots = stored_with_reference("..", theme=theme, text="We will mend the dots.")
    make_activity(reference="1-2", theme=theme, text="Already called 1-2.")
    run = ImportRun.objects.create(
        plan=default_plan(), file_name="plan.csv", sha256="0" * 64, file_format="csv"
    )
    ActivityChange.objects.create(
        activity=slash,
        action="created",
        version=1,
        changes={},
        import_run=run,
        created_at=run.created_at,
    )
    repair.make_references_url_safe(apps, None)
    return Activity.objects.get(pk=slash.pk), Activity.objects.get(pk=dots.pk), run


def test_stored_references_are_renamed_to_close_unused_safe_ones(repaired):
    slash, dots, _ = repaired
    assert (slash.reference, dots.reference) == ("1-2-2", "ref")  # "1-2" was taken
    assert all(is_valid_reference(a.reference) for a in Activity.objects.all())


def test_each_rename_is_in_the_activity_history_with_its_version(repaired):
    slash, _, _ = repaired
    change = ActivityChange.objects.filter(activity=slash, action="updated").get()
    assert change.changes == {"reference": {"old": "1/2", "new": "1-2-2"}}
    assert change.version == slash.version == 2
    assert change.author_name == "System"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        TEST_PLAN_URL + "/activities/",
        TEST_PLAN_URL + "/activities/1-2-2/",
        TEST_PLAN_URL + "/activities/ref/",
    ],
)
def test_pages_that_list_or_show_a_repaired_activity_render(repaired, client, editor, url):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200


def test_import_result_page_renders_and_links_the_repaired_reference(
    repaired, client, administrator
):
    _, _, run = repaired
    client.force_login(administrator)
    response = client.get(f"/import/runs/{run.pk}/")
    assert response.status_code == 200
    assert 'href="/plans/test-plan/activities/1-2-2/"' in response.content.decode()


def test_activity_page_shows_the_rename_in_its_history(repaired, client, editor):
    client.force_login(editor)
    page = client.get(TEST_PLAN_URL + "/activities/1-2-2/").content.decode()
    assert "1/2" in page and "Reference" in page


@pytest.mark.parametrize("reference", ["1/2", ".", "..", "a?b", "a#b", "50%", "1 2", "=1"])
def test_new_activity_with_a_reference_that_is_not_a_url_segment_is_refused(reference):
    theme, role = make_theme("Local policing", position=1), make_role("ACC Local Policing")
    fields = services.ActivityFields(
        theme=theme, text="We will.", timescale_label="", ongoing=True, owners=[role], milestones=[]
    )
    with pytest.raises(ValidationError) as refused:
        services.activity_create(reference=reference, fields=fields)
    assert "cannot be a reference" in str(refused.value.message_dict["reference"])
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("stored", "safe"),
    [
        ("1/2", "1-2"),
        ("..", "ref"),
        (".", "ref"),
        (" 3.4 ", "3.4"),
        ("a b?c#d%e", "a-b-c-d-e"),
        ("x" * 30, "x" * 20),
    ],
)
def test_url_safe_reference_stays_close_to_the_stored_one(stored, safe):
    assert url_safe_reference(stored, taken=set()) == safe
    assert is_valid_reference(safe)


def test_url_safe_reference_never_reuses_a_taken_one():
    taken = {"1-2", "1-2-2", "x" * 20}
    assert url_safe_reference("1/2", taken) == "1-2-3"
    assert url_safe_reference("x" * 25, taken) == "x" * 18 + "-2"


def test_admin_add_form_refuses_a_reference_that_is_not_a_url_segment(client, administrator):
    theme, role = make_theme(), make_role("ACC Local Policing")
    client.force_login(administrator)
    url = reverse("admin:activities_activity_add")
    data = admin_form_data(client.get(url))
    data.update(
        {
            "reference": "1/2",
            "theme": str(theme.pk),
            "position": "1",
            "text": "We will open a new front counter.",
            "activity_owners-0-role": str(role.pk),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["reference"]
    assert "“1/2” cannot be a reference" in errors[0]
    assert not Activity.objects.exists()
