"""List exports (CSV, Excel) whose cells a spreadsheet can never run as formulas.

OWASP "CSV injection": a cell that begins with =, +, -, @, a tab or a carriage return may be read as
a formula by Excel, LibreOffice or Google Sheets. Such text is prefixed with a single quote, which
every spreadsheet shows as text. Characters the xlsx format cannot hold are removed first.
"""

import datetime

from django_tables2.export import TableExport
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from tablib import Dataset

from django.http import HttpResponse
from django.utils import timezone

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_FORMATS = (TableExport.CSV, TableExport.XLSX)


def safe_cell(value):
    """A value ready for a spreadsheet: text neutralised, aware datetimes made local and naive."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        # xlsx has no time zones; people read the plan in UK time.
        return timezone.localtime(value).replace(tzinfo=None, microsecond=0)
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]


class SafeTableExport(TableExport):
    """django-tables2's export with every cell, headers included, passed through safe_cell."""

    @classmethod
    def is_valid_format(cls, export_format):
        # Only the formats we offer (and check permission for); ?_export=json renders the page.
        return export_format in EXPORT_FORMATS

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        safe = Dataset(title=dataset.title, headers=safe_row(dataset.headers or []))
        for row in dataset:
            safe.append(safe_row(row))
        return safe


def dataset_response(dataset: Dataset, export_format: str, filename: str) -> HttpResponse:
    """Download a tablib Dataset built from safe_row() rows as CSV or xlsx."""
    response = HttpResponse(content_type=TableExport.FORMATS[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    response.write(dataset.export(export_format))
    return response
