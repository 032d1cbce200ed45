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

# One alternative per form; the first that matches at the leftmost position wins.
_PART = re.compile(
    r"(?<!\w)(?:"
    r"(?P<iso>(?P<iso_year>\d{4})-(?P<iso_month>\d{1,2})-(?P<iso_day>\d{1,2}))"
    r"|(?P<numeric>(?P<num_day>\d{1,2})[/.-](?P<num_month>\d{1,2})[/.-](?P<num_year>\d{4}|\d{2}))"
    r"|(?P<numeric_month>(?P<nm_month>\d{1,2})[/.-](?P<nm_year>\d{4}))"
    rf"|(?P<written>(?P<w_day>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<w_month>{_MONTH}){_STRAY}(?P<w_year>\d{{4}}))"
    rf"|(?P<quarter>(?:q|quarter\s*)(?P<q_number>[1-4])\s*(?:of\s+)?(?P<q_financial>{_FINANCIAL})?"
    rf"(?P<q_year>\d{{4}})(?:{_SECOND_YEAR.format('q_second')})?)"
    rf"|(?P<season>(?P<s_name>{'|'.join(SEASONS)}){_STRAY}(?P<s_year>\d{{4}})"
    rf"(?:{_SECOND_YEAR.format('s_second')})?)"
    rf"|(?P<month>(?P<m_name>{_MONTH}){_STRAY}(?P<m_year>\d{{4}}))"
    rf"|(?P<financial>(?:{_FINANCIAL})?(?P<f_year>\d{{4}}){_SECOND_YEAR.format('f_second')})"
    rf"|(?P<financial_short>{_FINANCIAL}(?P<fs_year>\d{{2}})\s*[/-]\s*(?P<fs_second>\d{{2}}))"
    r"|(?P<ongoing>on[\s-]?going|continuous|continual|business\s+as\s+usual|bau)"
    r"|(?P<complete>completed?)"
    r")(?!\w)",
    re.IGNORECASE,
)
# What may stand between parts without meaning anything: "March 2022 – COMPLETE", "by end of".
_FILLER = re.compile(
    r"(?:[\s,;:.&+/()–—-]|\b(?:and|then|by|end|of|the|due|to|until)\b)*", re.IGNORECASE
)
_EDGE_PUNCTUATION = " ,;:.&+/–—-"


def parse_timescale(
    value: str | datetime.date | datetime.datetime | None,
) -> ParsedTimescale:
    """Read one timescale cell. Never raises; what it cannot read comes back in `problems`."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        label = f"{value.day} {calendar.month_name[value.month]} {value.year}"
        return ParsedTimescale(label, (MilestoneSpec(label, value),), ongoing=False)
    label = " ".join(str(value).split()) if value is not None else ""
    if not label:
        return ParsedTimescale("", (), ongoing=False, problems=(NO_TIMESCALE,))
    milestones, problems = _read_parts(label)
    if not milestones and not problems:  # only filler, e.g. "–" or "by"
        problems = [_cannot_read(label)]
    return ParsedTimescale(
        label=label,
        milestones=tuple(milestones),
        ongoing=any(milestone.due is None for milestone in milestones),
        problems=tuple(problems),
    )


def _read_parts(text: str) -> tuple[list[MilestoneSpec], list[str]]:
    """Milestones in order, and problems; unreadable parts hold their place so that a COMPLETE
    after one never lands on the milestone before it."""
    parts: list[MilestoneSpec | str] = []
    problems: list[str] = []
    position = 0
    for match in _PART.finditer(text):
        _read_gap(text[position : match.start()], parts, problems)
        position = match.end()
        if match.lastgroup == "complete":
            _mark_complete(parts, match.group(), problems)
            continue
        milestone = _milestone(match)
        if milestone is None:
            parts.append(match.group())
            problems.append(_cannot_read(match.group()))
        else:
            parts.append(milestone)
    _read_gap(text[position:], parts, problems)
    return [part for part in parts if isinstance(part, MilestoneSpec)], problems


def _read_gap(gap: str, parts: list, problems: list[str]) -> None:
    if _FILLER.fullmatch(gap):
        return
    unreadable = gap.strip(_EDGE_PUNCTUATION)
    parts.append(unreadable)
    problems.append(_cannot_read(unreadable))


def _mark_complete(parts: list, marker: str, problems: list[str]) -> None:
    """COMPLETE marks the part written before it."""
    if not parts:
        problems.append(f'Cannot tell what "{marker}" refers to: no date comes before it.')
    elif isinstance(parts[-1], MilestoneSpec):
        parts[-1] = dataclasses.replace(parts[-1], completed=True)
    # After an unreadable part there is nothing to mark; that part is already a problem.


def _cannot_read(text: str) -> str:
    return f'Cannot read "{text}" as a date; kept as written.'


def _milestone(match: re.Match) -> MilestoneSpec | None:
    """The milestone a recognised part stands for, or None when its numbers make no date."""
    if match.lastgroup == "ongoing":
        return MilestoneSpec(match.group(), None)
    due = _DUE_DATE_READERS[match.lastgroup](match)
    return MilestoneSpec(match.group(), due) if due is not None else None


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


def _numeric(match):
    year = int(match["num_year"])
    year += 2000 if len(match["num_year"]) == 2 else 0
    return _date(year, int(match["num_month"]), int(match["num_day"]))


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
    "numeric": _numeric,
    "numeric_month": _numeric_month,
    "written": _written,
    "month": _month,
    "season": _season,
    "financial": _financial,
    "financial_short": _financial_short,
    "quarter": _quarter,
}
