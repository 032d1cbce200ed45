import datetime

import pytest

from activities import services
from activities.models import Activity, ActivityChange, Status
from activities.timescales import MilestoneSpec
from tests.factories import TEST_PLAN_URL, make_activity, make_role, make_theme


def form_data(activity, **overrides):
    data = {
        "version": activity.version,
        "text": activity.text,
        "theme": activity.theme_id,
        "owners": "\n".join(role.title for role in activity.owner_roles()),
        "timescale_label": activity.timescale_label,
        "milestones-TOTAL_FORMS": "2",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_edit_form_shows_current_values_and_version(client, editor):
    activity = make_activity(
        text="We will listen.", owners=[make_role("Lead role"), make_role("Second role")]
    )
    client.force_login(editor)
    html = client.get(f"{TEST_PLAN_URL}/activities/{activity.reference}/edit/").content.decode()
    assert "We will listen." in html
    assert "Lead role\nSecond role" in html
    assert f'name="version" value="{activity.version}"' in html
    assert "<title>Edit activity " in html


@pytest.mark.django_db
def test_save_changes_owners_in_order_and_milestones(client, editor):
    first = make_role("First role")
    make_role("Second role", aliases=("2nd role",))
    activity = make_activity(owners=[first])
    new_theme = make_theme("Another theme")
    client.force_login(editor)
    response = client.post(
        f"{TEST_PLAN_URL}/activities/{activity.reference}/edit/",
        form_data(
            activity,
            text="Changed words",
            theme=new_theme.pk,
            owners="2nd role\nFirst role",
            **{"milestones-0-label": "June 2025", "milestones-0-due": "2025-06-30"},
        ),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.text == "Changed words"
    assert activity.theme == new_theme
    assert [role.title for role in activity.owner_roles()] == ["Second role", "First role"]
    assert [(m.label, m.due) for m in activity.milestones.all()] == [
        ("June 2025", datetime.date(2025, 6, 30))
    ]
    change = ActivityChange.objects.filter(action="updated").get()
    assert change.author == editor
    assert "Activity saved." in client.get(activity.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_unknown_owner_role_is_a_field_error(client, editor):
    activity = make_activity(text="Original")
    client.force_login(editor)
    response = client.post(
        f"{TEST_PLAN_URL}/activities/{activity.reference}/edit/",
        form_data(activity, text="New", owners="Nobody"),
    )
    html = response.content.decode()
    assert 'href="#id_owners"' in html
    assert "“Nobody”" in html
    activity.refresh_from_db()
    assert activity.text == "Original"


@pytest.mark.django_db
def test_milestone_can_be_removed(client, editor):
    activity = make_activity(
        milestones=[MilestoneSpec("A", datetime.date(2030, 1, 1)), MilestoneSpec("B", None)]
    )
    client.force_login(editor)
    data = form_data(
        activity,
        **{
            "milestones-TOTAL_FORMS": "2",
            "milestones-INITIAL_FORMS": "2",
            "milestones-0-label": "A",
            "milestones-0-due": "2030-01-01",
            "milestones-0-DELETE": "on",
            "milestones-1-label": "B",
        },
    )
    assert (
        client.post(f"{TEST_PLAN_URL}/activities/{activity.reference}/edit/", data).status_code
        == 302
    )
    assert [m.label for m in activity.milestones.all()] == ["B"]


@pytest.mark.django_db
def test_stale_version_is_refused_and_shows_what_changed(client, editor, administrator):
    activity = make_activity(text="Original words")
    opened_at = activity.version
    services.activity_update(
        activity=activity,
        fields=services.ActivityFields(
            theme=activity.theme,
            text="Administrator's words",
            timescale_label="",
            ongoing=False,
            owners=activity.owner_roles(),
            milestones=[],
        ),
        expected_version=opened_at,
        author=administrator,
    )
    client.force_login(editor)
    activity.version = opened_at
    response = client.post(
        f"{TEST_PLAN_URL}/activities/{activity.reference}/edit/",
        form_data(activity, text="Editor's words"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Someone else changed this activity" in html
    assert "Ada Admin" in html
    assert "<del>Original words</del>" in html
    assert "Editor&#x27;s words" in html  # the user's input is kept
    assert Activity.objects.get().text == "Administrator's words"


@pytest.mark.django_db
def test_milestone_completed_by_status_update_counts_as_a_change(client, editor):
    activity = make_activity(milestones=[MilestoneSpec("A", datetime.date(2030, 1, 1))])
    opened_at = activity.version
    services.status_update_create(
        activity=activity,
        status=Status.ON_TRACK,
        author=editor,
        milestone=activity.milestones.get(),
    )
    client.force_login(editor)
    activity.version = opened_at
    response = client.post(
        f"{TEST_PLAN_URL}/activities/{activity.reference}/edit/", form_data(activity, text="Other")
    )
    assert "Someone else changed this activity" in response.content.decode()
    assert Activity.objects.get().text != "Other"


@pytest.mark.django_db
def test_reviewer_cannot_edit(client, reviewer):
    activity = make_activity(text="Original")
    client.force_login(reviewer)
    assert client.get(f"{TEST_PLAN_URL}/activities/{activity.reference}/edit/").status_code == 403
    response = client.post(
        f"{TEST_PLAN_URL}/activities/{activity.reference}/edit/",
        form_data(activity, text="Changed"),
    )
    assert response.status_code == 403
    assert Activity.objects.get().text == "Original"
