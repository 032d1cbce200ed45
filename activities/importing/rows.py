"""Raw rows -> validated plan rows plus problems, using the timescale and owner parsers.

No database access: the caller passes an OwnerMatcher built from the known roles. Every doubt
becomes a Problem beside the row; nothing is dropped or invented silently.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from activities.date_order import ColumnDateOrder
from activities.importing.date_columns import date_order_problems, date_orders
from activities.importing.problems import Code, Problem, Severity
from activities.importing.read import RawPlan, RawRow
from activities.importing.vocabulary import (
    RowPlace,
    StatusMapping,
    read_status,
    status_from_file,  # noqa: F401  (re-exported: callers import it from here)
    status_key,
    why_asked,
)
from activities.models import Status, needs_commentary
from activities.references import REFERENCE_RULE, is_valid_reference
from activities.timescales import DateOrder, ParsedTimescale, parse_timescale
from owners.parsing import OwnerMatcher


@dataclass(frozen=True)
class PlanRow:
    """One activity as the file states it, with owners matched to known role titles."""

    sheet: str
    row: int
    reference: str  # as the file gives it; "" when it gives none
    theme_position: int | None  # the published text implies the theme by table order
    theme_title: str | None  # a spreadsheet names it
    position: int | None  # order within its theme
    text: str
    owners_text: str
    owners: tuple[str, ...]  # known role titles, lead first
    unknown_owners: tuple[str, ...]  # owner text matching no known role
    timescale: ParsedTimescale
    status: str | None  # None: the file says nothing about status (or a word to ask about)
    commentary: str = ""
    status_text: str = ""  # the status cell as written
    theme_filled: bool = False  # the theme cell was blank: "same as above" (shown in the preview)


@dataclass(frozen=True)
class ParsedPlan:
    file_format: str
    rows: tuple[PlanRow, ...]
    problems: tuple[Problem, ...] = field(default=())
    # Status words to ask about (as first written) -> every row they are on (vocabulary.py).
    unknown_status_words: dict[str, tuple[RowPlace, ...]] = field(default_factory=dict)

    @property
    def roles_to_create(self) -> tuple[str, ...]:
        """Owner text matching no known role, once each, in the order first met."""
        seen: dict[str, str] = {}
        for row in self.rows:
            for title in row.unknown_owners:
                seen.setdefault(title.casefold(), title)
        return tuple(seen.values())

    def blocking_problems(self, *, create_roles: bool = False) -> list[Problem]:
        """Errors that stop the import; unknown owners do not when the roles will be created."""
        return [problem for problem in self.problems if problem.blocks(create_roles=create_roles)]


def implied_status(timescale: ParsedTimescale) -> str | None:
    """The published plan has no status column: "complete" when every milestone says COMPLETE."""
    if timescale.milestones and all(m.completed for m in timescale.milestones):
        return Status.COMPLETE.value
    return None


class RowValidator:
    """Turns raw rows into PlanRows, collecting problems; one instance per file."""

    def __init__(
        self,
        matcher: OwnerMatcher,
        parse: Callable[..., ParsedTimescale],
        status_mapping: StatusMapping | None = None,
        date_orders: dict[str, ColumnDateOrder] | None = None,
    ):
        self.date_orders = date_orders or {}
        self.matcher = matcher
        self.parse = parse
        self.status_mapping = status_mapping
        self.unknown_words: dict[str, tuple[str, RawRow, list[RowPlace]]] = {}
        self.problems: list[Problem] = []
        self.references: dict[str, RawRow] = {}
        self.timescales: dict[object, ParsedTimescale] = {}

    def problem(self, raw: RawRow, column: str, message: str, **kinds) -> None:
        row, written = raw.locate(column)
        self.problems.append(Problem(raw.sheet, row, written, message, **kinds))

    def reference(self, raw: RawRow) -> str:
        """The file's reference, or "" (the row is then matched by its text: importing.matching)."""
        reference = raw.value("reference")
        if reference and not is_valid_reference(reference):
            self.problem(
                raw, "reference", f"“{reference}” cannot be a reference: {REFERENCE_RULE}."
            )
        elif reference and reference.casefold() in self.references:
            first = self.references[reference.casefold()]
            self.problem(
                raw,
                "reference",
                f"Reference {reference} is also used by {first.sheet}, row {first.row}.",
                code=Code.DUPLICATE_REFERENCE,
            )
        elif reference:
            self.references[reference.casefold()] = raw
        return reference

    def owners(self, raw: RawRow) -> tuple[tuple[str, ...], tuple[str, ...]]:
        text = raw.value("owners")
        if not text:
            self.problem(
                raw, "owners", "No owner.", severity=Severity.WARNING, code=Code.MISSING_VALUE
            )
            return (), ()
        split = self.matcher.split(text)
        for fragment in split.unmatched:
            self.problem(
                raw,
                "owners",
                f"“{fragment}” matches no known owner role "
                "(add it, or an alias, under Owner roles, or choose to create it: --create-roles, or the tick box on the Import page).",
                code=Code.UNKNOWN_OWNER,
            )
        return tuple(split.titles), tuple(split.unmatched)

    def timescale(self, raw: RawRow) -> ParsedTimescale:
        value = raw.native("timescale")  # a date cell arrives as a date
        order = self.date_orders[raw.sheet].order_for(value) if isinstance(value, str) else None
        parsed = self.timescales.get((value, order))  # plans repeat timescales: parse each once
        if parsed is None:
            parsed = self.timescales[(value, order)] = self.parse(
                value, order=order or DateOrder.DAY_FIRST
            )
        for message in parsed.notes:
            self.problem(
                raw, "timescale", message, severity=Severity.WARNING, code=Code.UNCERTAIN_DATE
            )
        for message in parsed.problems:
            self.problem(
                raw,
                "timescale",
                message,
                severity=Severity.WARNING,
                code=Code.UNREADABLE_TIMESCALE,
            )
        return parsed

    def status(self, raw: RawRow, timescale: ParsedTimescale) -> tuple[str | None, str]:
        """(status, commentary): a status word the mapping calls a note joins the commentary."""
        written, commentary = raw.value("status"), raw.value("commentary")
        reading = read_status(written, self.status_mapping)
        if reading.commentary:
            commentary = "\n".join(text for text in (commentary, reading.commentary) if text)
        if reading.unknown:
            self.unknown_status(raw, written)
            return None, commentary
        if reading.status is None:
            return implied_status(timescale), commentary
        if needs_commentary(reading.status) and not commentary:
            self.problem(
                raw,
                "commentary",
                f"A status of “{Status(reading.status).label}” needs commentary saying why.",
                code=Code.MISSING_VALUE,
            )
        return reading.status, commentary

    def unknown_status(self, raw: RawRow, written: str) -> None:
        """Collected once per word; the problem is raised at its first row by unknown_problems."""
        key = status_key(written)
        if key not in self.unknown_words:
            self.unknown_words[key] = (written, raw, [])
        self.unknown_words[key][2].append(RowPlace(raw.sheet, raw.row))

    def unknown_problems(self) -> dict[str, tuple[RowPlace, ...]]:
        choices = ", ".join(status.label for status in Status)
        for written, raw, places in self.unknown_words.values():
            reason = why_asked(written)
            where = _rows_named(places)
            self.problem(
                raw,
                "status",
                f"“{written}” is not a status{f' we read without asking: {reason}' if reason else ''}"
                f" ({where}). Choose what it means ({choices}), or treat it as commentary.",
                code=Code.UNKNOWN_STATUS,
            )
        return {written: tuple(places) for written, _, places in self.unknown_words.values()}

    def row(self, raw: RawRow) -> PlanRow:
        text = raw.value("activity")
        if not text:
            self.problem(raw, "activity", "No activity text.", code=Code.MISSING_VALUE)
        theme_title = raw.value("theme") or None
        if theme_title is None and raw.theme_position is None:
            self.problem(
                raw,
                "theme",
                "No theme: give the row a theme, or put a theme heading row above it.",
                code=Code.MISSING_VALUE,
            )
        owners, unknown = self.owners(raw)
        timescale = self.timescale(raw)
        status, commentary = self.status(raw, timescale)
        return PlanRow(
            sheet=raw.sheet,
            row=raw.row,
            reference=self.reference(raw),
            theme_position=raw.theme_position,
            theme_title=theme_title,
            position=raw.position,
            text=text,
            owners_text=raw.value("owners"),
            owners=owners,
            unknown_owners=unknown,
            timescale=timescale,
            status=status,
            commentary=commentary,
            status_text=raw.value("status"),
            theme_filled=raw.theme_filled,
        )


