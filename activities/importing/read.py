"""File -> raw rows: size and row limits, format detection, header detection and column synonyms.

Nothing here knows about owner roles, timescales or the database: a raw row is the file's cells,
named by canonical column and located (sheet, row) so later steps can say where a problem is.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from activities.importing.problems import Code, PlanFileError, Problem, Severity

# Canonical column -> the header words a plan may use for it (compared case- and space-insensitively).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "theme": ("theme", "theme title"),
    "reference": ("reference", "ref", "ref.", "number", "no."),
    "activity": ("activity", "activities", "commitment", "what we will do", "action"),
    "owners": ("owner(s)", "owners", "owner", "lead", "lead(s)", "responsible"),
    "timescale": ("timescale", "timescales", "timeline", "due", "deadline", "when"),
    "status": ("status", "rag", "rag status", "progress"),
    "commentary": ("commentary", "comment", "comments", "update", "notes"),
}
REQUIRED_COLUMNS = ("activity", "owners", "timescale")

PUBLISHED_TEXT = "published-text"
# A table of the published page starts with this caption ("What we will deliver 2022 – 2024:").
TABLE_CAPTION = re.compile(r"^\s*what we will deliver\b.*:\s*$", re.IGNORECASE)
CELL_END = "|"


@dataclass(frozen=True)
class RawCell:
    value: str  # whitespace-normalised text
    row: int  # where the cell starts: the line number for saved text, the row for sheets
    column: str  # the column's header as written in the file


@dataclass(frozen=True)
class RawRow:
    """One activity's cells as found. theme_position is set when the layout implies the theme."""

    sheet: str
    row: int
    cells: dict[str, RawCell]
    theme_position: int | None = None
    position: int | None = None  # order within its table, from 1

    def value(self, column: str) -> str:
        cell = self.cells.get(column)
        return cell.value if cell else ""

    def locate(self, column: str) -> tuple[int, str]:
        """(row, header as written) for a problem in this column, falling back to the row start."""
        cell = self.cells.get(column)
        return (cell.row, cell.column) if cell else (self.row, column.capitalize())


@dataclass(frozen=True)
class RawPlan:
    file_format: str
    rows: tuple[RawRow, ...]
    problems: tuple[Problem, ...] = field(default=())


def normalise(text: str) -> str:
    return " ".join(text.split())


def canonical_column(header: str) -> str | None:
    wanted = normalise(header).lower()
    for column, synonyms in COLUMN_SYNONYMS.items():
        if wanted in synonyms:
            return column
    return None


