"""Plans: creating one (a short name made from its title when none is given)."""

import datetime

from django.db import transaction
from django.utils.text import slugify

from activities.models import Plan

SHORT_NAME_LENGTH = Plan._meta.get_field("short_name").max_length


def free_short_name(title: str) -> str:
    """A short name for the title not used by another plan: "Equality plan" -> "equality-plan"."""
    base = slugify(title)[: SHORT_NAME_LENGTH - 4].strip("-") or "plan"
    taken = set(
        Plan.objects.filter(short_name__startswith=base).values_list("short_name", flat=True)
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def plan_create(
    *,
    title: str,
    short_name: str = "",
    organisation: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    state: str = Plan.State.ACTIVE,
    predecessor: Plan | None = None,
) -> Plan:
    plan = Plan(
        title=title.strip(),
        short_name=short_name or free_short_name(title),
        organisation=organisation.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        state=state,
        predecessor=predecessor,
    )
    plan.full_clean()
    plan.save()
    return plan
