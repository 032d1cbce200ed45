"""Timescale text ("Autumn 2023", "March 2023 COMPLETE", "Ongoing") -> milestones. Pure: no Django.

The text is read as a sequence of recognised parts (a date in one of the forms below, an ongoing
word, or a COMPLETE marker) separated by filler (spaces, punctuation, "and", "then", "by end of").
Anything else is kept verbatim and reported as a problem: a date is never guessed.
"""

import calendar
import dataclasses
import datetime
import re
from dataclasses import dataclass, field
from enum import StrEnum

from activities.recurrence import RECURRENCE_PATTERN, recurrence_of


@dataclass(frozen=True)
class MilestoneSpec:
    """One milestone as parsed or entered: its words, due date (None = ongoing) and completion."""

    label: str
    due: datetime.date | None
    completed: bool = False
    completed_on: datetime.date | None = None


@dataclass(frozen=True)
class ParsedTimescale:
    label: str
    milestones: tuple[MilestoneSpec, ...]
    ongoing: bool
    problems: tuple[str, ...] = field(default=())
    recurrence: str | None = None  # "monthly", "quarterly"…: ongoing work done on a cycle
    notes: tuple[str, ...] = field(default=())  # readings made under a stated assumption


class DateOrder(StrEnum):
    """How a numeric date such as 03/04/2024 is read: 3 April (UK) or March 4 (US)."""

    DAY_FIRST = "day first"
    MONTH_FIRST = "month first"


NO_TIMESCALE = "No timescale given."

MONTHS = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
# Season -> (month it ends in, years after the stated year). Winter 2023 ends in February 2024.
SEASONS = {"spring": (5, 0), "summer": (8, 0), "autumn": (11, 0), "fall": (11, 0), "winter": (2, 1)}

_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_STRAY = r"[\s,–—-]*"  # tolerated between a month or season and its year
_FINANCIAL = r"(?:fy|financial\s+year)\s*"
_SECOND_YEAR = r"\s*[/–-]\s*(?P<{}>\d{{4}}|\d{{2}})"
_SPAN = r"\s*(?:[–—-]|\bto\b|\buntil\b)\s*"  # between the two ends of a range
# Excel stores a date as days since 30 December 1899; as text only 1990–2100 is taken for one.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
SERIAL_RANGE = (32874, 73415)

# One alternative per form; the first that matches at the leftmost position wins.
_PART = re.compile(
    r"(?<!\w)(?:"
    r"(?P<iso>(?P<iso_year>\d{4})(?P<iso_sep>[-/.])(?P<iso_month>\d{1,2})(?P=iso_sep)"
    r"(?P<iso_day>\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)"
    r"|(?P<numeric>(?P<num_day>\d{1,2})[/.-](?P<num_month>\d{1,2})[/.-](?P<num_year>\d{4}|\d{2}))"
    r"|(?P<numeric_month>(?P<nm_month>\d{1,2})[/.-](?P<nm_year>\d{4}))"
    r"|(?P<serial>(?P<serial_days>\d{5})(?:\.\d+)?)"
    rf"|(?P<written>(?P<w_day>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<w_month>{_MONTH}){_STRAY}(?P<w_year>\d{{4}}))"
    rf"|(?P<us_written>(?P<uw_month>{_MONTH})\s*(?P<uw_day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<uw_year>\d{{4}}))"
    rf"|(?P<quarter>(?:q|quarter\s*)(?P<q_number>[1-4])\s*(?:of\s+)?(?P<q_financial>{_FINANCIAL})?"
    rf"(?P<q_year>\d{{4}})(?:{_SECOND_YEAR.format('q_second')})?)"
    rf"|(?P<season>(?P<s_name>{'|'.join(SEASONS)}){_STRAY}(?P<s_year>\d{{4}})"
    rf"(?:{_SECOND_YEAR.format('s_second')})?)"
    rf"|(?P<month_span>(?P<ms_first>{_MONTH}){_SPAN}(?P<ms_last>{_MONTH}){_STRAY}(?P<ms_year>\d{{4}}))"
    rf"|(?P<month>(?P<m_name>{_MONTH}){_STRAY}(?P<m_year>\d{{4}}))"
    rf"|(?P<financial>(?:{_FINANCIAL})?(?P<f_year>\d{{4}})(?P<f_span>\s*[/–—-]\s*|\s+to\s+)"
    r"(?P<f_second>\d{4}|\d{2}))"
    rf"|(?P<financial_short>{_FINANCIAL}(?P<fs_year>\d{{2}})\s*[/-]\s*(?P<fs_second>\d{{2}}))"
    r"|(?P<ongoing>on[\s-]?going|continuous|continual|business\s+as\s+usual|bau)"
    rf"|(?P<recurrence>{RECURRENCE_PATTERN})"
    r"|(?P<complete>completed?)"
    r")(?!\w)",
    re.IGNORECASE,
)
# Between the two dated parts of a range: "May 2016 – August 2018", "2023/24 to 2025/26".
_RANGE = re.compile(_SPAN + r"$", re.IGNORECASE)
_OPENING = re.compile(r"\s*(?:from|starting)\s*", re.IGNORECASE)
# What may stand between parts without meaning anything: "March 2022 – COMPLETE", "by end of".
_FILLER = re.compile(
    r"(?:[\s,;:.&+/()–—-]|\b(?:and|then|by|end|of|the|due|to|until)\b)*", re.IGNORECASE
)
_EDGE_PUNCTUATION = " ,;:.&+/–—-"
_SERIAL_ONLY = re.compile(r"(?P<serial_days>\d{5})(?:\.\d+)?")


