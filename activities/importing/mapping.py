"""Which field each column of a plan file feeds: suggested from headers and values, or chosen.

Pure: no ORM, no I/O. headers.py names columns by their header text; this module corrects those
names from the values below the header (a column of dates is a timescale, a "Priority" column of
High/Medium/Low is not a theme, a "Status" column of long notes is commentary), applies a
person's choices (the browser's mapping step, `import_plan --column`, or a remembered mapping),
and describes the result (ColumnLayout) for the mapping page and `--json`.

The choices reach the sheet readers through a context variable (reading_columns) so that every
reader (workbook, CSV) honours them without each passing them along.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date

from openpyxl.utils import get_column_letter

from activities.importing.headers import (
    COLUMN_SYNONYMS,
    IGNORE,
    REQUIRED_COLUMNS,
    Header,
    HeaderColumn,
    header_key,
)
from activities.importing.problems import PlanFileError

FIELDS = ("activity", "owners", "timescale", "theme", "reference", "status", "commentary", IGNORE)
FIELD_LABELS = {
    "activity": "Activity",
    "owners": "Owner(s)",
    "timescale": "Timescale",
    "theme": "Theme",
    "reference": "Reference",
    "status": "Status",
    "commentary": "Commentary",
    IGNORE: "Not imported",
}
SAMPLE_ROWS = 20  # values looked at per column to suggest its field
SHOWN_SAMPLES = 3  # values shown beside a column on the mapping page
PRIORITY_WORDS = frozenset({"high", "medium", "med", "low", "h", "m", "l", "critical", "urgent"})
_DATE_TEXT = re.compile(
    r"^\s*(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|q[1-4]\b.*|(19|20)\d\d(/\d\d)?"
    r"|(\d{1,2}\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{1,2},?\s+)?"
    r"(19|20)\d\d)\s*$",
    re.IGNORECASE,
)
EXACT_REASON = "its header"
EXCEL_SERIALS = range(36_526, 55_153)  # 2000-01-01 to 2050-12-31 as Excel day numbers


class ColumnChoiceError(ValueError):
    """A person's column choice that cannot be used (an unknown field or header)."""


@dataclass(frozen=True)
class LayoutColumn:
    index: int  # 0-based
    header: str  # as written
    field: str  # one of FIELDS
    reason: str  # why it feeds that field, in the user's words
    samples: tuple[str, ...] = ()

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]

    @property
    def key(self) -> str:
        return header_key(self.header)


@dataclass(frozen=True)
class ColumnLayout:
    """The header row a reader used and the field each of its columns fed."""

    sheet: str
    row: int
    columns: tuple[LayoutColumn, ...]
    source: str = "suggested"  # "suggested", "chosen" or "remembered"
    choosable: bool = True  # False for the published text, whose columns are fixed

    @property
    def signature(self) -> str:
        return header_signature(column.header for column in self.columns)

    def used(self) -> dict[str, str]:
        """field -> the header feeding it (ignored columns left out): what --json reports."""
        return {c.field: c.header for c in self.columns if c.field != IGNORE}

    def choices(self) -> dict[str, str]:
        """header key -> field for every column: what is remembered for the plan."""
        return {column.key: column.field for column in self.columns}

    @property
    def is_plain(self) -> bool:
        """Every column read by its exact header, nobody's choice: nothing worth saying."""
        return self.source == "suggested" and all(
            c.reason == EXACT_REASON for c in self.columns if c.field != IGNORE
        )

    def describe_used(self) -> str:
        """'activity ← “Action Measure” (B); owners ← “Task Owner” (C); …'"""
        return "; ".join(
            f"{c.field} ← “{c.header}” ({c.letter})" for c in self.columns if c.field != IGNORE
        )

    @property
    def missing(self) -> tuple[str, ...]:
        used = self.used()
        return tuple(name for name in REQUIRED_COLUMNS if name not in used)


