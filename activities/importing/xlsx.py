"""A .xlsx workbook -> raw rows, through openpyxl's read-only mode, cell by cell.

Cells, not bare values: a formula (cell.data_type "f") is flagged and its last saved value
imported, looked up in a second, data-only read made only when a formula was seen.
"""

import io
import warnings
from collections import defaultdict

from defusedxml import DefusedXmlException
from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from activities.importing.cells import Formula, Number
from activities.importing.limits import check_workbook_zip
from activities.importing.problems import PlanFileError
from activities.importing.raw import RawPlan
from activities.importing.table import Sheet, choose_sheet, read_table

XLSX = "xlsx"


def read_workbook(
    data: bytes, *, file_name: str, sheet: str | None, max_rows: int, max_unpacked_bytes: int
) -> RawPlan:
    check_workbook_zip(data, file_name=file_name, max_unpacked_bytes=max_unpacked_bytes)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it skips (validation)
            workbook = open_workbook(data, data_only=False)
            try:
                sheets = [worksheet_sheet(data, worksheet) for worksheet in workbook.worksheets]
                chosen, header = choose_sheet(sheets, sheet, file_name=file_name)
                rows, problems = read_table(
                    chosen, header, max_rows=max_rows, default_theme=chosen.name
                )
            finally:
                workbook.close()
    except PlanFileError:
        raise
    except Exception as error:  # a hostile or damaged file may fail anywhere inside openpyxl
        raise unreadable(file_name, error) from None
    return RawPlan(XLSX, tuple(rows), tuple(problems))


def causes(error: BaseException):
    """The error and those it was raised from: openpyxl wraps what the XML parser raised."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def unreadable(file_name: str, error: Exception) -> PlanFileError:
    if any(isinstance(cause, DefusedXmlException) for cause in causes(error)):
        return PlanFileError(
            f"{file_name} contains XML entity or document type declarations, which Excel never "
            "writes; refused as unsafe. Open it in Excel and save it again as .xlsx."
        )
    reason = str(error)
    reason = reason if len(reason) <= 120 else reason[:117] + "…"
    return PlanFileError(
        f"{file_name} could not be read as an Excel workbook ({type(error).__name__}: {reason}). "
        "Open it in Excel and save it again as .xlsx."
    )


class UnsizedReadOnlyWorksheet(ReadOnlyWorksheet):
    """openpyxl's read-only worksheet without its size pre-pass.

    On opening a sheet, openpyxl looks for its <dimension> element; in a file without one (every
    file openpyxl writes in write-only mode, this app's own exports among them) that search parses
    the whole sheet before a single row is read. The reader resets the dimensions anyway, since a
    file's may lie, so for such files the pass was a second full parse, a third of an import's
    reading time. Files that declare their dimension (Excel's) read exactly as before.
    """

    def _get_size(self):
        """Dimensions unknown: rows are read until the sheet ends (see worksheet_sheet)."""


class PlanExcelReader(ExcelReader):
    """openpyxl's ExcelReader (openpyxl 3.1, pinned) in read-only mode, whose worksheets skip the
    size pre-pass. Chartsheets, which hold no cells, are not opened."""

    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = UnsizedReadOnlyWorksheet(
                self.wb, sheet.name, rel.target, self.shared_strings
            )
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def open_workbook(data: bytes, *, data_only: bool):
    """openpyxl.load_workbook(read_only=True, keep_links=False), without the size pre-pass."""
    reader = PlanExcelReader(
        io.BytesIO(data), read_only=True, keep_vba=False, data_only=data_only, keep_links=False
    )
    reader.read()
    return reader.wb


def cell_value(cell):
    """A read-only cell -> the typed value the table reader understands."""
    value = cell.value
    if value is None:
        return None
    if cell.data_type == "f":
        return Formula(str(getattr(value, "text", value)))
    if type(value) is float:
        return int(value) if value.is_integer() else Number(value, cell.number_format)
    return value


def worksheet_sheet(data: bytes, worksheet) -> Sheet:
    # The dimension a file declares may lie (A1:XFD1048576); read only the rows that exist.
    worksheet.reset_dimensions()

    def rows(first: int, width: int):
        for row in worksheet.iter_rows(min_row=first, max_col=width):
            yield tuple(map(cell_value, row))

    def resolve_formulas(cells: set[tuple[int, int]]) -> dict[tuple[int, int], object]:
        return saved_values(data, worksheet.title, cells)

    return Sheet(worksheet.title, rows, resolve_formulas)


def saved_values(data: bytes, title: str, cells: set[tuple[int, int]]) -> dict:
    """{(row, column index): the value Excel last saved} for formula cells, never recalculated."""
    wanted: dict[int, list[int]] = defaultdict(list)
    for row, index in cells:
        wanted[row].append(index)
    workbook = open_workbook(data, data_only=True)
    try:
        worksheet = workbook[title]
        worksheet.reset_dimensions()
        width = max(index for _, index in cells) + 1
        found = {}
        rows = worksheet.iter_rows(min_row=1, max_row=max(wanted), max_col=width)
        for number, row in enumerate(rows, start=1):
            for index in wanted.get(number, ()):
                value = cell_value(row[index]) if index < len(row) else None
                found[(number, index)] = None if isinstance(value, Formula) else value
        return found
    finally:
        workbook.close()
