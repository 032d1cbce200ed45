"""What a sheet's XML holds, found by one fast pass over its bytes: can calamine read it exactly?

python-calamine reads a sheet whole, in Rust, with no hook for a budget, and gives bare values: a
formula's saved value looks like typed text, an error cell like an empty one, and a sheet whose two
cells are far apart (A1 and XFD1048576) makes it allocate the whole rectangle between them, which
aborts the process. So before calamine sees a sheet, this pass counts what it holds (cells, rows,
their extent, the text its shared-string cells refer to) and notes anything calamine would read
differently from openpyxl (formulas, error and ISO date cells, cells without a reference, XML
comments or declarations, prefixed element names). Any such thing sends the sheet to openpyxl,
which reads it as before; the pass only ever proves that calamine is safe, never that it is not.

Regular expressions over the raw bytes suffice because the pass refuses what they cannot see:
without comments, CDATA or processing instructions, every "<c " in the bytes starts a cell, and
each count is checked against another (values against the cells that explain them).
"""

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from openpyxl.utils.cell import column_index_from_string

CHUNK_BYTES = 1024 * 1024
DECLARATION_BYTES = 4096  # a part's <?xml …?> declaration ends well within its first bytes
# Cell types calamine reads as openpyxl does: shared, inline and plain strings, numbers, booleans.
READ_ALIKE_TYPES = frozenset({b"s", b"str", b"inlineStr", b"n", b"b"})

CELL = re.compile(rb"<c[\s/>]")
CELL_REFERENCE = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
ROW = re.compile(rb"<row[\s/>]")
ROW_REFERENCE = re.compile(rb'<row r="([1-9][0-9]{0,6})"')
REFERENCE_ATTRIBUTE = re.compile(rb"\sr\s*=")
TYPE = re.compile(rb"""\st\s*=\s*["']([^"']*)["']""")
VALUE = re.compile(rb"<v[\s/>]")
ATTRIBUTE = rb'\s+[A-Za-z_][\w:.-]*="[^"<>]*"'
# A number or boolean cell (no t, or t="n" / t="b") with its value: openpyxl converts these.
NUMBER_CELL = re.compile(
    rb'<c r="[A-Z]{1,3}[1-9][0-9]{0,6}"(?:\s+t="[nb]"|(?!\s+t\s*=)' + ATTRIBUTE + rb")*\s*>"
    rb"\s*<v>[^<]*</v>"
)
SHARED_CELL = re.compile(
    rb'<c r="[A-Z]{1,3}[1-9][0-9]{0,6}"(?:(?!\s+t\s*=)' + ATTRIBUTE + rb')*\s+t="s"'
    rb"(?:" + ATTRIBUTE + rb")*\s*>\s*<v>\s*([0-9]{1,9})\s*</v>"
)
# XML that regular expressions cannot see through, or that calamine reads its own way.
UNUSUAL = {
    "an XML comment, declaration or instruction": re.compile(rb"<[!?]"),
    "a prefixed element name": re.compile(rb"<[A-Za-z_][\w.-]*:(?:c|v|f|is|row|sheetData)[\s/>]"),
    "a formula": re.compile(rb"<f[\s/>]"),
}
SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")


@dataclass
class SheetScan:
    """What one pass over a sheet's XML found; `unusual` says why calamine must not read it."""

    cells: int = 0
    referenced_cells: int = 0
    rows: int = 0
    referenced_rows: int = 0
    references: int = 0  # r="…" attributes anywhere: one per row and per cell, or something odd
    last_row: int = 0
    columns: set = field(default_factory=set)
    types: Counter = field(default_factory=Counter)
    values: int = 0
    number_cells: list = field(default_factory=list)  # each number or boolean cell's XML
    shared_cells: int = 0
    shared_text: int = 0  # at most this many characters come from shared strings
    largest_row_bytes: int = 0
    unusual: str | None = None

    @property
    def last_column(self) -> int:
        return max(map(column_index_from_string, (c.decode() for c in self.columns)), default=0)

    def reason_not_to_read(self, *, max_cells: int, max_text: int, part_bytes: int) -> str | None:
        """Why calamine must not read this sheet (openpyxl reads it instead), or None."""
        if self.unusual:
            return self.unusual
        if self.cells > max_cells:
            return "more cells than a read may parse"
        if self.referenced_cells != self.cells or self.referenced_rows != self.rows:
            return "a cell or row without its reference"
        if self.references != self.cells + self.rows:
            return "a reference attribute out of place"
        if not self.types.keys() <= READ_ALIKE_TYPES:
            return "an error, date or unknown cell type"
        if self.values != len(self.number_cells) + self.shared_cells + self.types[b"str"]:
            return "a value not laid out as Excel lays it out"
        if self.last_row * self.last_column > 4 * max_cells:
            return "cells spread over a larger rectangle than a read may hold"
        if self.shared_text + part_bytes > max_text:
            return "more text than a read may parse"
        return None


