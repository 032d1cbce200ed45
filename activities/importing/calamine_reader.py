"""A .xlsx sheet read by python-calamine, once sheet_scan.py has shown it reads exactly as openpyxl.

calamine (Rust) parses a sheet ten times faster than openpyxl, but reads it whole with no hook for
the read's budget, and python-calamine 0.9 gives bare values: no formulas, no number formats, no
error cells. So a sheet is handed to calamine only after one fast pass over its XML has shown
that it holds none of those and is small enough to hold in memory (see sheet_scan.py). Text comes
from calamine; number and boolean cells (few in a plan) are parsed from their XML by openpyxl's
own cell parser (openpyxl_reader.number_cells), so dates, number formats and the 1904 calendar
are exactly openpyxl's. Any surprise on the way (calamine fails, finds cells the pass did not)
hands the sheet back to openpyxl, which reads it as it always has.
"""

import io
import logging
import zipfile

from python_calamine import CalamineWorkbook

from activities.importing.budget import ReadBudget
from activities.importing.sheet_scan import CHUNK_BYTES, scan_sheet, shared_string_sizes

# The XML of one row that openpyxl refuses (openpyxl_reader.MAX_ROW_BYTES): rows near it are left
# to openpyxl, so that the refusal is its own.
LARGEST_ROW_BYTES = 1024 * 1024
logger = logging.getLogger(__name__)


class CannotTell(Exception):
    """calamine's reading of a sheet disagrees with what the scan found: openpyxl reads it."""


def chunks(archive: zipfile.ZipFile, part: str):
    with archive.open(part) as source:
        while chunk := source.read(CHUNK_BYTES):
            yield chunk


def plain_part_names(archive: zipfile.ZipFile) -> bool:
    """No part named so that calamine and openpyxl could find different parts for one sheet."""
    return not any(
        ".." in name or "\\" in name or name.startswith("/") or "//" in name
        for name in archive.namelist()
    )


def open_calamine(data: bytes, archive: zipfile.ZipFile, strings_part: str | None):
    """(calamine's workbook, each shared string's size) or None when openpyxl must read it all."""
    if not plain_part_names(archive):
        return None
    sizes = shared_string_sizes(chunks(archive, strings_part)) if strings_part else []
    if sizes is None:
        return None
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data)), sizes
    except Exception:  # noqa: BLE001 - whatever calamine cannot open, openpyxl reads or refuses
        return None


class CalamineSheet:
    """One sheet's rows as openpyxl's read-only iteration gives them, read by calamine."""

    def __init__(self, table: list[tuple], *, budget: ReadBudget, name: str, check_declared_size):
        self.table, self.budget, self.name = table, budget, name
        self.check_declared_size = check_declared_size

    def rows(self, first: int, width: int):
        """Rows first… to the last the file holds, each padded or cut to width, each charged.

        As with openpyxl (xlsx.worksheet_sheet), reading below the header first refuses a sheet
        declaring more cells than a read may parse."""
        if first > 1:
            self.check_declared_size()
        budget, name = self.budget, self.name
        for number in range(first, len(self.table) + 1):
            row = self.table[number - 1]
            filled = [value for value in row if value is not None]
            characters = sum(len(value) for value in filled if type(value) is str)
            budget.charge(len(filled), characters, sheet=name, row=number)
            if len(row) < width:
                row = row + (None,) * (width - len(row))
            yield row[:width]


def read_sheet(
    calamine, sizes: list[int], archive, *, worksheet, budget: ReadBudget, numbers
) -> CalamineSheet | None:
    """The sheet read by calamine, or None when openpyxl must read it (the scan says why)."""
    limits, name, part = budget.limits, worksheet.title, worksheet.part
    scan = scan_sheet(
        chunks(archive, part),
        sizes,
        max_cells=limits.max_cells,
        max_row_bytes=LARGEST_ROW_BYTES,
        on_chunk=lambda: budget.check_time(sheet=name),
    )
    reason = scan.reason_not_to_read(
        max_cells=limits.max_cells,
        max_text=limits.max_text_characters,
        part_bytes=archive.getinfo(part).file_size,
    )
    if reason is None and scan.largest_row_bytes > LARGEST_ROW_BYTES:
        reason = "a row larger than a plan's row"
    if reason:
        logger.debug("Sheet %r is read by openpyxl: it holds %s.", name, reason)
        return None
    try:
        values = calamine.get_sheet_by_name(name).to_python(skip_empty_area=False)
        table = sheet_table(values, numbers(scan.number_cells), scan.last_row, scan.last_column)
    except Exception as error:  # noqa: BLE001 - calamine could not: openpyxl reads it
        logger.debug("Sheet %r is read by openpyxl: %r.", name, error)
        return None
    budget.check_time(sheet=name)
    return CalamineSheet(
        table, budget=budget, name=name, check_declared_size=worksheet.check_declared_size
    )


def sheet_table(values: list[list], numbers: dict, last_row: int, last_column: int) -> list[tuple]:
    """calamine's rows as openpyxl's values: "" is no value, number cells come from `numbers`
    ({(row, column index): value}), and rows run on to the last row the file holds."""
    if len(values) > last_row or any(len(row) > last_column for row in values):
        raise CannotTell("calamine found cells outside the scanned extent")
    by_row: dict[int, dict[int, object]] = {}
    for (row, column), value in numbers.items():
        by_row.setdefault(row, {})[column] = value
    table = []
    for number, row in enumerate(values, start=1):
        cells = [None if value == "" else value for value in row]
        wanted = by_row.pop(number, {})
        for index, value in enumerate(cells):
            if value is not None and type(value) is not str and index not in wanted:
                raise CannotTell(f"a value calamine found but the scan did not, row {number}")
        for index, value in wanted.items():
            cells.extend([None] * (index + 1 - len(cells)))
            cells[index] = value
        table.append(tuple(cells))
    for number, wanted in sorted(by_row.items()):  # number cells below calamine's last row
        table.extend([()] * (number - 1 - len(table)))
        cells = [None] * (max(wanted) + 1)
        for index, value in wanted.items():
            cells[index] = value
        table.append(tuple(cells))
    table.extend([()] * (last_row - len(table)))
    return table
