"""The owner roles and users admin: counts without N+1, aliases that cannot clash, who holds which role."""

import pytest

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from owners.models import OwnerRole, OwnerRoleAlias
from tests.activities.test_admin import admin_form_data
from tests.factories import GROUP_EDITORS, make_activity, make_role, make_theme, make_user

pytestmark = pytest.mark.django_db

ROLE_LIST = reverse("admin:owners_ownerrole_changelist")
ROLE_ADD = reverse("admin:owners_ownerrole_add")


def role_url(role):
    return reverse("admin:owners_ownerrole_change", args=[role.pk])


def user_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def test_role_list_counts_activities_and_holders(client, administrator, editor):
    role = make_role("ACC Local Policing", aliases=("ACC LP",), holders=[editor])
    make_activity(owners=[role])
    make_activity(owners=[role, make_role()])
    client.force_login(administrator)

    listed = {r.title: r for r in client.get(ROLE_LIST).context["cl"].result_list}

    assert (
        listed["ACC Local Policing"].activity_count,
        listed["ACC Local Policing"].holder_count,
    ) == (2, 1)


def test_role_list_queries_do_not_grow_with_the_number_of_roles(
    client, administrator, django_assert_max_num_queries
):
    theme = make_theme()
    client.force_login(administrator)

    def roles(count):
        for number in range(OwnerRole.objects.count(), count):
            role = make_role(
                f"Role {number}", aliases=(f"Alias {number}",), holders=[administrator]
            )
            make_activity(theme=theme, owners=[role])

    roles(10)
    with CaptureQueriesContext(connection) as at_ten:
        client.get(ROLE_LIST)
    roles(200)
    with django_assert_max_num_queries(len(at_ten)):
        response = client.get(ROLE_LIST)
    assert response.context["cl"].result_count == 200


def test_alias_that_is_another_roles_title_is_refused_whatever_its_case(client, administrator):
    make_role("ACC Local Policing")
    role = make_role("Head of Communications")
    client.force_login(administrator)
    data = admin_form_data(client.get(role_url(role)))
    data["aliases-0-text"] = "acc local POLICING"

    response = client.post(role_url(role), data)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert "the title of another owner role" in str(errors)
    assert not OwnerRoleAlias.objects.exists()


def test_title_that_is_another_roles_alias_is_refused(client, administrator):
    make_role("Head of Corporate Communications", aliases=("Head of Comms",))
    client.force_login(administrator)
    data = admin_form_data(client.get(ROLE_ADD))
    data["title"] = "HEAD OF COMMS"

    response = client.post(ROLE_ADD, data)

    assert response.status_code == 200
    assert "already an alias of Head of Corporate Communications" in str(
        response.context["adminform"].form.errors
    )
    assert OwnerRole.objects.count() == 1


def test_the_same_alias_twice_in_one_save_is_refused(client, administrator):
    role = make_role("Head of Communications")
    client.force_login(administrator)
    data = admin_form_data(client.get(role_url(role)))
    data.update(
        {
            "aliases-TOTAL_FORMS": "2",
            "aliases-0-text": "Comms lead",
            "aliases-1-text": "COMMS LEAD",
        }
    )

    response = client.post(role_url(role), data)

    assert response.status_code == 200
    assert not OwnerRoleAlias.objects.exists()


def test_administrator_can_add_aliases_and_holders(client, administrator, editor):
    role = make_role("Head of Communications")
    client.force_login(administrator)
    data = admin_form_data(client.get(role_url(role)))
    data.update({"aliases-0-text": "Head of Comms", "holders": [str(editor.pk)]})

    response = client.post(role_url(role), data)

    assert response.status_code == 302
    assert role.names() == ["Head of Communications", "Head of Comms"]
    assert list(role.holders.all()) == [editor]


def test_administrator_can_give_a_user_an_owner_role_and_a_group(client, administrator):
    role = make_role("ACC Local Policing")
    person = make_user("pat")
    client.force_login(administrator)
    data = admin_form_data(client.get(user_url(person)))
    data.update(
        {
            "OwnerRole_holders-0-ownerrole": str(role.pk),
            "groups": [str(Group.objects.get(name=GROUP_EDITORS).pk)],
        }
    )

    response = client.post(user_url(person), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(person.owner_roles.all()) == [role]
    assert list(person.groups.values_list("name", flat=True)) == [GROUP_EDITORS]


def test_administrator_cannot_make_anyone_a_superuser(client, administrator):
    client.force_login(administrator)
    data = admin_form_data(client.get(user_url(administrator)))
    data["is_superuser"] = "on"

    client.post(user_url(administrator), data)

    administrator.refresh_from_db()
    assert not administrator.is_superuser


def test_administrator_cannot_change_a_superuser(client, administrator):
    superuser = User.objects.create_superuser("root", password="correct horse battery")
    client.force_login(administrator)

    response = client.post(user_url(superuser), {"username": "taken-over"})

    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.username == "root"
