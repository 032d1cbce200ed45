"""A .xlsx workbook -> raw rows, through openpyxl's read-only mode, cell by cell.

Cells, not bare values: a formula (cell.data_type "f") is flagged and its last saved value
imported, looked up in a second, data-only read made only when a formula was seen.
"""

import io
import logging
import warnings
import zipfile
import zlib
from collections import defaultdict

from defusedxml import DefusedXmlException
from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS

from activities.importing.budget import ReadBudget, ReadLimits
from activities.importing.cells import Formula, Number
from activities.importing.limits import (
    check_declared_size,
    check_shared_strings,
    check_workbook_zip,
    damaged_zip,
)
from activities.importing.problems import PlanFileError
from activities.importing.raw import RawPlan
from activities.importing.table import Sheet, choose_sheet, read_table

XLSX = "xlsx"
logger = logging.getLogger(__name__)
DAMAGED_ZIP = (zipfile.BadZipFile, zlib.error, EOFError)


def read_workbook(
    data: bytes,
    *,
    file_name: str,
    sheet: str | None,
    max_rows: int,
    max_unpacked_bytes: int,
    limits: ReadLimits,
) -> RawPlan:
    check_workbook_zip(data, file_name=file_name, max_unpacked_bytes=max_unpacked_bytes)
    budget = ReadBudget(limits, file_name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it skips (validation)
            workbook = open_workbook(data, data_only=False, budget=budget)
            try:
                sheets = [
                    worksheet_sheet(data, worksheet, budget) for worksheet in workbook.worksheets
                ]
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
    # What openpyxl or zipfile said is for the operator's log, never for the person importing.
    logger.info("%s could not be read as a workbook", file_name, exc_info=error)
    if any(isinstance(cause, DAMAGED_ZIP) for cause in causes(error)):
        return damaged_zip(file_name)  # a part's packed bytes or checksum are wrong
    return PlanFileError(
        f"{file_name} could not be read as an Excel workbook: part of it is damaged or not laid "
        "out as Excel lays it out. Open it in Excel and save it again as .xlsx."
    )


class CountedWorksheetParser(WorkSheetParser):
    """openpyxl's sheet parser, charging every cell it parses (those past the columns read too)
    to the read's budget, so a sheet of millions of cells is refused within seconds."""

    def __init__(self, *args, budget: ReadBudget, sheet: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget, self.sheet = budget, sheet

    def parse_cell(self, element):
        cell = super().parse_cell(element)
        value = cell["value"]
        characters = len(value) if type(value) is str else 0
        self.budget.charge(1, characters, sheet=self.sheet, row=self.row_counter)
        return cell


class UnsizedReadOnlyWorksheet(ReadOnlyWorksheet):
    """openpyxl's read-only worksheet without its size pre-pass, its cells counted as parsed.

    On opening a sheet, openpyxl looks for its <dimension> element; in a file without one (every
    file openpyxl writes in write-only mode, this app's own exports among them) that search parses
    the whole sheet before a single row is read. The reader resets the dimensions anyway, since a
    file's may lie, so for such files the pass was a second full parse, a third of an import's
    reading time. Files that declare their dimension (Excel's) read exactly as before.
    """

    def __init__(self, *args, budget: ReadBudget, **kwargs):
        self.budget = budget
        super().__init__(*args, **kwargs)

    def _get_size(self):
        """Dimensions unknown: rows are read until the sheet ends (see worksheet_sheet)."""

    def _cells_by_row(self, min_col, min_row, max_col, max_row, values_only=False):
        """openpyxl 3.1's own (pinned), with the counted parser, for dimensions reset: rows
        padded to max_col and none made up past the last the file holds."""
        self.budget.check_time(sheet=self.title)
        width = max_col + 1 - min_col if max_col else 0
        empty_row = (None if values_only else EMPTY_CELL,) * width
        counter = min_row
        with self._get_source() as source:
            parser = CountedWorksheetParser(
                source,
                self._shared_strings,
                data_only=self.parent.data_only,
                epoch=self.parent.epoch,
                date_formats=self.parent._date_formats,
                timedelta_formats=self.parent._timedelta_formats,
                budget=self.budget,
                sheet=self.title,
            )
            for index, row in parser.parse():
                if max_row is not None and index > max_row:
                    break
                for _ in range(counter, index):  # rows the file leaves out are blank
                    counter += 1
                    yield empty_row
                if counter <= index:
                    counter += 1
                    yield self._get_row(row, min_col, max_col, values_only)


class PlanExcelReader(ExcelReader):
    """openpyxl's ExcelReader (openpyxl 3.1, pinned) in read-only mode, whose worksheets skip the
    size pre-pass and charge their cells to the budget. The shared strings and each sheet's
    declared size are checked before they are parsed. Chartsheets, which hold no cells, are not
    opened."""

    def __init__(self, *args, budget: ReadBudget, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget

    def read_strings(self):
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            check_shared_strings(
                self.archive,
                part.PartName[1:],
                file_name=self.budget.file_name,
                limits=self.budget.limits,
            )
        super().read_strings()
        self.budget.check_time(sheet=None)

    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            check_declared_size(
                self.archive,
                rel.target,
                file_name=self.budget.file_name,
                sheet=sheet.name,
                limits=self.budget.limits,
            )
            worksheet = UnsizedReadOnlyWorksheet(
                self.wb, sheet.name, rel.target, self.shared_strings, budget=self.budget
            )
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def open_workbook(data: bytes, *, data_only: bool, budget: ReadBudget):
    """openpyxl.load_workbook(read_only=True, keep_links=False), without the size pre-pass."""
    reader = PlanExcelReader(
        io.BytesIO(data),
        read_only=True,
        keep_vba=False,
        data_only=data_only,
        keep_links=False,
        budget=budget,
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


def worksheet_sheet(data: bytes, worksheet, budget: ReadBudget) -> Sheet:
    # The dimension a file declares may lie (A1:XFD1048576); read only the rows that exist.
    worksheet.reset_dimensions()

    def rows(first: int, width: int):
        for row in worksheet.iter_rows(min_row=first, max_col=width):
            yield tuple(map(cell_value, row))

    def resolve_formulas(cells: set[tuple[int, int]]) -> dict[tuple[int, int], object]:
        return saved_values(data, worksheet.title, cells, budget)

    return Sheet(worksheet.title, rows, resolve_formulas)


def saved_values(data: bytes, title: str, cells: set[tuple[int, int]], budget: ReadBudget) -> dict:
    """{(row, column index): the value Excel last saved} for formula cells, never recalculated."""
    wanted: dict[int, list[int]] = defaultdict(list)
    for row, index in cells:
        wanted[row].append(index)
    workbook = open_workbook(data, data_only=True, budget=budget)
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
