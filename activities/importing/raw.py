"""What every reader produces: a plan file's cells, named by canonical column and located."""

from dataclasses import dataclass, field
from typing import NamedTuple

from activities.importing.problems import Problem


class RawCell(NamedTuple):
    """One cell as found (a tuple: an import makes one per cell, tens of thousands of them)."""

    value: str  # text, whitespace-normalised (owners and commentary keep their line breaks)
    row: int  # where the cell starts: the line number for saved text, the row for sheets
    column: str  # the column's header as written in the file
    letter: str = ""  # the spreadsheet column ("C"); empty for the published text
    native: object = None  # a date cell's date, handed to the timescale parser as a date

    @property
    def where(self) -> str:
        """The column as a person finds it: "Action (C)", or the header alone."""
        return f"{self.column} ({self.letter})" if self.letter else self.column


@dataclass(frozen=True)
class RawRow:
    """One activity's cells as found. theme_position is set when the layout implies the theme."""

    sheet: str
    row: int
    cells: dict[str, RawCell]
    theme_position: int | None = None
    position: int | None = None  # order within its table or theme, from 1
    theme_filled: bool = False  # its theme cell was blank: the theme is the one written above

    def value(self, column: str) -> str:
        cell = self.cells.get(column)
        return cell.value if cell else ""

    def native(self, column: str) -> object:
        """The cell's typed value (a date) when the file had one, else its text."""
        cell = self.cells.get(column)
        if cell is None:
            return ""
        return cell.native if cell.native is not None else cell.value

    def locate(self, column: str) -> tuple[int, str]:
        """(row, header as written) for a problem in this column, falling back to the row start."""
        cell = self.cells.get(column)
        return (cell.row, cell.where) if cell else (self.row, column.capitalize())


@dataclass(frozen=True)
class RawPlan:
    file_format: str
    rows: tuple[RawRow, ...]
    problems: tuple[Problem, ...] = field(default=())


def normalise(text: str) -> str:
    return " ".join(text.split())
