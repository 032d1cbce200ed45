"""openpyxl 3.1 (pinned) in read-only mode, bounded: the private hooks this app needs, in one place.

openpyxl has no limit on the work a file makes it do. Here its reader checks the shared strings
and each sheet's declared size before parsing them (limits.py), and charges every cell it parses
to the read's ReadBudget (budget.py); the XML is fed to the parser through a MeteredSource that
looks at the clock on every read and bounds the XML of one row, because the XML parser builds a
whole row in memory before openpyxl sees any of its cells. test_hostile_files proves each hook is
still called: each of its limits is reached only through one.
"""

import io

from openpyxl.cell.read_only import EMPTY_CELL, ReadOnlyCell
from openpyxl.reader.excel import ExcelReader
from openpyxl.reader.strings import read_string_table
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import fromstring

from activities.importing.budget import ReadBudget
from activities.importing.limits import check_declared_size, check_shared_strings

# A plan's row is a few dozen cells of up to 5,000 characters: well under 1 MB of XML. A row of
# many small cells costs the XML parser some 20 bytes of memory per byte before openpyxl sees it;
# 2 MB bounds that near 50 MB.
MAX_ROW_BYTES = 2 * 1024 * 1024


class MeteredSource:
    """A part as it is unpacked for the XML parser (which reads 16 KB at a time): the budget's
    clock looked at on every read and, for a sheet, the XML since the last complete row bounded."""

    def __init__(self, part, budget: ReadBudget, *, sheet: str | None, max_bytes_per_row=None):
        self.part, self.budget, self.sheet = part, budget, sheet
        self.max_bytes_per_row = max_bytes_per_row
        self.row, self.since_row = 0, 0

    def read(self, size: int = -1) -> bytes:
        data = self.part.read(size)
        self.since_row += len(data)
        if self.max_bytes_per_row and self.since_row > self.max_bytes_per_row:
            raise self.budget.refusal(
                f"more than {self.max_bytes_per_row // 1024**2:,} MB of sheet XML after row "
                f"{self.row:,} before the next row ends, far more than a plan's row holds",
                sheet=self.sheet,
                row=0,
            )
        self.budget.check_time(sheet=self.sheet, row=self.row)
        return data

    def row_read(self, row: int) -> None:
        self.row, self.since_row = row, 0


class CountedWorksheetParser(WorkSheetParser):
    """openpyxl's sheet parser, charging every cell it parses (those past the columns read too)
    to the read's budget, so a sheet of millions of cells is refused within seconds."""

    def __init__(self, *args, budget: ReadBudget, sheet: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget, self.sheet = budget, sheet

    def parse_row(self, row):
        found = super().parse_row(row)
        self.source.row_read(self.row_counter)
        return found

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

    @property
    def part(self) -> str:
        """The sheet's part in the zip ("xl/worksheets/sheet1.xml")."""
        return self._worksheet_path

    def check_declared_size(self) -> None:
        """Refuse the sheet if it declares (and could hold) more cells than a read may parse."""
        check_declared_size(
            self.parent._archive,  # where openpyxl keeps a read-only workbook's zip
            self.part,
            file_name=self.budget.file_name,
            sheet=self.title,
            limits=self.budget.limits,
        )

    def _cells_by_row(self, min_col, min_row, max_col, max_row, values_only=False):
        """openpyxl 3.1's own (pinned), with the counted parser, for dimensions reset: rows
        padded to max_col and none made up past the last the file holds."""
        self.budget.check_time(sheet=self.title)
        width = max_col + 1 - min_col if max_col else 0
        empty_row = (None if values_only else EMPTY_CELL,) * width
        counter = min_row
        with self._get_source() as part:
            parser = CountedWorksheetParser(
                MeteredSource(part, self.budget, sheet=self.title, max_bytes_per_row=MAX_ROW_BYTES),
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
    size pre-pass and charge their cells to the budget. The shared strings are checked before
    they are parsed. Chartsheets, which hold no cells, are not
    opened."""

    def __init__(self, *args, budget: ReadBudget, strings: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget, self.strings = budget, strings
        self.shared_strings_part = None

    def read_strings(self):
        """ExcelReader.read_strings (plain text, never rich), checked first, on the clock; only
        checked when the cells are read by calamine (strings=False)."""
        found = self.package.find(SHARED_STRINGS)
        if found is None:
            return
        name = self.shared_strings_part = found.PartName[1:]
        budget = self.budget
        check_shared_strings(self.archive, name, file_name=budget.file_name, limits=budget.limits)
        if not self.strings:
            return
        with self.archive.open(name) as part:
            self.shared_strings = read_string_table(MeteredSource(part, budget, sheet=None))

    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = UnsizedReadOnlyWorksheet(
                self.wb, sheet.name, rel.target, self.shared_strings, budget=self.budget
            )
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def open_workbook(data: bytes, *, data_only: bool, budget: ReadBudget, strings: bool = True):
    """openpyxl.load_workbook(read_only=True, keep_links=False), without the size pre-pass.

    strings=False: the shared strings are checked but not parsed, for a workbook whose cells
    calamine reads (its sheets, styles and dates are still openpyxl's: see number_cells)."""
    return open_reader(data, data_only=data_only, budget=budget, strings=strings).wb


def open_reader(data: bytes, *, data_only: bool, budget: ReadBudget, strings: bool = True):
    reader = PlanExcelReader(
        io.BytesIO(data),
        read_only=True,
        keep_vba=False,
        data_only=data_only,
        keep_links=False,
        budget=budget,
        strings=strings,
    )
    reader.read()
    return reader


NAMESPACED_CELL = f'<c xmlns="{SHEET_MAIN_NS}" '.encode()


def number_cells(worksheet, cells: list[bytes]) -> dict[tuple[int, int], ReadOnlyCell]:
    """{(row, column index from 0): openpyxl's cell} for number and boolean cells given as their
    XML (<c r=…><v>…</v>, as sheet_scan finds them), parsed by openpyxl's own cell parser with the
    workbook's styles, date formats and calendar: exactly the cell a read-only sheet yields."""
    workbook = worksheet.parent
    parser = WorkSheetParser(
        None,
        [],
        data_only=False,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    found = {}
    for xml in cells:
        element = fromstring(NAMESPACED_CELL + xml[3:] + b"</c>")
        cell = parser.parse_cell(element)
        found[(cell["row"], cell["column"] - 1)] = ReadOnlyCell(worksheet, **cell)
    return found
