"""A .xlsx workbook -> raw rows: each sheet read by calamine when it can tell all the importer
needs (calamine_reader.py), else by openpyxl's read-only mode, cell by cell.

openpyxl always reads the workbook's sheet list, styles and calendar (cheap: no cells) and reads
whole every sheet that holds formulas, error or ISO-date cells, or anything else calamine would
read otherwise. Cells, not bare values: a formula (cell.data_type "f") is flagged and its last
saved value imported, looked up in a second, data-only read made only when a formula was seen.
"""

import contextlib
import io
import logging
import warnings
import zipfile
import zlib
from collections import defaultdict

from defusedxml import DefusedXmlException

from activities.importing.budget import ReadBudget, ReadLimits
from activities.importing.calamine_reader import open_calamine, read_sheet
from activities.importing.cells import Formula, Number
from activities.importing.limits import check_workbook_zip, damaged_zip, unsafe_xml
from activities.importing.openpyxl_reader import number_cells, open_reader, open_workbook
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
            # openpyxl print()s a broken style index while loading styles; the person importing
            # (and --json's standard output) must never see its words.
            with contextlib.redirect_stdout(io.StringIO()), PlanWorkbook(data, budget) as book:
                chosen, header = choose_sheet(book.sheets(), sheet, file_name=file_name)
                rows, problems = read_table(
                    chosen, header, max_rows=max_rows, default_theme=chosen.name
                )
    except PlanFileError:
        raise
    except Exception as error:  # a hostile or damaged file may fail anywhere inside openpyxl
        raise unreadable(file_name, error) from None
    return RawPlan(XLSX, tuple(rows), tuple(problems))


class PlanWorkbook:
    """A workbook's sheets, in openpyxl's order, each read by calamine or openpyxl when first read.

    openpyxl opens the workbook without its shared strings (calamine has them) for the sheet
    list, styles and calendar; openpyxl's full read-only workbook is opened only for a sheet
    calamine may not read."""

    def __init__(self, data: bytes, budget: ReadBudget):
        self.data, self.budget = data, budget
        self.reader = open_reader(data, data_only=False, budget=budget, strings=False)
        self.calamine = open_calamine(data, self.reader.archive, self.reader.shared_strings_part)
        self.openpyxl = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.reader.wb.close()
        if self.openpyxl is not None:
            self.openpyxl.close()
        if self.calamine is not None:
            self.calamine[0].close()

    def sheets(self) -> list[Sheet]:
        return [self.sheet(worksheet) for worksheet in self.reader.wb.worksheets]

    def sheet(self, worksheet) -> Sheet:
        source = None

        def read():
            nonlocal source
            if source is None:
                source = self.calamine_sheet(worksheet) or self.openpyxl_sheet(worksheet.title)
            return source

        return Sheet(
            worksheet.title,
            lambda first, width: read().rows(first, width),
            lambda cells: read().resolve_formulas(cells),
        )

    def calamine_sheet(self, worksheet):
        if self.calamine is None:
            return None
        workbook, sizes = self.calamine
        return read_sheet(
            workbook,
            sizes,
            self.reader.archive,
            worksheet=worksheet,
            budget=self.budget,
            numbers=lambda cells: {
                place: cell_value(cell) for place, cell in number_cells(worksheet, cells).items()
            },
        )

    def openpyxl_sheet(self, title: str) -> Sheet:
        if self.openpyxl is None:
            self.openpyxl = open_workbook(self.data, data_only=False, budget=self.budget)
        return worksheet_sheet(self.data, self.openpyxl[title], self.budget)


def causes(error: BaseException):
    """The error and those it was raised from: openpyxl wraps what the XML parser raised."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def unreadable(file_name: str, error: Exception) -> PlanFileError:
    if any(isinstance(cause, DefusedXmlException) for cause in causes(error)):
        return unsafe_xml(file_name)
    # What openpyxl or zipfile said is for the operator's log, never for the person importing.
    logger.debug("%s could not be read as a workbook", file_name, exc_info=error)
    if any(isinstance(cause, DAMAGED_ZIP) for cause in causes(error)):
        return damaged_zip(file_name)  # a part's packed bytes or checksum are wrong
    return PlanFileError(
        f"{file_name} could not be read as an Excel workbook: part of it is damaged or not laid "
        "out as Excel lays it out. Open it in Excel and save it again as .xlsx."
    )


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
        # The header search reads a sheet's first rows only; below the header, reading goes on
        # to the sheet's end, so that is when a sheet declaring too many cells is refused unread.
        if first > 1:
            worksheet.check_declared_size()
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
