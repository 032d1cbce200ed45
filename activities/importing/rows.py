"""Raw rows -> validated plan rows plus problems, using the timescale and owner parsers.

No database access: the caller passes an OwnerMatcher built from the known roles. Every doubt
becomes a Problem beside the row; nothing is dropped or invented silently.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from activities.importing.problems import Code, Problem, Severity
from activities.importing.read import RawPlan, RawRow
from activities.models import Status, needs_commentary
from activities.references import REFERENCE_RULE, is_valid_reference
from activities.timescales import ParsedTimescale, parse_timescale
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
    status: str | None  # None: the file says nothing about status
    commentary: str = ""
    theme_filled: bool = False  # the theme cell was blank: "same as above" (shown in the preview)


@dataclass(frozen=True)
class ParsedPlan:
    file_format: str
    rows: tuple[PlanRow, ...]
    problems: tuple[Problem, ...] = field(default=())

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


# Words and RAG colours trackers use for a status, beyond the vocabulary's own labels. "Closed" is
# left out on purpose: it means finished to some and abandoned to others, so it is asked about.
STATUS_WORDS = {
    "green": Status.ON_TRACK,
    "amber": Status.AT_RISK,
    "red": Status.OFF_TRACK,
    "blue": Status.COMPLETE,
    "completed": Status.COMPLETE,
    "done": Status.COMPLETE,
    "delivered": Status.COMPLETE,
    "not yet started": Status.NOT_STARTED,
    "cancelled": Status.WITHDRAWN,
    "canceled": Status.WITHDRAWN,
}


@functools.lru_cache(maxsize=512)
def status_from_file(text: str) -> str | None:
    """A status cell ("Complete", "on_track", "On track", "Amber") -> a Status value, or None."""
    wanted = " ".join(text.replace("_", " ").replace("-", " ").split()).casefold().rstrip(".")
    for status in Status:
        if wanted in {status.label.casefold(), status.value.replace("_", " ")}:
            return status.value
    found = STATUS_WORDS.get(wanted)
    return found.value if found else None


def implied_status(timescale: ParsedTimescale) -> str | None:
    """The published plan has no status column: "complete" when every milestone says COMPLETE."""
    if timescale.milestones and all(m.completed for m in timescale.milestones):
        return Status.COMPLETE.value
    return None


class RowValidator:
    """Turns raw rows into PlanRows, collecting problems; one instance per file."""

    def __init__(self, matcher: OwnerMatcher, parse: Callable[[str], ParsedTimescale]):
        self.matcher = matcher
        self.parse = parse
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
        parsed = self.timescales.get(value)  # plans repeat their timescales: parse each once
        if parsed is None:
            parsed = self.timescales[value] = self.parse(value)
        for message in parsed.problems:
            self.problem(
                raw,
                "timescale",
                message,
                severity=Severity.WARNING,
                code=Code.UNREADABLE_TIMESCALE,
            )
        return parsed

    def status(self, raw: RawRow, timescale: ParsedTimescale) -> str | None:
        written = raw.value("status")
        if not written:
            return implied_status(timescale)
        status = status_from_file(written)
        if status is None:
            choices = ", ".join(s.label for s in Status)
            self.problem(
                raw,
                "status",
                f"“{written}” is not a status: use {choices}, or a RAG colour "
                "(Green, Amber, Red, Blue for complete).",
            )
        elif needs_commentary(status) and not raw.value("commentary"):
            self.problem(
                raw,
                "commentary",
                f"A status of “{Status(status).label}” needs commentary saying why.",
                code=Code.MISSING_VALUE,
            )
        return status

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
            status=self.status(raw, timescale),
            commentary=raw.value("commentary"),
            theme_filled=raw.theme_filled,
        )


def validate_rows(
    raw: RawPlan,
    *,
    matcher: OwnerMatcher,
    parse: Callable[[str], ParsedTimescale] = parse_timescale,
) -> ParsedPlan:
    validator = RowValidator(matcher, parse)
    rows = tuple(validator.row(raw_row) for raw_row in raw.rows)
    sheets = {sheet: order for order, sheet in enumerate(dict.fromkeys(r.sheet for r in raw.rows))}
    problems = sorted(
        (*raw.problems, *validator.problems),
        key=lambda problem: (sheets.get(problem.sheet, len(sheets)), problem.row),
    )
    return ParsedPlan(raw.file_format, rows, tuple(problems))
