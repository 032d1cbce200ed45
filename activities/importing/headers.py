"""Which row of a sheet is its header, and which canonical column each header cell names.

Headers are compared by meaning, not spelling: case, punctuation, spaces and line breaks are
ignored ("Owner(s)" = "owners" = "OWNER (S)"), and text in brackets may be dropped
("Timescale (by when)" = "timescale"). A header never matches by substring: "Next due" is not "due".
"""

import re
from dataclasses import dataclass

# Canonical column -> the header words a plan may use for it, best first: when two headers name
# the same column ("Due date" and "Date"), the one earlier in this list wins.
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "theme": (
        "theme",
        "theme title",
        "themes",
        "section",
        "objective",
        "strategic objective",
        "priority area",
        "priority",
        "workstream",
        "work stream",
        "strand",
    ),
    "reference": (
        "reference",
        "ref",
        "ref no",
        "reference number",
        "reference no",
        "no",
        "number",
        "#",
        "id",
        "item",
        "action no",
        "action number",
        "activity no",
        "activity number",
    ),
    "activity": (
        "activity",
        "activities",
        "action",
        "actions",
        "commitment",
        "commitments",
        "what we will do",
        "we will",
        "description",
        "activity description",
        "deliverable",
        "task",
    ),
    "owners": (
        "owner(s)",
        "owners",
        "owner",
        "owner role",
        "owner roles",
        "lead",
        "leads",
        "lead(s)",
        "lead role",
        "lead officer",
        "responsible",
        "responsible officer",
        "responsibility",
        "accountable",
        "who",
    ),
    "timescale": (
        "timescale",
        "timescales",
        "time scale",
        "timeframe",
        "timeframes",
        "time frame",
        "timeline",
        "deadline",
        "due",
        "due date",
        "due by",
        "target date",
        "target",
        "by when",
        "when",
        "completion date",
        "delivery date",
        "end date",
        "date",
    ),
    "status": ("status", "rag", "rag status", "rag rating", "current status", "progress", "rating"),
    "commentary": (
        "commentary",
        "latest commentary",
        "comment",
        "comments",
        "update",
        "updates",
        "latest update",
        "progress update",
        "notes",
        "note",
        "remarks",
    ),
}
REQUIRED_COLUMNS = ("activity", "owners", "timescale")
SCAN_ROWS = 30  # the header is looked for in this many rows from the top of a sheet

_NOT_WORD = re.compile(r"[^\w#]+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^]]*\]")


def header_key(text: str) -> str:
    """'  Owner(s)\n' -> 'owner s': the form headers and synonyms are compared in."""
    return " ".join(_NOT_WORD.sub(" ", text.casefold().replace("&", " and ")).split())


_SYNONYM_RANK: dict[str, tuple[str, int]] = {
    header_key(synonym): (column, rank)
    for column, synonyms in COLUMN_SYNONYMS.items()
    for rank, synonym in enumerate(synonyms)
}


def column_rank(header: str) -> tuple[str, int] | None:
    """(canonical column, rank: lower is a stronger name) for a header cell, or None."""
    key = header_key(header)
    if not key:
        return None
    found = _SYNONYM_RANK.get(key)
    if found is None and _BRACKETED.search(header):
        found = _SYNONYM_RANK.get(header_key(_BRACKETED.sub(" ", header)))
    if found is None and "/" in header:  # "Activity / action"
        parts = (_SYNONYM_RANK.get(header_key(part)) for part in header.split("/"))
        found = next((part for part in parts if part), None)
    return found


def canonical_column(header: str) -> str | None:
    found = column_rank(header)
    return found[0] if found else None


@dataclass(frozen=True)
class HeaderColumn:
    canonical: str
    index: int  # 0-based position in the row
    written: str  # the header as written, whitespace-normalised


@dataclass(frozen=True)
class Header:
    row: int  # the sheet's own row number
    columns: dict[str, HeaderColumn]  # canonical column -> where it is
    written: tuple[str, ...]  # every non-empty header cell, as written
    shadowed: tuple[HeaderColumn, ...]  # headers naming a column another header names better

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(column for column in REQUIRED_COLUMNS if column not in self.columns)

    @property
    def score(self) -> tuple[int, int]:
        return (len(REQUIRED_COLUMNS) - len(self.missing), len(self.columns))

    @property
    def width(self) -> int:
        return max(column.index for column in self.columns.values()) + 1


def header_of_row(row_number: int, values) -> Header | None:
    """The row read as a header, or None unless at least two cells name known columns."""
    best: dict[str, tuple[int, HeaderColumn]] = {}
    shadowed: list[HeaderColumn] = []
    written: list[str] = []
    for index, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            continue
        text = " ".join(value.split())
        written.append(text)
        found = column_rank(text)
        if found is None:
            continue
        column, rank = found
        candidate = HeaderColumn(column, index, text)
        if column not in best:
            best[column] = (rank, candidate)
        elif rank < best[column][0]:
            shadowed.append(best[column][1])
            best[column] = (rank, candidate)
        else:
            shadowed.append(candidate)
    if len(best) < 2:
        return None
    columns = {column: candidate for column, (_, candidate) in best.items()}
    return Header(row_number, columns, tuple(written), tuple(shadowed))


def find_header(rows: list[tuple[int, tuple]]) -> Header | None:
    """The row among `rows` naming the most required, then the most known, columns (first wins)."""
    best: Header | None = None
    for row_number, values in rows:
        header = header_of_row(row_number, values)
        if header is not None and (best is None or header.score > best.score):
            best = header
    return best