def scan_sheet(
    chunks: Iterable[bytes],
    shared_string_sizes: list[int],
    *,
    max_cells: int,
    max_row_bytes: int,
    on_chunk: Callable[[], None] = lambda: None,
) -> SheetScan:
    """One pass over a sheet part's bytes (in chunks), stopping early once calamine is ruled out."""
    scan, tail, offset, row_start = SheetScan(), b"", 0, None
    for chunk in without_declaration(chunks):
        on_chunk()
        text = tail + chunk
        cut = text.rfind(b"<c ")  # every cell before the last one starting here is complete
        if cut <= 0:
            cut = 0
        row_start = scan_text(scan, text, cut, shared_string_sizes, offset, row_start)
        offset += cut
        tail = text[cut:]
        if len(tail) > max_row_bytes:
            scan.unusual = "a cell larger than a plan's row"
        if scan.unusual or scan.cells > max_cells:
            return scan
    scan_text(scan, tail, len(tail), shared_string_sizes, offset, row_start, last=True)
    return scan


def without_declaration(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The part's chunks without its byte-order mark and <?xml …?> declaration (the one "<?" a
    part may hold), however the chunks split it."""
    chunks, head = iter(chunks), b""
    for chunk in chunks:
        head += chunk
        if b"?>" in head or len(head) >= DECLARATION_BYTES:
            break
    head = head.removeprefix(b"\xef\xbb\xbf")
    if head.startswith(b"<?xml") and b"?>" in head:
        head = head[head.index(b"?>") + 2 :]
    yield head
    yield from chunks


def scan_text(scan, text, end, sizes, offset, row_start, *, last=False):
    """Count what text[:end] holds into scan; returns where the last row seen started."""
    for reason, pattern in UNUSUAL.items():
        if pattern.search(text, 0, end):
            scan.unusual = reason
            return row_start
    scan.cells += len(CELL.findall(text, 0, end))
    references = CELL_REFERENCE.findall(text, 0, end)
    scan.referenced_cells += len(references)
    columns, referenced_rows = zip(*references, strict=True) if references else ((), (b"0",))
    scan.columns.update(columns)
    row_numbers = ROW_REFERENCE.findall(text, 0, end)
    scan.last_row = max(
        scan.last_row, max(map(int, row_numbers), default=0), max(map(int, referenced_rows))
    )
    scan.referenced_rows += len(row_numbers)
    scan.references += len(REFERENCE_ATTRIBUTE.findall(text, 0, end))
    scan.types.update(TYPE.findall(text, 0, end))
    scan.values += len(VALUE.findall(text, 0, end))
    scan.number_cells += NUMBER_CELL.findall(text, 0, end)
    shared = SHARED_CELL.findall(text, 0, end)
    scan.shared_cells += len(shared)
    try:
        scan.shared_text += sum(sizes[int(index)] for index in shared)
    except IndexError:
        scan.unusual = "a shared string that does not exist"
    for found in ROW.finditer(text, 0, end):
        scan.rows += 1
        if row_start is not None:
            scan.largest_row_bytes = max(scan.largest_row_bytes, offset + found.start() - row_start)
        row_start = offset + found.start()
    if last and row_start is not None:
        scan.largest_row_bytes = max(scan.largest_row_bytes, offset + end - row_start)
    return row_start


def shared_string_sizes(chunks: Iterable[bytes]) -> list[int] | None:
    """Each shared string's size in bytes of XML (at least its length in characters), or None
    when the part holds XML that the count could miscount (comments, declarations)."""
    starts, tail, offset = [], b"", 0
    for chunk in without_declaration(chunks):
        text = tail + chunk
        cut = text.rfind(b"<")
        cut = len(text) if cut < 0 else cut
        if UNUSUAL["an XML comment, declaration or instruction"].search(text, 0, cut):
            return None
        starts += [offset + found.start() for found in SHARED_STRING.finditer(text, 0, cut)]
        offset += cut
        tail = text[cut:]
    if b"<!" in tail or b"<?" in tail:
        return None
    starts += [offset + found.start() for found in SHARED_STRING.finditer(tail)]
    ends = [*starts[1:], offset + len(tail)] if starts else []
    return [end - start for start, end in zip(starts, ends, strict=True)]
