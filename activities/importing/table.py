"""A sheet's rows (from a workbook or a CSV file) -> raw rows, whatever the sheet's layout.

Finds the header row below any title rows, reads section-heading rows as themes, skips blank
and repeated header rows, and counts rows while reading so an oversized sheet stops early.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import islice

from openpyxl.utils import get_column_letter

from activities.importing.cells import MAX_LENGTH, CellReader, Formula
from activities.importing.headers import (
    COLUMN_SYNONYMS,
    SCAN_ROWS,
    Header,
    find_header,
    header_of_cells,
)
from activities.importing.mapping import SAMPLE_ROWS, current_request, describe, refine
from activities.importing.problems import Code, PlanFileError, Problem, Severity
from activities.importing.raw import RawCell, RawRow

SCAN_COLUMNS = 60  # header cells further right than this are not looked at
# A one-cell row in these columns (unless it is the first) is an incomplete activity, not a heading.
NEVER_HEADINGS = frozenset({"owners", "timescale", "status", "reference"})
HEADING_COLUMN = "Section heading"
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Sheet:
    """One table a reader found: rows(first, width) yields value tuples for consecutive rows."""

    name: str
    rows: Callable[[int, int], Iterator[tuple]]
    resolve_formulas: Callable[[set[tuple[int, int]]], dict[tuple[int, int], object]] | None = None


def is_filled(value) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def scan(sheet: Sheet) -> tuple[Header | None, bool]:
    """(the header found in the sheet's first rows, whether those rows hold anything at all)."""
    rows = sheet.rows(1, SCAN_COLUMNS)
    try:
        top = list(enumerate(islice(rows, SCAN_ROWS), start=1))
    finally:
        close = getattr(rows, "close", None)
        if close:
            close()
    request = current_request()
    header = find_header(top, request.choices or None)
    if header is not None and not request.choices:
        remembered, _ = request.choices_for(header.cells)
        if remembered:  # this plan's last import of this layout: read as the person chose then
            header = header_of_cells(header.row, header.cells, remembered) or header
    if header is not None:
        header = replace(header, samples=column_samples(top, header))
    return header, any(is_filled(v) for _, values in top for v in values)


def column_samples(top: list[tuple[int, tuple]], header: Header) -> dict[int, list]:
    """{column index: the filled values below the header among the rows the search read}."""
    samples: dict[int, list] = {}
    for number, values in top:
        if number <= header.row:
            continue
        for index, value in enumerate(values):
            if is_filled(value) and len(samples.setdefault(index, [])) < SAMPLE_ROWS:
                samples[index].append(value)
    return samples


def mapped_header(sheet: Sheet, header: Header) -> Header:
    """The header with its columns corrected by their values; the layout recorded for the page."""
    request = current_request()
    samples = header.samples
    header, reasons = refine(header, samples)
    _, source = request.choices_for(header.cells)
    request.found = describe(header, sheet.name, samples, reasons, source)
    return header


def choose_sheet(
    sheets: list[Sheet], wanted: str | None, *, file_name: str
) -> tuple[Sheet, Header]:
    """The named sheet, else the first whose header names every required column."""
    if wanted:
        chosen = [s for s in sheets if s.name.strip().casefold() == wanted.strip().casefold()]
        if not chosen:
            names = ", ".join(f"“{s.name}”" for s in sheets)
            raise PlanFileError(f"{file_name} has no sheet “{wanted}”; its sheets are {names}.")
        sheets = chosen
    if not sheets:
        raise PlanFileError(f"{file_name} has no sheets.")
    partial, anything = None, False
    for sheet in sheets:
        header, filled = scan(sheet)
        anything = anything or filled
        if header is not None and not header.missing:
            return sheet, header
        if header is not None and partial is None:
            partial = (sheet, header)
    if partial:
        return partial
    names = ", ".join(f"“{s.name}”" for s in sheets)
    if not anything:
        raise PlanFileError(
            f"{file_name} is empty: no text in the first {SCAN_ROWS} rows of {names}."
        )
    raise PlanFileError(
        f"{file_name}: no header row found in the first {SCAN_ROWS} rows of {names}. A plan needs "
        "a row of column headers naming at least the activity, its owner(s) and its timescale "
        "(words such as “Activity” or “Action”, “Owner(s)” or “Lead”, “Timescale” or “Deadline”)."
    )


@dataclass
class SheetTable:
    """Reads one sheet below its header: raw rows plus the problems found on the way."""

    sheet: Sheet
    header: Header
    max_rows: int
    default_theme: str

    def __post_init__(self):
        self.cells = CellReader(self.sheet.name)
        self.letters = {
            name: get_column_letter(column.index + 1)
            for name, column in self.header.columns.items()
        }

        self.wheres = {
            name: f"{column.written} ({self.letters[name]})"
            for name, column in self.header.columns.items()
        }

    def read(self) -> tuple[list[RawRow], list[Problem]]:
        problems = self.header_problems()
        if self.header.missing:
            return [], problems
        records, formulas = self.collect()
        cached = (
            self.sheet.resolve_formulas(formulas)
            if formulas and self.sheet.resolve_formulas
            else {}
        )
        rows = self.raw_rows(records, cached)
        if not rows:
            problems.append(
                Problem(
                    self.sheet.name,
                    self.header.row,
                    "",
                    "No activities below the header row.",
                    code=Code.LAYOUT,
                )
            )
        return rows, [*problems, *self.cells.problems]

    def header_problems(self) -> list[Problem]:
        header, problems = self.header, []
        if header.missing:
            names = ", ".join(
                f"“{COLUMN_SYNONYMS[name][0].capitalize()}”" for name in header.missing
            )
            found = ", ".join(f"“{text}”" for text in header.written)
            others = "; ".join(
                f"{COLUMN_SYNONYMS[name][0]}: {', '.join(COLUMN_SYNONYMS[name][1:6])}"
                for name in header.missing
            )
            problems.append(
                Problem(
                    self.sheet.name,
                    header.row,
                    "header",
                    f"No {names} column: the header row (row {header.row}) has {found}. "
                    f"Choose the column that holds it, or rename one (words understood — "
                    f"{others}).",
                    code=Code.LAYOUT,
                )
            )
        for column in header.shadowed:
            used = header.columns[column.canonical]
            problems.append(
                Problem(
                    self.sheet.name,
                    header.row,
                    f"{column.written} ({get_column_letter(column.index + 1)})",
                    f"“{column.written}” and “{used.written}” both read as the {column.canonical} "
                    f"column; “{used.written}” is used and “{column.written}” ignored.",
                    Severity.WARNING,
                    Code.LAYOUT,
                )
            )
        return problems

    def collect(self) -> tuple[list, set[tuple[int, int]]]:
        """Pass over the data rows: (row, {column: value}, heading) records, formula cells."""
        mapped = [(name, column.index) for name, column in self.header.columns.items()]
        headings = "theme" not in self.header.columns
        first_column = min(column.index for column in self.header.columns.values())
        never = {
            column.index
            for name, column in self.header.columns.items()
            if name in NEVER_HEADINGS and column.index != first_column
        }
        limit = max(10 * self.max_rows, 1_000)  # blank rows included
        records, formulas, heading, count = [], set(), None, 0
        first = self.header.row + 1
        for offset, values in enumerate(self.sheet.rows(first, self.header.width)):
            number = first + offset
            if offset >= limit:
                raise PlanFileError(
                    f"Sheet “{self.sheet.name}” goes on past row {number - 1:,}: more rows, blank "
                    f"ones included, than an import reads ({limit:,} below the header)."
                )
            filled = [
                index
                for index, value in enumerate(values)
                if value is not None and (type(value) is not str or value.strip())
            ]
            if not filled:
                continue
            if headings and len(filled) == 1 and filled[0] not in never:
                found = self.heading(values[filled[0]], number, filled[0])
                if found:
                    heading = found
                    continue
            cells = {name: values[index] if index < len(values) else None for name, index in mapped}
            if self.repeats_header(values):
                continue  # the header again, e.g. printed at the top of every page
            count += 1
            if count > self.max_rows:
                raise PlanFileError(
                    f"Sheet “{self.sheet.name}” has more than {self.max_rows:,} activities (the "
                    f"import limit); reading stopped at row {number:,}."
                )
            formulas.update(
                (number, index) for name, index in mapped if isinstance(cells[name], Formula)
            )
            records.append((number, cells, heading))
        return records, formulas

    def repeats_header(self, values) -> bool:
        return all(
            column.index < len(values)
            and isinstance(values[column.index], str)
            and " ".join(values[column.index].split()) == column.written
            for column in self.header.columns.values()
        )

    def heading(self, value, row: int, index: int) -> RawCell | None:
        """A one-cell row's text as a theme heading, or None when it cannot be one."""
        if not isinstance(value, str) or len(" ".join(value.split())) > MAX_LENGTH["theme"]:
            return None
        if len(_LETTER.findall(value)) < 3:  # "1.5" alone is an incomplete row, not a theme
            return None
        letter = get_column_letter(index + 1)
        where = f"{HEADING_COLUMN} ({letter})"
        text, _ = self.cells.text(
            value, column="theme", row=row, where=where, cell=f"{letter}{row}"
        )
        return RawCell(text, row, HEADING_COLUMN, letter) if text else None

    def raw_rows(self, records, cached) -> list[RawRow]:
        themes: dict[str, int] = {}
        counts: dict[int, int] = {}
        default = RawCell(self.default_theme, self.header.row, "Sheet name")
        any_heading = any(heading for _, _, heading in records)
        above: RawCell | None = None  # the last theme cell written in the theme column
        rows = []
        plain_text = self.cells.plain_text
        # Per column: what every cell of it shares (the header as written, its letter).
        columns = {
            name: (self.header.columns[name].written, self.letters[name]) for name in self.letters
        }
        for number, values, heading in records:
            cells = {}
            for name, value in values.items():
                # Most cells are plain text needing no cleaning: kept on a short path.
                text = plain_text(value, name) if type(value) is str else None
                if text is None:
                    cells[name] = self.raw_cell(name, value, number, cached)
                else:
                    written, letter = columns[name]
                    cells[name] = RawCell(text, number, written, letter)
            filled = False
            if "theme" not in cells:
                theme = heading if any_heading else default
                if theme is not None:
                    cells["theme"] = theme
            elif cells["theme"].value:
                above = cells["theme"]
            elif above is not None:  # a group label is written once: blank means "as above"
                cells["theme"], filled = above, True
            title = cells["theme"].value.casefold() if "theme" in cells else ""
            theme_position = themes.setdefault(title, len(themes) + 1) if title else None
            position = None
            if theme_position is not None:
                counts[theme_position] = position = counts.get(theme_position, 0) + 1
            rows.append(RawRow(self.sheet.name, number, cells, theme_position, position, filled))
        return rows

    def raw_cell(self, name: str, value, row: int, cached) -> RawCell:
        letter = self.letters[name]
        if isinstance(value, Formula):
            index = self.header.columns[name].index
            value = replace(value, cached=cached.get((row, index)), resolved=True)
        text, native = self.cells.text(
            value, column=name, row=row, where=self.wheres[name], cell=f"{letter}{row}"
        )
        return RawCell(text, row, self.header.columns[name].written, letter, native)


def read_table(sheet: Sheet, header: Header, *, max_rows: int, default_theme: str):
    """(raw rows, problems) of one sheet whose header has been found."""
    header = mapped_header(sheet, header)
    return SheetTable(sheet, header, max_rows, default_theme).read()