def header_signature(headers) -> str:
    """The file's header layout, as remembered: its header texts normalised, in order."""
    return "|".join(header_key(text) for text in headers)


def parse_status_option(text: str) -> tuple[str, str]:
    """'Awaiting budget=commentary' -> ('Awaiting budget', 'commentary'); ColumnChoiceError if bad."""
    from activities.models.status import Status  # a TextChoices: no database is touched

    word, sep, chosen = text.rpartition("=")
    chosen = chosen.strip().casefold().replace(" ", "_")
    allowed = [*Status.values, "commentary"]
    if not sep or not word.strip():
        raise ColumnChoiceError(f"“{text}” is not WORD=STATUS (for example “Pending=not_started”).")
    if chosen not in allowed:
        raise ColumnChoiceError(f"“{chosen}” in “{text}” is not one of {', '.join(allowed)}.")
    return word.strip(), chosen


def parse_column_option(text: str) -> tuple[str, str]:
    """'Action Measure=activity' -> ('action measure', 'activity'); ColumnChoiceError if bad."""
    header, sep, chosen = text.rpartition("=")
    chosen = chosen.strip().casefold()
    if not sep or not header.strip():
        raise ColumnChoiceError(f"“{text}” is not HEADER=FIELD (for example “Task Owner=owners”).")
    if chosen not in FIELDS:
        raise ColumnChoiceError(
            f"“{chosen}” in “{text}” is not a field; the fields are {', '.join(FIELDS)}."
        )
    return header_key(header), chosen


@dataclass
class ColumnRequest:
    """What a read is asked (a person's choices; the plan's remembered layouts) and what it found."""

    choices: dict[str, str] = field(default_factory=dict)  # header key -> field
    remembered: dict[str, dict[str, str]] = field(default_factory=dict)  # signature -> choices
    # signature -> status word -> status (or commentary), as chosen for that layout before
    remembered_statuses: dict[str, dict[str, str]] = field(default_factory=dict)
    found: ColumnLayout | None = None
    unknown_statuses: list[str] = field(default_factory=list)  # set by parse_plan

    def choices_for(self, cells) -> tuple[dict[str, str] | None, str]:
        """(the choices to read this header with, their source) for a header's cells."""
        if self.choices:
            return self.choices, "chosen"
        remembered = self.remembered.get(header_signature(text for _, text in cells))
        return (remembered, "remembered") if remembered else (None, "suggested")

    def statuses_remembered(self) -> dict[str, str]:
        """What this file's layout's status words were chosen to mean in earlier imports."""
        if self.found is None:
            return {}
        return self.remembered_statuses.get(self.found.signature, {})

    def unknown_headers(self) -> list[str]:
        """Chosen header keys the header row found does not have."""
        if self.found is None:
            return []
        keys = {column.key for column in self.found.columns}
        return [key for key in self.choices if key not in keys]

    def refuse_unknown_headers(self) -> None:
        """PlanFileError naming the chosen headers the file lacks and listing those it has."""
        unknown = self.unknown_headers()
        if unknown:
            found = ", ".join(f"“{c.header}”" for c in self.found.columns)
            named = ", ".join(f"“{key}”" for key in unknown)
            raise PlanFileError(
                f"--column names {named}, not a header of this file; it has {found}."
            )


_REQUEST: ContextVar[ColumnRequest | None] = ContextVar("column_request", default=None)


@contextmanager
def reading_columns(request: ColumnRequest) -> Iterator[ColumnRequest]:
    """Within the block, sheet readers apply request's choices and record what they found."""
    token = _REQUEST.set(request)
    try:
        yield request
    finally:
        _REQUEST.reset(token)


def current_request() -> ColumnRequest:
    return _REQUEST.get() or ColumnRequest()


def sample_text(value) -> str:
    if isinstance(value, date):
        return value.strftime("%d %b %Y").lstrip("0")
    text = " ".join(str(getattr(value, "text", value)).split())
    return text if len(text) <= 60 else text[:57] + "…"