def read_file_bytes(path: Path, *, max_bytes: int) -> bytes:
    """The file's bytes, refusing (before reading it all) anything over max_bytes."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise PlanFileError(f"{path.name} is {size:,} bytes; the limit is {max_bytes:,} bytes.")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise PlanFileError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise PlanFileError(f"{path} is a folder, not a file.") from None
    except OSError as error:
        raise PlanFileError(f"{path} cannot be read: {error.strerror or error}.") from None
    if len(data) > max_bytes:  # the file grew while we read it
        raise PlanFileError(f"{path.name} is larger than the limit of {max_bytes:,} bytes.")
    return data


def read_plan(data: bytes, *, file_name: str, max_bytes: int, max_rows: int) -> RawPlan:
    """Any supported plan file -> raw rows. Spreadsheet readers will be chosen here by file type."""
    if len(data) > max_bytes:
        raise PlanFileError(
            f"{file_name} is {len(data):,} bytes; the limit is {max_bytes:,} bytes."
        )
    suffix = Path(file_name).suffix.lower()
    if suffix in {".txt", ".text", ""}:
        return read_published_text(decode_text(data, file_name=file_name), max_rows=max_rows)
    raise PlanFileError(f"{file_name}: cannot read {suffix} files; save the plan as text (.txt).")


def decode_text(data: bytes, *, file_name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanFileError(
            f"{file_name} is not UTF-8 text (byte {error.start + 1} cannot be read); "
            "save it again as UTF-8."
        ) from None


def split_cells(lines: list[str], start: int) -> tuple[list[RawCell | str], int]:
    """Cells from lines[start:] up to the next table caption: a cell ends at a line ending "|".

    Returns the cells (header text not yet known, so RawCell.column is "") plus any unterminated
    trailing text as a str, and the index where the next table starts (or len(lines)).
    """
    cells: list[RawCell | str] = []
    pending: list[str] = []
    pending_start = start
    index = start
    while index < len(lines) and not TABLE_CAPTION.match(lines[index]):
        line = lines[index].rstrip()
        if not pending:
            pending_start = index
        if line.endswith(CELL_END):
            pending.append(line[: -len(CELL_END)])
            cells.append(RawCell(normalise(" ".join(pending)), pending_start + 1, ""))
            pending = []
        elif line.strip():
            pending.append(line)
        index += 1
    if pending:
        cells.append(normalise(" ".join(pending)))
    return cells, index


def read_published_text(text: str, *, max_rows: int) -> RawPlan:
    """The force's published plan saved as text: page chrome, then tables of "cell |" lines.

    Table N (in page order) is the theme at position N; the page lost its theme headings.
    """
    lines = text.splitlines()
    rows: list[RawRow] = []
    problems: list[Problem] = []
    table = 0
    index = next((i for i, line in enumerate(lines) if TABLE_CAPTION.match(line)), None)
    if index is None:
        raise PlanFileError(
            "No plan table found: expected a line “What we will deliver …:” followed by "
            "the headers “Activity |”, “Owner(s) |”, “Timescale |”."
        )
    while index < len(lines):
        table += 1
        caption_line = index + 1
        cells, index = split_cells(lines, index + 1)
        table_rows, table_problems = rows_of_table(cells, table=table, caption_line=caption_line)
        rows.extend(table_rows)
        problems.extend(table_problems)
        if len(rows) > max_rows:
            raise PlanFileError(f"The plan has more than {max_rows:,} rows, the import limit.")
    return RawPlan(PUBLISHED_TEXT, tuple(rows), tuple(problems))


def header_of(cells: list[RawCell | str]) -> list[tuple[str, str]]:
    """The leading cells that are known column headers, as (canonical column, header as written)."""
    header: list[tuple[str, str]] = []
    for cell in cells:
        column = canonical_column(cell.value) if isinstance(cell, RawCell) else None
        if column is None or column in {known for known, _ in header}:
            break
        header.append((column, cell.value))
    return header


def rows_of_table(
    cells: list[RawCell | str], *, table: int, caption_line: int
) -> tuple[list[RawRow], list[Problem]]:
    sheet = f"Table {table}"
    header = header_of(cells)
    missing = [column for column in REQUIRED_COLUMNS if column not in dict(header)]
    if missing:
        first = cells[0].row if cells and isinstance(cells[0], RawCell) else caption_line
        wanted = ", ".join(f"“{column}”" for column in missing)
        return [], [
            Problem(sheet, first, "header", f"No {wanted} column header.", code=Code.LAYOUT)
        ]
    body = cells[len(header) :]
    trailing = body.pop() if body and isinstance(body[-1], str) else None
    width = len(header)
    rows = [
        RawRow(
            sheet=sheet,
            row=body[start].row,
            cells={
                column: RawCell(cell.value, cell.row, written)
                for (column, written), cell in zip(header, body[start : start + width], strict=True)
            },
            theme_position=table,
            position=start // width + 1,
        )
        for start in range(0, len(body) - len(body) % width, width)
    ]
    problems = []
    if len(body) % width:
        first = body[len(body) - len(body) % width]
        problems.append(
            Problem(
                sheet,
                first.row,
                header[0][1],
                f"The table's last row is incomplete: {len(body) % width} of {width} cells "
                "(does a cell lack its closing “|”?).",
                code=Code.LAYOUT,
            )
        )
    elif trailing:
        excerpt = trailing if len(trailing) <= 60 else trailing[:57] + "…"
        problems.append(
            Problem(
                sheet,
                rows[-1].row if rows else caption_line,
                "",
                f"Text after the table's last cell was ignored as page text: “{excerpt}”.",
                severity=Severity.WARNING,
                code=Code.LAYOUT,
            )
        )
    return rows, problems
