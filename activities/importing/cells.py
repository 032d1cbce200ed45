"""One spreadsheet cell's value -> the text the plan stores, and the problems its content raises.

Readers hand over typed values (text, numbers, dates, formulas); this is the one place that
decides how each becomes text: over-long cells, control characters, formulas and numbers
typed where text was meant are all reported here, naming the cell.
"""

import datetime
import re
from dataclasses import dataclass, field

from activities.importing.problems import Code, Problem, Severity
from activities.models import MAX_TEXT_LENGTH

MAX_TEXT = MAX_TEXT_LENGTH  # the limit every door holds text to, so an export always re-imports
# The longest value each column may hold; the database's own limits where it has one.
MAX_LENGTH = {"reference": 20, "timescale": 255, "theme": 200, "status": 255}
KEEPS_LINE_BREAKS = frozenset({"owners", "commentary"})  # "Lead\nSupport" lists two owners

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab and newline are allowed
_NEEDS_CLEANING = re.compile(r"_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0b-\x1f\x7f]")  # \r included
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # how .xlsx files store control characters
_FIXED_DECIMALS = re.compile(r"0\.(0+)")


@dataclass(frozen=True)
class Number:
    """A non-whole number cell and its number format, so it can be shown as the sheet shows it."""

    value: float
    number_format: str = "General"


@dataclass(frozen=True)
class Formula:
    """A formula cell: never calculated; its value is the one the spreadsheet last saved."""

    text: str
    cached: object = None
    resolved: bool = False  # True once the saved value has been looked up


@dataclass
class CellReader:
    """Turns the cells of one sheet into text, collecting problems."""

    sheet: str
    problems: list[Problem] = field(default_factory=list)

    def problem(self, row: int, where: str, message: str, severity=Severity.ERROR, code=None):
        self.problems.append(
            Problem(self.sheet, row, where, message, severity, code or Code.INVALID_VALUE)
        )

    def plain_text(self, value: str, column: str) -> str | None:
        """The text of a cell that raises no problem (no escapes or control characters, within
        the column's limit), as text() would give it; None when text() must look closer."""
        # Printable ASCII (no line breaks) holds no control character: only escapes to look for.
        if value.isascii() and value.isprintable():
            if "_x" in value and _EXCEL_ESCAPE.search(value):
                return None
        elif _NEEDS_CLEANING.search(value):
            return None
        text = column_text(value, column)
        return text if len(text) <= MAX_LENGTH.get(column, MAX_TEXT) else None

    def text(self, value, *, column: str, row: int, where: str, cell: str) -> tuple[str, object]:
        """(text, native value or None) for the cell at `cell` ("C7") of a canonical column."""
        native = None
        if type(value) is not str:  # most cells are text: keep their path short
            if value is None:
                return "", None
            value, native = self.typed(value, column=column, row=row, where=where, cell=cell)
            if value is None:
                return "", None
        text = column_text(self.clean(value, row=row, where=where, cell=cell), column)
        limit = MAX_LENGTH.get(column, MAX_TEXT)
        if len(text) > limit:
            self.problem(
                row,
                where,
                f"Cell {cell} holds {len(text):,} characters; the limit for this column is "
                f"{limit:,}. Shorten it (only the first {limit:,} are shown).",
            )
            text = text[:limit]
        return text, native

    def typed(self, value, *, column: str, row: int, where: str, cell: str) -> tuple:
        """(text or None, native value or None) for a cell that is not plain text."""
        if isinstance(value, Formula):
            value = self.formula_value(value, row=row, where=where, cell=cell)
            if value is None or isinstance(value, str):
                return value, None
        if isinstance(value, datetime.datetime | datetime.date):
            return date_text(value), value
        if isinstance(value, Number):
            return self.number_text(value, column=column, row=row, where=where, cell=cell), None
        if isinstance(value, bool):
            return ("TRUE" if value else "FALSE"), None
        return str(value), None

    def clean(self, text: str, *, row: int, where: str, cell: str) -> str:
        if "_x" in text:
            text = _EXCEL_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        if _CONTROL.search(text):
            count = len(_CONTROL.findall(text))
            text = _CONTROL.sub("", text)
            self.problem(
                row,
                where,
                f"Cell {cell} held {count} invisible control character(s); they were removed.",
                Severity.WARNING,
            )
        return text

    def formula_value(self, formula: Formula, *, row: int, where: str, cell: str):
        shown = formula.text if len(formula.text) <= 60 else formula.text[:57] + "…"
        if formula.resolved and formula.cached is not None:
            self.problem(
                row,
                where,
                f"Cell {cell} holds a formula ({shown}); its last saved value was imported, "
                "not recalculated. Check it, or type the value in instead.",
                Severity.WARNING,
            )
            return formula.cached
        self.problem(
            row,
            where,
            f"Cell {cell} holds a formula ({shown}) with no saved value, and formulas are never "
            "calculated on import. Type the value in instead.",
        )
        return None

    def number_text(self, number: Number, *, column: str, row: int, where: str, cell: str) -> str:
        decimals = _FIXED_DECIMALS.match(number.number_format or "")
        if decimals:
            return f"{number.value:.{len(decimals.group(1))}f}"
        text = repr(number.value)
        if column == "reference":
            self.problem(
                row,
                where,
                f"Cell {cell} is the number {text}, not text: Excel shows 1.10 as 1.1, so this "
                "reference may not be what was typed. Format the column as Text and retype it, "
                "or check it.",
                Severity.WARNING,
            )
        return text


def date_text(value: datetime.date) -> str:
    if isinstance(value, datetime.datetime) and value.time() != datetime.time():
        return value.strftime("%-d %B %Y %H:%M")
    return value.strftime("%-d %B %Y")


def column_text(text: str, column: str) -> str:
    """Whitespace normalised; owners and commentary keep their line breaks."""
    if column in KEEPS_LINE_BREAKS and "\n" in text:
        return lines_text(text)
    return " ".join(text.split())


def lines_text(text: str) -> str:
    """Each line whitespace-normalised, blank lines dropped, line breaks kept."""
    return "\n".join(line for line in (" ".join(part.split()) for part in text.split("\n")) if line)
