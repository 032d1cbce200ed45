"""The edit form reads owner text with the importer's OwnerMatcher: what imports can be typed."""

import pytest

from activities.models import Activity
from owners.models import OwnerRole
from owners.parsing import OwnerMatcher
from tests.activities.test_edit_activity import form_data
from tests.factories import TEST_PLAN_URL, make_activity, make_role

pytestmark = pytest.mark.django_db


def save_owners(client, activity, owners: str):
    return client.post(
        f"{TEST_PLAN_URL}/activities/{activity.reference}/edit/", form_data(activity, owners=owners)
    )


def owner_titles(activity) -> list[str]:
    return [role.title for role in Activity.objects.get(pk=activity.pk).owner_roles()]


def test_title_containing_an_ampersand_can_be_typed_as_the_plan_writes_it(client, editor):
    """As the importer does, "&" reads as "and", and case and full stops do not matter."""
    make_role("Head of Corporate Communications & Engagement")
    activity = make_activity()
    client.force_login(editor)

    response = save_owners(client, activity, "head of corporate communications and engagement.")

    assert response.status_code == 302
    assert owner_titles(activity) == ["Head of Corporate Communications & Engagement"]


def test_alias_can_be_typed_and_saves_its_role(client, editor):
    make_role("Chief Constable", aliases=("CC",))
    activity = make_activity()
    client.force_login(editor)

    assert save_owners(client, activity, "cc").status_code == 302

    assert owner_titles(activity) == ["Chief Constable"]


def test_owner_text_of_a_plan_file_saves_the_roles_the_importer_finds(client, editor):
    make_role("ACC Local Policing")
    make_role("Head of Communications", aliases=("Head of Comms",))
    activity = make_activity()
    text = "ACC Local Policing & Head of Comms"
    client.force_login(editor)

    assert save_owners(client, activity, text).status_code == 302

    imported = OwnerMatcher(OwnerRole.objects.known_roles()).split(text).titles
    assert (
        owner_titles(activity) == list(imported) == ["ACC Local Policing", "Head of Communications"]
    )


def test_one_owner_a_line_keeps_the_lead_first(client, editor):
    make_role("First role")
    make_role("Second role")
    activity = make_activity()
    client.force_login(editor)

    assert save_owners(client, activity, "Second role\nFirst role").status_code == 302

    assert owner_titles(activity) == ["Second role", "First role"]


def test_unknown_text_beside_a_known_role_is_named_in_the_error(client, editor):
    make_role("ACC Local Policing")
    activity = make_activity()
    before = owner_titles(activity)
    client.force_login(editor)

    html = save_owners(client, activity, "ACC Local Policing & Head of Nothing").content.decode()

    assert "Not an owner role: “Head of Nothing”" in html
    assert 'href="#id_owners"' in html
    assert owner_titles(activity) == before
