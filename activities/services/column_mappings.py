"""A plan's remembered column mappings: saved when a person's choice of columns was imported."""

from django.db import transaction

from activities.importing.mapping import ColumnLayout
from activities.models import ColumnMapping, Plan


def remembered_layouts(plan: Plan | None) -> dict[str, dict[str, str]]:
    """{header signature: header key -> field} of the plan's remembered mappings."""
    if plan is None or plan.pk is None:
        return {}
    rows = ColumnMapping.objects.filter(plan=plan).values_list("header_signature", "mapping")
    return dict(rows)


@transaction.atomic
def column_mapping_save(*, plan: Plan, layout: ColumnLayout, user=None) -> ColumnMapping:
    """Remember layout's columns for the plan (replacing its mapping of the same layout).

    Who and when are the row's updated_by and updated_at."""
    mapping, _ = ColumnMapping.objects.select_for_update().get_or_create(
        plan=plan, header_signature=layout.signature, defaults={"mapping": {}}
    )
    mapping.mapping = layout.choices()
    mapping.updated_by = user
    mapping.full_clean()
    mapping.save()
    return mapping
