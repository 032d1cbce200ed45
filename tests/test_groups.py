"""The three groups exist with exactly their permissions, and come back if they go missing."""

import pytest

from django.contrib.auth.models import Group

from activities.groups import GROUPS, ensure_groups


def permission_codes(group: Group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.django_db
def test_each_group_has_exactly_its_permissions():
    ensure_groups()  # what the data migration runs; a no-op when the groups are already there
    for name, codes in GROUPS.items():
        assert permission_codes(Group.objects.get(name=name)) == set(codes)


@pytest.mark.django_db
def test_ensure_groups_recreates_a_deleted_group_and_leaves_the_others_alone():
    ensure_groups()
    reviewers = Group.objects.get(name="Reviewers")
    reviewers.permissions.remove(*reviewers.permissions.all()[:1])  # an administrator's own change
    Group.objects.filter(name="Plan editors").delete()

    ensure_groups()

    assert permission_codes(Group.objects.get(name="Plan editors")) == set(GROUPS["Plan editors"])
    assert (
        len(permission_codes(Group.objects.get(name="Reviewers"))) == len(GROUPS["Reviewers"]) - 1
    )
