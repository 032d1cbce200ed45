"""OwnerRole.objects.known_roles(): every role with its aliases for the owner parser, in two queries."""

import pytest

from django.core.management import call_command

from activities.models import Theme
from owners.models import OwnerRole
from owners.parsing import KnownRole, OwnerMatcher
from tests.factories import make_role
from tests.published_plan_expected import EXPECTED_ROWS


@pytest.mark.django_db
def test_known_roles_carry_their_aliases():
    make_role("Deputy Chief Constable", aliases=("DCC",))
    make_role("Chief Constable")
    assert OwnerRole.objects.known_roles() == [
        KnownRole("Chief Constable", ()),
        KnownRole("Deputy Chief Constable", ("DCC",)),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 200])
def test_known_roles_take_two_queries_however_many_roles(count, django_assert_num_queries):
    for number in range(count):
        make_role(f"Role {number}", aliases=(f"Alias {number}",))
    with django_assert_num_queries(2):
        roles = OwnerRole.objects.known_roles()
    assert len(roles) == count


@pytest.mark.django_db
def test_loaded_fixtures_give_the_roles_every_plan_row_needs():
    call_command("loaddata", "owner_roles", "published_plan", verbosity=0)
    matcher = OwnerMatcher(OwnerRole.objects.known_roles())
    for row in EXPECTED_ROWS:
        assert matcher.split(row.owners_text).titles == row.owners, row.reference
    assert list(Theme.objects.values_list("position", flat=True)) == [1, 2, 3, 4, 5]
