"""A plan's remembered column mappings: saved when a person's choice of columns was imported."""

from django.db import transaction

from activities.importing.mapping import ColumnLayout, ColumnRequest
from activities.models import ColumnMapping, Plan


def remembered_request(plan: Plan | None, choices: dict[str, str] | None = None) -> ColumnRequest:
    """A read's request: the person's column choices, and the plan's remembered layouts (their
    columns, and what their status words mean)."""
    request = ColumnRequest(choices=dict(choices or {}))
    if plan is None or plan.pk is None:
        return request
    for signature, mapping, statuses in ColumnMapping.objects.filter(plan=plan).values_list(
        "header_signature", "mapping", "statuses"
    ):
        request.remembered[signature] = mapping
        request.remembered_statuses[signature] = statuses
    return request


@transaction.atomic
def column_mapping_save(
    *, plan: Plan, layout: ColumnLayout, statuses: dict[str, str] | None = None, user=None
) -> ColumnMapping:
    """Remember layout's columns for the plan (replacing its mapping of the same layout) and what
    its status words mean (added to those remembered). Who and when: updated_by, updated_at."""
    mapping, _ = ColumnMapping.objects.select_for_update().get_or_create(
        plan=plan, header_signature=layout.signature, defaults={"mapping": {}}
    )
    mapping.mapping = layout.choices()
    mapping.statuses = {**mapping.statuses, **(statuses or {})}
    mapping.updated_by = user
    mapping.full_clean()
    mapping.save()
    return mapping
