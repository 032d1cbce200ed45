"""The activities admin: who may enter, a change list without N+1 queries, saves through the services."""

import datetime

import pytest

from django.db import connection
from django.forms import MultiWidget
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities import services
from activities.models import Activity, ActivityChange, ImportRun, Status, StatusUpdate, Theme
from tests.factories import default_plan, make_activity, make_role, make_theme

pytestmark = pytest.mark.django_db

CHANGE_LIST = reverse("admin:activities_activity_changelist")
PAST = datetime.date(2023, 12, 31)
FUTURE = datetime.date(2024, 6, 30)


def change_url(activity):
    return reverse("admin:activities_activity_change", args=[activity.pk])


def admin_form_data(response) -> dict:
    """What a browser would post back for an admin change form exactly as it was rendered."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update(
            {management.add_prefix(name): management[name].value() for name in management.fields}
        )
        forms.extend(inline.formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            widget = form.fields[name].widget
            if isinstance(widget, MultiWidget):  # e.g. a date and a time box
                for index, part in enumerate(widget.decompress(value)):
                    data[f"{form.add_prefix(name)}_{index}"] = str(part)
            elif isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(item) for item in value]
            else:
                data[form.add_prefix(name)] = "on" if value is True else str(value)
    return data


# Who may enter


def test_administrator_can_open_the_activity_list(client, administrator):
    client.force_login(administrator)

    assert client.get(CHANGE_LIST).status_code == 200


@pytest.mark.parametrize("persona", ["editor", "reviewer", "outsider"])
def test_people_who_are_not_administrators_are_sent_to_the_admin_login(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(CHANGE_LIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


# The change list


def test_change_list_shows_owners_lead_first_and_the_overdue_flag(
    client, administrator, fixed_today
):
    lead, second = make_role("ACC Local Policing"), make_role("Head of Communications")
    make_activity(reference="1.1", owners=[lead, second], due=PAST)
    client.force_login(administrator)

    response = client.get(CHANGE_LIST)

    row = response.context["cl"].result_list[0]
    assert row.reference == "1.1"
    assert "ACC Local Policing, Head of Communications" in response.content.decode()
    assert 'alt="True"' in response.content.decode()  # the overdue icon


def test_overdue_filter_lists_only_overdue_activities(client, administrator, fixed_today):
    make_activity(reference="1.1", due=PAST)
    make_activity(reference="1.2", due=FUTURE)
    closed = make_activity(reference="1.3", due=PAST)
    services.status_update_create(activity=closed, status=Status.COMPLETE, author=administrator)
    client.force_login(administrator)

    overdue = client.get(CHANGE_LIST, {"overdue": "yes"}).context["cl"].result_list
    not_overdue = client.get(CHANGE_LIST, {"overdue": "no"}).context["cl"].result_list

    assert [a.reference for a in overdue] == ["1.1"]
    assert sorted(a.reference for a in not_overdue) == ["1.2", "1.3"]


def test_search_finds_activities_by_owner_role_alias(client, administrator):
    role = make_role("Corporate Information and Engagement Manager", aliases=("CIEM",))
    make_activity(reference="1.1", owners=[role])
    make_activity(reference="1.2")
    client.force_login(administrator)

    found = client.get(CHANGE_LIST, {"q": "ciem"}).context["cl"].result_list

    assert [a.reference for a in found] == ["1.1"]


def build_plan(count: int, themes, roles):
    for index in range(Activity.objects.count(), count):
        make_activity(
            theme=themes[index % len(themes)],
            owners=[roles[index % len(roles)], roles[(index + 1) % len(roles)]],
            due=PAST if index % 2 else FUTURE,
        )


def test_change_list_queries_do_not_grow_with_the_number_of_activities(
    client, administrator, django_assert_max_num_queries, fixed_today
):
    themes = [make_theme() for _ in range(3)]
    roles = [make_role(aliases=(f"Alias {n}",)) for n in range(4)]
    client.force_login(administrator)
    # Filters applied, facet counts shown, and a search across a many-valued relation.
    query = {
        "overdue": "yes",
        "current_status__exact": "not_started",
        "_facets": "1",
        "q": "deliver",
    }
    build_plan(10, themes, roles)
    with CaptureQueriesContext(connection) as at_ten:
        assert client.get(CHANGE_LIST, query).status_code == 200
        assert client.get(CHANGE_LIST).status_code == 200

    build_plan(200, themes, roles)
    with django_assert_max_num_queries(len(at_ten)):
        assert client.get(CHANGE_LIST, query).status_code == 200
        response = client.get(CHANGE_LIST)
    assert response.context["cl"].result_count == 200


# The change page


def test_change_page_shows_status_history_read_only(client, administrator, editor):
    activity = make_activity()
    services.status_update_create(
        activity=activity, status=Status.AT_RISK, commentary="Budget pressure", author=editor
    )
    client.force_login(administrator)

    response = client.get(change_url(activity))

    assert response.status_code == 200
    assert "Budget pressure" in response.content.decode()
    history = next(
        i for i in response.context["inline_admin_formsets"] if i.formset.model is StatusUpdate
    )
    assert not history.has_change_permission and not history.has_delete_permission
    assert 'name="status_updates-0-status"' not in response.content.decode()


def test_admin_edit_is_recorded_with_author_and_keeps_copies_in_sync(
    client, administrator, fixed_today
):
    first, second = make_role("ACC Local Policing"), make_role("Head of Communications")
    activity = make_activity(text="Old text", owners=[first, second], due=FUTURE)
    client.force_login(administrator)
    data = admin_form_data(client.get(change_url(activity)))
    data["text"] = "New text"
    data["activity_owners-0-position"], data["activity_owners-1-position"] = (
        "1",
        "0",
    )  # swap the lead
    data.update({"milestones-1-label": "December 2023", "milestones-1-due": "2023-12-31"})

    response = client.post(change_url(activity), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    activity.refresh_from_db()
    assert (activity.text, activity.version, activity.next_due) == ("New text", 2, PAST)
    assert [role.title for role in activity.owner_roles()] == [
        "Head of Communications",
        "ACC Local Policing",
    ]
    change = activity.changes.get(version=2)
    assert change.author == administrator
    assert set(change.changes) == {"text", "owners", "milestones"}
    assert change.changes["text"] == {"old": "Old text", "new": "New text"}


def test_admin_save_without_changes_records_nothing(client, administrator):
    activity = make_activity(due=FUTURE)
    client.force_login(administrator)

    response = client.post(change_url(activity), admin_form_data(client.get(change_url(activity))))

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.version == 1
    assert activity.changes.count() == 1


def test_form_opened_at_an_older_version_is_refused_as_the_edit_page_refuses_it(
    client, administrator, editor
):
    activity = make_activity(text="Original")
    client.force_login(administrator)
    data = admin_form_data(client.get(change_url(activity)))
    data["text"] = "Administrator's text"
    services.activity_update(  # an editor saves first
        activity=activity,
        fields=services.ActivityFields(
            theme=activity.theme,
            text="Editor's text",
            timescale_label="",
            ongoing=False,
            owners=activity.owner_roles(),
            milestones=[],
        ),
        expected_version=1,
        author=editor,
    )

    response = client.post(change_url(activity), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.non_field_errors() == [services.ConcurrentChangeError.message]
    html = response.content.decode()
    assert "Erin Editor" in html
    assert "<del>Original</del>" in html and "Editor&#x27;s text" in html  # field, old → new
    assert "Administrator&#x27;s text" in html  # the administrator's input is kept
    activity.refresh_from_db()
    assert (activity.text, activity.version) == ("Editor's text", 2)
    assert activity.changes.count() == 2


def test_saving_again_after_a_refusal_saves_over_the_other_change(client, administrator, editor):
    activity = make_activity(text="Original")
    client.force_login(administrator)
    data = admin_form_data(client.get(change_url(activity)))
    data["text"] = "Administrator's text"
    Activity.objects.filter(pk=activity.pk).update(version=2)  # someone saved in between
    refused = client.post(change_url(activity), data)

    again = client.post(change_url(activity), admin_form_data(refused))

    assert again.status_code == 302
    activity.refresh_from_db()
    assert (activity.text, activity.version) == ("Administrator's text", 3)


def test_administrator_can_add_an_activity_through_the_services(client, administrator):
    theme, role = make_theme(), make_role("ACC Local Policing")
    client.force_login(administrator)
    data = admin_form_data(client.get(reverse("admin:activities_activity_add")))
    data.update(
        {
            "reference": "7.1",
            "theme": str(theme.pk),
            "position": "1",
            "text": "We will open a new front counter.",
            "timescale_label": "March 2024",
            "activity_owners-0-role": str(role.pk),
            "milestones-0-label": "March 2024",
            "milestones-0-due": "2024-03-31",
        }
    )

    response = client.post(reverse("admin:activities_activity_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    activity = Activity.objects.get(reference="7.1")
    assert [r.title for r in activity.owner_roles()] == ["ACC Local Policing"]
    assert activity.next_due == datetime.date(2024, 3, 31)
    created = activity.changes.get()
    assert (created.action, created.author) == (ActivityChange.Action.CREATED, administrator)


def test_activities_cannot_be_deleted_in_the_admin(client, administrator):
    activity = make_activity()
    client.force_login(administrator)

    delete_page = client.get(reverse("admin:activities_activity_delete", args=[activity.pk]))
    change_list = client.get(CHANGE_LIST)
    actions = change_list.context["cl"].model_admin.get_actions(change_list.wsgi_request)

    assert delete_page.status_code == 403
    assert "delete_selected" not in actions
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_status_updates_cannot_be_edited_through_a_tampered_post(client, administrator, editor):
    activity = make_activity()
    update = services.status_update_create(
        activity=activity, status=Status.AT_RISK, commentary="Budget", author=editor
    )
    client.force_login(administrator)
    data = admin_form_data(client.get(change_url(activity)))
    data.update({"status_updates-0-status": Status.COMPLETE, "status_updates-0-DELETE": "on"})

    client.post(change_url(activity), data)

    update.refresh_from_db()
    assert update.status == Status.AT_RISK
    assert StatusUpdate.objects.count() == 1


# Themes and imports


def test_theme_list_counts_activities_and_moves_a_theme_up(client, administrator):
    make_theme("First", position=1)
    second = make_theme("Second", position=2)
    make_activity(theme=second)
    make_activity(theme=second)
    client.force_login(administrator)
    url = reverse("admin:activities_theme_changelist")
    assert [t.activity_count for t in client.get(url).context["cl"].result_list] == [0, 2]

    client.post(url, {"action": "move_up", "_selected_action": [second.pk]})

    assert list(Theme.objects.values_list("title", "position")) == [("Second", 1), ("First", 2)]


def test_import_runs_are_read_only(client, administrator):
    run = ImportRun.objects.create(
        plan=default_plan(), file_name="plan.xlsx", sha256="0" * 64, file_format="xlsx"
    )
    client.force_login(administrator)

    assert client.get(reverse("admin:activities_importrun_changelist")).status_code == 200
    assert client.get(reverse("admin:activities_importrun_add")).status_code == 403
    page = client.get(reverse("admin:activities_importrun_change", args=[run.pk]))
    assert page.status_code == 200
    assert 'name="file_name"' not in page.content.decode()
