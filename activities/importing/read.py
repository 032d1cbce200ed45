"""File -> raw rows: the size limit, format detection from the bytes, and the published text.

Workbooks go to xlsx.py (after limits.py's zip checks), CSV files to csv_text.py; both share
table.py (header row, section headings) and headers.py (COLUMN_SYNONYMS). Nothing here knows
about owner roles, timescales or the database: a raw row is the file's cells, named by canonical
column and located (sheet, row, column) so later steps can say where a problem is.
"""

import re
from pathlib import Path

from activities.importing.budget import ReadLimits
from activities.importing.csv_text import CSV, read_csv
from activities.importing.headers import COLUMN_SYNONYMS, REQUIRED_COLUMNS, canonical_column
from activities.importing.mapping import EXACT_REASON, ColumnLayout, LayoutColumn, current_request
from activities.importing.problems import Code, PlanFileError, Problem, Severity
from activities.importing.raw import RawCell, RawPlan, RawRow, normalise
from activities.importing.xlsx import XLSX, read_workbook

__all__ = [
    "COLUMN_SYNONYMS",
    "CSV",
    "PUBLISHED_TEXT",
    "REQUIRED_COLUMNS",
    "XLSX",
    "RawCell",
    "RawPlan",
    "RawRow",
    "canonical_column",
    "normalise",
    "read_file_bytes",
    "read_plan",
    "read_published_text",
]

PUBLISHED_TEXT = "published-text"
# A table of the published page starts with this caption ("What we will deliver 2022 – 2024:").
TABLE_CAPTION = re.compile(r"^\s*what we will deliver\b.*:\s*$", re.IGNORECASE)
CELL_END = "|"

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and other pre-2007 Office files
# A password-protected .xlsx is the encrypted zip inside an OLE2 container, in a stream of this
# name (MS-OFFCRYPTO); directory entries name their streams in UTF-16.
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xltx", ".xlsb"}
TEXT_SUFFIXES = {".txt", ".text", ""}
DEFAULT_LIMITS = ReadLimits()


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


def read_plan(
    data: bytes,
    *,
    file_name: str,
    max_bytes: int,
    max_rows: int,
    sheet: str | None = None,
    max_unpacked_bytes: int | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> RawPlan:
    """Any supported plan file -> raw rows. The format is decided by the bytes, then the name.

    limits bounds the work of reading (cells, text, shared strings, seconds); see budget.py."""
    if len(data) > max_bytes:
        raise PlanFileError(
            f"{file_name} is {len(data):,} bytes; the limit is {max_bytes:,} bytes."
        )
    suffix = Path(file_name).suffix.lower()
    if data.startswith(OLE2_MAGIC) and ENCRYPTED_PACKAGE in data:
        raise PlanFileError(
            f"{file_name} is protected by a password, so it cannot be read. Open it in Excel, "
            "remove the password (File › Info › Protect Workbook › Encrypt with Password, and "
            "clear it) and save again, then import that copy."
        )
    if data.startswith(OLE2_MAGIC):
        raise PlanFileError(
            f"{file_name} is an old-style Excel 97–2003 workbook (.xls), which is not imported. "
            "Open it in Excel and save it as an Excel Workbook (.xlsx)."
        )
    if suffix == ".xlsm":
        raise PlanFileError(
            f"{file_name} is a macro-enabled workbook (.xlsm), which is not imported. "
            "Save it as an Excel Workbook (.xlsx) and import that."
        )
    if data.startswith(ZIP_MAGIC):
        return read_workbook(
            data,
            file_name=file_name,
            sheet=sheet,
            max_rows=max_rows,
            max_unpacked_bytes=max_unpacked_bytes or 20 * max_bytes,
            limits=limits,
        )
    if suffix in WORKBOOK_SUFFIXES:
        raise PlanFileError(
            f"{file_name} is not an Excel workbook (.xlsx): its content is text or another kind "
            "of file, renamed. Open it in Excel and save it as an Excel Workbook (.xlsx)."
        )
    if suffix == ".csv":
        return read_csv(data, file_name=file_name, sheet=sheet, max_rows=max_rows, limits=limits)
    if suffix in TEXT_SUFFIXES:
        return read_published_text(decode_text(data, file_name=file_name), max_rows=max_rows)
    raise PlanFileError(
        f"{file_name}: cannot read {suffix} files; import an Excel workbook (.xlsx), a CSV "
        "file (.csv) or the published plan saved as text (.txt)."
    )


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
    request = current_request()
    if request.found is None and header:
        columns = tuple(
            LayoutColumn(index, written, column, EXACT_REASON)
            for index, (column, written) in enumerate(header)
        )
        request.found = ColumnLayout(sheet, caption_line + 1, columns, choosable=False)
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
