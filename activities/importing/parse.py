"""File bytes -> ParsedPlan: read.py then rows.py, with the settings' limits and the known roles."""

from django.conf import settings

from activities.importing.budget import ReadLimits
from activities.importing.mapping import ColumnRequest, reading_columns
from activities.importing.read import read_plan
from activities.importing.rows import ParsedPlan, validate_rows
from activities.importing.values import ValueChoices, with_owner_aliases
from owners.models import OwnerRole
from owners.parsing import OwnerMatcher


def parse_plan(
    data: bytes,
    *,
    file_name: str,
    sheet: str | None = None,
    columns: ColumnRequest | None = None,
    values: ValueChoices | None = None,
) -> ParsedPlan:
    """A plan file's bytes -> validated rows and problems. Raises PlanFileError if unreadable.

    sheet names the workbook sheet to read; by default, the first with a recognisable header.
    columns carries a person's (or the plan's remembered) column choices in, and the layout the
    reader used (columns.found) and the status words nobody chose for (columns.unknown_statuses)
    out. values are a person's choices for status words and owner names the importer does not know.
    """
    columns = columns or ColumnRequest()
    values = values or ValueChoices()
    with reading_columns(columns):
        raw = read_plan(
            data,
            file_name=file_name,
            max_bytes=settings.PLAN_IMPORT_MAX_BYTES,
            max_rows=settings.PLAN_IMPORT_MAX_ROWS,
            sheet=sheet,
            max_unpacked_bytes=settings.PLAN_IMPORT_MAX_UNPACKED_BYTES,
            limits=read_limits(),
        )
    roles = with_owner_aliases(OwnerRole.objects.known_roles(), values)
    statuses = {**columns.statuses_remembered(), **values.statuses}
    parsed = validate_rows(raw, matcher=OwnerMatcher(roles), status_mapping=statuses)
    columns.unknown_statuses = list(parsed.unknown_status_words)
    return parsed


def read_limits() -> ReadLimits:
    """The settings' bounds on the work of reading one file."""
    return ReadLimits(
        max_cells=settings.PLAN_IMPORT_MAX_CELLS,
        max_text_characters=settings.PLAN_IMPORT_MAX_TEXT_CHARACTERS,
        max_shared_strings_bytes=settings.PLAN_IMPORT_MAX_SHARED_STRINGS_BYTES,
        max_shared_strings=settings.PLAN_IMPORT_MAX_SHARED_STRINGS,
        max_seconds=settings.PLAN_IMPORT_MAX_SECONDS,
    )