def looks_like_date(value) -> bool:
    if isinstance(value, date):
        return True
    if isinstance(value, int) and not isinstance(value, bool):
        return value in EXCEL_SERIALS
    text = str(value).strip()
    if text.isdigit():
        return int(text) in EXCEL_SERIALS
    return bool(_DATE_TEXT.match(text))


def mostly(values, test) -> bool:
    return bool(values) and sum(1 for value in values if test(value)) * 5 >= len(values) * 4


def is_long_text(value) -> bool:
    text = str(value)
    return len(text) > 40 or len(text.split()) > 6


def is_priority(value) -> bool:
    return str(value).strip().casefold() in PRIORITY_WORDS


def mean_length(values) -> float:
    return sum(len(str(value)) for value in values) / len(values) if values else 0.0


def value_suggestion(current: str | None, values: list, taken: set[str]) -> tuple[str, str] | None:
    """(field, reason) when a column's values say something its header does not."""
    if current == "theme" and mostly(values, is_priority):
        return IGNORE, "its values are priorities (High, Medium, Low), not themes"
    if current == "status" and mostly(values, is_long_text):
        if "commentary" in taken:
            return IGNORE, "its values are long notes, not statuses"
        return "commentary", "its values are long notes, so they are read as commentary"
    if current is None and "timescale" not in taken and mostly(values, looks_like_date):
        return "timescale", "its values are dates"
    return None


def refine(header: Header, samples: dict[int, list]) -> tuple[Header, list[str]]:
    """The header with its columns corrected by their values; also why each column changed.

    A person's choices (header.choices) are final and never corrected."""
    by_index = {column.index: column for column in header.columns.values()}
    reasons: dict[int, str] = {}
    for index, text in header.cells:
        if header.choices and header_key(text) in header.choices:
            continue
        column = by_index.get(index)
        taken = {c.canonical for c in by_index.values()}
        found = value_suggestion(
            column.canonical if column else None, samples.get(index, []), taken
        )
        if found is None:
            continue
        chosen, reasons[index] = found
        if chosen == IGNORE:
            by_index.pop(index, None)
        else:
            by_index[index] = HeaderColumn(chosen, index, text, True)
    if "activity" not in {c.canonical for c in by_index.values()}:
        free = [
            (mean_length(samples.get(i, [])), i, t) for i, t in header.cells if i not in by_index
        ]
        length, index, text = max(free, default=(0, None, ""))
        if length >= 20:
            by_index[index] = HeaderColumn("activity", index, text, True)
            reasons[index] = "its values are the longest text in the file"
    columns = {column.canonical: column for column in sorted(by_index.values(), key=by_index_key)}
    return replace(header, columns=columns), reasons


def by_index_key(column: HeaderColumn) -> int:
    return column.index


def describe(header: Header, sheet: str, samples, reasons, source: str) -> ColumnLayout:
    """The header as the mapping page and --json show it."""
    by_index = {column.index: column for column in header.columns.values()}
    columns = []
    for index, text in header.cells:
        used = by_index.get(index)
        name = used.canonical if used else IGNORE
        columns.append(
            LayoutColumn(
                index,
                text,
                name,
                reasons.get(index) or default_reason(used, header, source),
                tuple(sample_text(value) for value in samples.get(index, [])[:SHOWN_SAMPLES]),
            )
        )
    return ColumnLayout(sheet, header.row, tuple(columns), source)


def default_reason(column: HeaderColumn | None, header: Header, source: str) -> str:
    if source != "suggested" and header.choices and column is None:
        return "chosen: not imported"
    if source == "remembered":
        return "as in this plan's last import of this layout"
    if source == "chosen" and column and header_key(column.written) in (header.choices or {}):
        return "chosen"
    if column is None:
        return "its header names no field"
    if column.exact:
        return EXACT_REASON
    return f"a word in its header (like “{COLUMN_SYNONYMS[column.canonical][0]}”)"
