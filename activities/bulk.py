"""Multi-row inserts of plain values, for the imports that create thousands of rows at once.

QuerySet.bulk_create builds a model instance per row and prepares every value of every field
through the ORM; for an import of 5,000 activities (about 30,000 rows with owners, milestones and
history) that was three quarters of the import's time. insert_rows takes rows as tuples of plain
Python values, converts only the columns whose values need it (dates, times, JSON), and hands the
rows to the driver in one go: COPY on PostgreSQL, executemany elsewhere.

Only activities.services calls it, inside the caller's transaction; it validates nothing itself.
"""

import json
from collections.abc import Iterable, Sequence

from django.db import connections, models, router

# Fields whose Python values the database drivers take as they are (ForeignKey: the id).
PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence]) -> int:
    """INSERT rows (tuples of values in the order of `names`, field names) into model's table.

    Every concrete field but the primary key must be named, or have a database default: Python-side
    defaults (default=, auto_now_add) are not applied here, so leaving a field out is an error
    rather than a silently different row. Returns the number of rows inserted.
    """
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in names]
    missing = [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and field not in fields and not field.has_db_default()
    ]
    if missing:
        raise ValueError(f"insert_rows({model.__name__}): no value for {', '.join(missing)}")
    # (index, convert, memo): dates and times repeat (an import stamps every row alike), so each
    # distinct value is converted once; JSON values are not hashable and are converted every time.
    converted = [
        (index, *converter(field))
        for index, field in enumerate(fields)
        if not isinstance(field, PLAIN_FIELDS)
    ]

    def prepared(row: Sequence) -> Sequence:
        if len(row) != len(fields):
            raise ValueError(f"insert_rows({model.__name__}): {len(row)} values for {names}")
        if not converted:
            return row
        values = list(row)
        for index, convert, memo in converted:
            value = values[index]
            if value is None:
                continue
            if memo is None:
                values[index] = convert(value, connection)
            elif value in memo:
                values[index] = memo[value]
            else:
                values[index] = memo[value] = convert(value, connection)
        return values

    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The driver's own cursor: wrap its errors as Django does (IntegrityError, …).
            copying = cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN")
            with connection.wrap_database_errors, copying as copy:
                for row in rows:
                    copy.write_row(prepared(row))
                    count += 1
        else:
            values = [prepared(row) for row in rows]
            if values:
                placeholders = ", ".join(["%s"] * len(fields))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values
                )
            count = len(values)
    return count


def converter(field: models.Field) -> tuple:
    """(convert(value, connection), memo or None) for a field whose values need converting."""
    if isinstance(field, models.JSONField):
        # JSON as text, encoded as the field encodes it: every backend's JSON column reads it,
        # and PostgreSQL's COPY takes it without a Python adapter object per row.
        def convert(value, connection):
            return json.dumps(value, cls=field.encoder)

        return convert, None
    return field.get_db_prep_save, {}
