"""Only superusers manage administrators' credentials: real POSTs through the user admin."""

import pytest

from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from tests.activities.test_admin import admin_form_data
from tests.factories import GROUP_ADMINISTRATORS, GROUP_EDITORS, make_user

pytestmark = pytest.mark.django_db

OLD = "correct horse battery"
NEW = "a brand new passphrase 42"


def password_url(user):
    return reverse("admin:auth_user_password_change", args=[user.pk])


def user_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def set_password(client, user):
    return client.post(
        password_url(user), {"password1": NEW, "password2": NEW, "usable_password": "true"}
    )


def password_is(user, password):
    user.refresh_from_db()
    return user.check_password(password)


@pytest.fixture
def second_administrator(db):
    return make_user("admin2", groups=(GROUP_ADMINISTRATORS,))


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", password=OLD)


def test_administrator_cannot_set_another_administrators_password(
    client, administrator, second_administrator
):
    client.force_login(administrator)

    assert client.get(password_url(second_administrator)).status_code == 403
    assert set_password(client, second_administrator).status_code == 403
    assert password_is(second_administrator, OLD)


def test_administrator_cannot_set_a_superusers_password(client, administrator, superuser):
    client.force_login(administrator)

    assert set_password(client, superuser).status_code == 403
    assert password_is(superuser, OLD)


def test_administrator_cannot_set_any_staff_users_password(client, administrator):
    staff = make_user("staffer", is_staff=True)
    client.force_login(administrator)

    assert set_password(client, staff).status_code == 403
    assert password_is(staff, OLD)


def test_administrator_cannot_set_the_password_of_someone_in_an_account_managing_group(
    client, administrator
):
    not_staff_but_admin_group = make_user("quiet", groups=(GROUP_ADMINISTRATORS,), is_staff=False)
    client.force_login(administrator)

    assert set_password(client, not_staff_but_admin_group).status_code == 403
    assert password_is(not_staff_but_admin_group, OLD)


def test_administrator_cannot_edit_another_administrators_record(
    client, administrator, second_administrator
):
    client.force_login(administrator)
    data = {"username": "admin2", "email": "attacker@example.com", "groups": []}

    response = client.post(user_url(second_administrator), data)

    assert response.status_code == 403
    second_administrator.refresh_from_db()
    assert second_administrator.email == ""
    assert list(second_administrator.groups.values_list("name", flat=True)) == [
        GROUP_ADMINISTRATORS
    ]


def test_administrator_can_still_see_an_administrators_record(
    client, administrator, second_administrator
):
    client.force_login(administrator)

    response = client.get(user_url(second_administrator))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_administrator_can_set_an_editors_password(client, administrator, editor):
    client.force_login(administrator)

    response = set_password(client, editor)

    assert response.status_code == 302
    assert password_is(editor, NEW)


def test_administrator_cannot_make_an_editor_a_plan_administrator(client, administrator, editor):
    client.force_login(administrator)
    data = admin_form_data(client.get(user_url(editor)))
    data["groups"] = [str(Group.objects.get(name=GROUP_ADMINISTRATORS).pk)]

    response = client.post(user_url(editor), data)

    assert response.status_code == 200
    assert "groups" in response.context["adminform"].form.errors
    assert list(editor.groups.values_list("name", flat=True)) == [GROUP_EDITORS]


def test_administrator_cannot_make_an_editor_staff(client, administrator, editor):
    client.force_login(administrator)
    data = admin_form_data(client.get(user_url(editor)))
    data["is_staff"] = "on"

    client.post(user_url(editor), data)

    editor.refresh_from_db()
    assert not editor.is_staff


def test_administrator_cannot_give_a_group_with_permissions_they_lack(
    client, administrator, editor
):
    powerful = Group.objects.create(name="Everything")
    powerful.permissions.add(Permission.objects.get(codename="delete_activity"))
    client.force_login(administrator)
    data = admin_form_data(client.get(user_url(editor)))
    data["groups"] = [str(powerful.pk)]

    response = client.post(user_url(editor), data)

    assert response.status_code == 200
    assert not editor.groups.filter(name="Everything").exists()


def test_superuser_can_set_an_administrators_password_and_groups(
    client, superuser, second_administrator
):
    client.force_login(superuser)

    assert set_password(client, second_administrator).status_code == 302
    assert password_is(second_administrator, NEW)
    data = admin_form_data(client.get(user_url(second_administrator)))
    data["groups"] = [str(Group.objects.get(name=GROUP_EDITORS).pk)]
    assert client.post(user_url(second_administrator), data).status_code == 302
    assert list(second_administrator.groups.values_list("name", flat=True)) == [GROUP_EDITORS]
