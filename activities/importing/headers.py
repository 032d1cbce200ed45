"""Which row of a sheet is its header, and which canonical column each header cell names.

Headers are compared by meaning, not spelling: case, punctuation, spaces and line breaks are
ignored ("Owner(s)" = "owners" = "OWNER (S)"), and text in brackets may be dropped
("Timescale (by when)" = "timescale"). A header never matches by substring: "Next due" is not "due".
A longer header may still suggest a column by one of its words (fuzzy_rank: "Task Owner" -> owners),
but only below every exact name, so an exact header always wins; activities/importing/mapping.py
decides the column each header finally feeds.
"""

import re
from dataclasses import dataclass, field

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
# Words that name a column only inside a longer header ("Responsible Team", "Lead organisation").
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "owners": (
        "team",
        "organisation",
        "organization",
        "assigned to",
        "assignee",
        "assigned",
        "person",
        "people",
        "manager",
        "champion",
        "responsible person",
        "accountable officer",
    ),
    "timescale": ("timeframe", "time frame", "timing", "completion", "quarter", "milestone date"),
    "activity": ("measure", "measures", "deliverables", "tasks", "initiative", "recommendation"),
    "theme": ("category", "pillar", "goal", "aim", "area", "programme"),
    "commentary": ("narrative", "progress notes", "update notes"),
}
REQUIRED_COLUMNS = ("activity", "owners", "timescale")
IGNORE = "ignore"  # a person's choice: this column feeds nothing
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


_WORD_RANK: dict[str, str] = {
    **{key: column for key, (column, _) in _SYNONYM_RANK.items()},
    **{header_key(word): column for column, words in HEADER_WORDS.items() for word in words},
}
FUZZY_RANK = 1_000  # below every exact synonym's rank
FUZZY_MAX_WORDS = 6  # a longer cell is a sentence (a title or a data row), not a header


def fuzzy_rank(header: str) -> tuple[str, int] | None:
    """The column a longer header names by one of its phrases, the longest phrase winning and,
    among equals, the last (English puts the head noun last: "Action owner" is an owner)."""
    words = header_key(_BRACKETED.sub(" ", header)).split()
    if not words or len(words) > FUZZY_MAX_WORDS:
        return None
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size, -1, -1):
            column = _WORD_RANK.get(" ".join(words[start : start + size]))
            if column:
                return column, FUZZY_RANK + len(words) - size
    return None


def suggested_rank(header: str) -> tuple[str, int] | None:
    """An exact name's (column, rank), else a fuzzy one's, else None."""
    return column_rank(header) or fuzzy_rank(header)


def canonical_column(header: str) -> str | None:
    found = column_rank(header)
    return found[0] if found else None


@dataclass(frozen=True)
class HeaderColumn:
    canonical: str
    index: int  # 0-based position in the row
    written: str  # the header as written, whitespace-normalised
    exact: bool = True  # named by an exact synonym or a person's choice, not by one of its words


@dataclass(frozen=True)
class Header:
    row: int  # the sheet's own row number
    columns: dict[str, HeaderColumn]  # canonical column -> where it is
    written: tuple[str, ...]  # every non-empty header cell, as written
    shadowed: tuple[HeaderColumn, ...]  # headers naming a column another header names better
    cells: tuple[tuple[int, str], ...] = ()  # (index, text as written) of every non-empty cell
    choices: dict[str, str] | None = None  # header key -> field, when a person chose the columns
    # column index -> the first values below the header (from the rows searched for it)
    samples: dict[int, list] = field(default_factory=dict, compare=False)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(column for column in REQUIRED_COLUMNS if column not in self.columns)

    @property
    def score(self) -> tuple[int, int, int]:
        return (len(REQUIRED_COLUMNS) - len(self.missing), self.exact, len(self.columns))

    @property
    def width(self) -> int:
        return max(column.index for column in self.columns.values()) + 1

    @property
    def exact(self) -> int:
        """How many of the columns are named by an exact synonym (or a person's choice)."""
        return sum(1 for column in self.columns.values() if column.exact)


def header_cells(values) -> tuple[tuple[int, str], ...]:
    return tuple(
        (index, " ".join(value.split()))
        for index, value in enumerate(values)
        if isinstance(value, str) and value.strip()
    )


def header_of_row(row_number: int, values, choices: dict[str, str] | None = None) -> Header | None:
    """The row read as a header, or None unless at least two cells name known columns.

    choices (header key -> field or "ignore") are a person's: they beat every name."""
    return header_of_cells(row_number, header_cells(values), choices)


def header_of_cells(row_number: int, cells, choices: dict[str, str] | None) -> Header | None:
    best: dict[str, tuple[int, HeaderColumn]] = {}
    shadowed: list[HeaderColumn] = []
    for index, text in cells:
        chosen = choices.get(header_key(text)) if choices else None
        if chosen == IGNORE:
            continue
        found = (chosen, -1) if chosen else suggested_rank(text)
        if found is None:
            continue
        column, rank = found
        candidate = HeaderColumn(column, index, text, rank < FUZZY_RANK)
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
    # Only a header that an exact name chose over another exact name is worth a warning.
    shadowed = [column for column in shadowed if column.exact and columns[column.canonical].exact]
    written = tuple(text for _, text in cells)
    return Header(row_number, columns, written, tuple(shadowed), tuple(cells), choices)


def find_header(
    rows: list[tuple[int, tuple]], choices: dict[str, str] | None = None
) -> Header | None:
    """The row among `rows` naming the most required, then the most known, columns (first wins)."""
    best: Header | None = None
    for row_number, values in rows:
        header = header_of_row(row_number, values, choices)
        if header is not None and (best is None or header.score > best.score):
            best = header
    return best