def validate_rows(
    raw: RawPlan,
    *,
    matcher: OwnerMatcher,
    parse: Callable[..., ParsedTimescale] = parse_timescale,
    status_mapping: StatusMapping | None = None,
) -> ParsedPlan:
    """status_mapping: a person's choices for status words ({word: Status value or COMMENTARY}).

    Numeric dates are read in the order each sheet's timescale column proves (date_columns.py)."""
    orders = date_orders(raw.rows)
    validator = RowValidator(matcher, parse, status_mapping, orders)
    rows = tuple(validator.row(raw_row) for raw_row in raw.rows)
    unknown_words = validator.unknown_problems()
    validator.problems.extend(date_order_problems(raw.rows, orders))
    sheets = {sheet: order for order, sheet in enumerate(dict.fromkeys(r.sheet for r in raw.rows))}
    problems = sorted(
        (*raw.problems, *validator.problems),
        key=lambda problem: (sheets.get(problem.sheet, len(sheets)), problem.row),
    )
    return ParsedPlan(raw.file_format, rows, tuple(problems), unknown_words)


def _rows_named(places: list[RowPlace]) -> str:
    """ "row 4", "rows 4, 7 and 9", "rows 4, 7, 9 and 12 more" (with the sheet when several)."""
    sheets = len({place.sheet for place in places}) > 1
    named = [f"{p.sheet} {p.row}" if sheets else str(p.row) for p in places[:3]]
    if len(places) == 1:
        return f"row {named[0]}"
    if len(places) > 3:
        return f"rows {', '.join(named)} and {len(places) - 3} more"
    return f"rows {', '.join(named[:-1])} and {named[-1]}"
