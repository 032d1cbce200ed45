"""The benchmark's baselines: openpyxl (and python-calamine) reading or writing the same cells
the app imports or exports, with nothing of the app around them."""

import io

from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook


def read_cells(data: bytes) -> int:
    """The baseline for imports: openpyxl read-only iteration touching every cell's value."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    cells = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                cells += cell.value is not None
    book.close()
    return cells


def read_cells_calamine(data: bytes) -> int:
    """The floor for imports: python-calamine reading every sheet's values, counting those set."""
    cells = 0
    with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).to_python():
                cells += sum(value != "" for value in row)
    return cells


def with_dimension(data: bytes) -> bytes:
    """The same cells saved the way Excel saves them, declaring the sheet's <dimension>.

    openpyxl's read-only mode parses a sheet without that element once in full just to size it
    (the benchmark's own file, written in write-only mode, has none); the import skips that pass,
    the baseline cannot. Measured on both files so the figure is not flattered by the layout."""
    source = load_workbook(io.BytesIO(data), read_only=True)
    book = Workbook()
    book.remove(book.active)
    for worksheet in source.worksheets:
        sheet = book.create_sheet(worksheet.title)
        for row in worksheet.iter_rows(values_only=True):
            sheet.append(row)
    source.close()
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_cells(sheets: list[list[tuple]]) -> None:
    """The baseline for exports: openpyxl write-only of the same cell values, no styles."""
    book = Workbook(write_only=True)
    for number, rows in enumerate(sheets):
        sheet = book.create_sheet(f"Sheet {number}")
        for row in rows:
            sheet.append(row)
    book.save(io.BytesIO())