def parse_timescale(
    value: str | datetime.date | datetime.datetime | None,
    *,
    order: DateOrder = DateOrder.DAY_FIRST,
) -> ParsedTimescale:
    """Read one timescale cell. Never raises; what it cannot read comes back in `problems`.

    order says how numeric dates (03/04/2024) are read; date_order.py decides it per column."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return _one_date(value)
    label = " ".join(str(value).split()) if value is not None else ""
    if not label:
        return ParsedTimescale("", (), ongoing=False, problems=(NO_TIMESCALE,))
    serial = _SERIAL_ONLY.fullmatch(label)
    if serial and _serial(serial) is not None:  # a date cell saved as text: "45231"
        return _one_date(_serial(serial))
    reading = _Reading(label, order)
    reading.read()
    milestones, problems = reading.milestones(), reading.problems
    if not milestones and not problems:  # only filler, e.g. "–" or "by"
        problems = [_cannot_read(label)]
    return ParsedTimescale(
        label=label,
        milestones=tuple(milestones),
        ongoing=any(milestone.due is None for milestone in milestones),
        problems=tuple(problems),
        recurrence=reading.recurrence,
        notes=tuple(reading.notes),
    )


def numeric_dates(text: str) -> list[tuple[int, int]]:
    """(first, second) number of each numeric date in the text: "03/04/2024" -> (3, 4)."""
    return [
        (int(match["num_day"]), int(match["num_month"]))
        for match in _PART.finditer(text)
        if match.lastgroup == "numeric"
    ]


def _one_date(value: datetime.date) -> ParsedTimescale:
    label = f"{value.day} {calendar.month_name[value.month]} {value.year}"
    return ParsedTimescale(label, (MilestoneSpec(label, value),), ongoing=False)


class _Reading:
    """One cell's text read part by part; unreadable parts hold their place so that a COMPLETE
    after one never lands on the milestone before it."""

    def __init__(self, text: str, order: DateOrder):
        self.text, self.order = text, order
        self.parts: list[MilestoneSpec | str] = []
        self.spans: list[tuple[int, int]] = []  # where each part is in the text
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.recurrence: str | None = None
        self.opening: str | None = None  # a leading "from", read only as the start of a range

    def read(self) -> None:
        position = 0
        for match in _PART.finditer(self.text):
            self.gap(position, match.start())
            position = match.end()
            if match.lastgroup == "complete":
                self.mark_complete(match.group())
                continue
            milestone = self.milestone(match)
            if milestone is None:
                self.add(match.group(), match.span())
                self.problems.append(_cannot_read(match.group()))
            else:
                self.add(milestone, match.span())
        self.gap(position, len(self.text))
        if not self.join_range() and self.opening:
            self.problems.insert(0, _cannot_read(self.opening))

    def add(self, part: MilestoneSpec | str, span: tuple[int, int]) -> None:
        self.parts.append(part)
        self.spans.append(span)

    def gap(self, start: int, end: int) -> None:
        gap = self.text[start:end]
        if _FILLER.fullmatch(gap):
            return
        if not self.parts and _OPENING.fullmatch(gap):
            self.opening = gap.strip()
            return
        unreadable = gap.strip(_EDGE_PUNCTUATION)
        self.add(unreadable, (start, end))
        self.problems.append(_cannot_read(unreadable))

    def mark_complete(self, marker: str) -> None:
        """COMPLETE marks the part written before it."""
        if not self.parts:
            self.problems.append(f'Cannot tell what "{marker}" refers to: no date comes before it.')
        elif isinstance(self.parts[-1], MilestoneSpec):
            self.parts[-1] = dataclasses.replace(self.parts[-1], completed=True)
        # After an unreadable part there is nothing to mark; that part is already a problem.

    def milestone(self, match: re.Match) -> MilestoneSpec | None:
        """The milestone a recognised part stands for, or None when its numbers make no date."""
        kind = match.lastgroup
        if kind == "ongoing":
            return MilestoneSpec(match.group(), None)
        if kind == "recurrence":
            self.recurrence = self.recurrence or recurrence_of(match.group())
            return MilestoneSpec(match.group(), None)
        if kind == "numeric":
            due = _numeric(match, self.order)
        elif kind == "financial" and _year_span(match):
            due = _year_range_end(match, self.notes)
        else:
            due = _DUE_DATE_READERS[kind](match)
        return MilestoneSpec(match.group(), due) if due is not None else None

    def join_range(self) -> bool:
        """Two dated parts joined by a dash or "to", the second later ("May 2016 – August 2018"),
        are one period: one milestone due at its end, labelled as written."""
        if len(self.parts) != 2 or not all(isinstance(p, MilestoneSpec) for p in self.parts):
            return False
        first, last = self.parts
        (start, first_end), (last_start, end) = self.spans
        if first.due is None or last.due is None or first.completed or first.due >= last.due:
            return False
        if not _RANGE.match(self.text[first_end:last_start]):
            return False
        self.parts = [MilestoneSpec(self.text[start:end], last.due, last.completed)]
        self.spans = [(start, end)]
        return True

    def milestones(self) -> list[MilestoneSpec]:
        return [part for part in self.parts if isinstance(part, MilestoneSpec)]


def _cannot_read(text: str) -> str:
    return f'Cannot read "{text}" as a date; kept as written.'


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> datetime.date | None:
    if not (1 <= month <= 12 and datetime.MINYEAR <= year <= datetime.MAXYEAR):
        return None
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _following_year(year: int, second: str | None) -> bool:
    """Whether "2023/24" or "2023/2024" names consecutive years."""
    if second is None:
        return False
    if len(second) == 2:
        return int(second) == (year + 1) % 100
    return int(second) == year + 1


def _iso(match):
    return _date(int(match["iso_year"]), int(match["iso_month"]), int(match["iso_day"]))


def _numeric(match, order: DateOrder = DateOrder.DAY_FIRST):
    year = int(match["num_year"])
    year += 2000 if len(match["num_year"]) == 2 else 0
    first, second = int(match["num_day"]), int(match["num_month"])
    if order == DateOrder.MONTH_FIRST:
        first, second = second, first
    return _date(year, second, first)


def _serial(match):
    days = int(match["serial_days"])
    if not SERIAL_RANGE[0] <= days <= SERIAL_RANGE[1]:
        return None
    return EXCEL_EPOCH + datetime.timedelta(days=days)


def _us_written(match):
    month = MONTHS[match["uw_month"].rstrip(".").lower()]
    return _date(int(match["uw_year"]), month, int(match["uw_day"]))


def _month_span(match):
    return _month_end(int(match["ms_year"]), MONTHS[match["ms_last"].rstrip(".").lower()])


def _year_span(match) -> bool:
    """ "2023-2027" (dash or "to", years further apart than one financial year) is a range."""
    if "/" in match["f_span"] or match.group().casefold().startswith(("fy", "financial")):
        return False
    return _second_year(match) > int(match["f_year"]) + 1


def _second_year(match) -> int:
    year, second = int(match["f_year"]), match["f_second"]
    return int(second) if len(second) == 4 else year - year % 100 + int(second)


def _year_range_end(match, notes: list[str]) -> datetime.date | None:
    end = _date(_second_year(match), 12, 31)
    if end is not None:
        notes.append(
            f'Read "{match.group()}" as the calendar years {match["f_year"]} to {end.year}, '
            f"due 31 December {end.year}; write {end.year - 1}/{end.year % 100:02d} if the plan "
            "means financial years."
        )
    return end


def _numeric_month(match):
    return _month_end(int(match["nm_year"]), int(match["nm_month"]))


def _written(match):
    month = MONTHS[match["w_month"].rstrip(".").lower()]
    return _date(int(match["w_year"]), month, int(match["w_day"]))


def _month(match):
    return _month_end(int(match["m_year"]), MONTHS[match["m_name"].rstrip(".").lower()])


def _season(match):
    month, years_after = SEASONS[match["s_name"].lower()]
    year, second = int(match["s_year"]), match["s_second"]
    if second is not None and not (years_after and _following_year(year, second)):
        return None  # only winter spans two years; "Summer 2023/24" names no season
    return _month_end(year + years_after, month)


def _financial(match):
    year = int(match["f_year"])
    return _date(year + 1, 3, 31) if _following_year(year, match["f_second"]) else None


def _financial_short(match):
    year = 2000 + int(match["fs_year"])
    return _date(year + 1, 3, 31) if _following_year(year, match["fs_second"]) else None


def _quarter(match):
    number, year, second = int(match["q_number"]), int(match["q_year"]), match["q_second"]
    if second is None:
        # "Q1 2024" is a calendar quarter; "Q1 FY2024" could be either financial year.
        return None if match["q_financial"] else _month_end(year, number * 3)
    if not _following_year(year, second):
        return None
    # Financial quarters: Q1 April–June ... Q4 January–March of the second year.
    return _month_end(year + 1, 3) if number == 4 else _month_end(year, 3 + number * 3)


_DUE_DATE_READERS = {
    "iso": _iso,
    "serial": _serial,
    "us_written": _us_written,
    "month_span": _month_span,
    "numeric_month": _numeric_month,
    "written": _written,
    "month": _month,
    "season": _season,
    "financial": _financial,
    "financial_short": _financial_short,
    "quarter": _quarter,
}
