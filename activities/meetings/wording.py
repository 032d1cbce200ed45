"""How a pack's ISO dates read on the page, in Word and in Excel ("5 March 2024", "5 March 2024, 10:00")."""

import datetime

from django.utils.dateformat import format as date_format


def to_date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text[:10]) if text else None


def to_moment(text: str | None) -> datetime.datetime | None:
    """The pack's local time, without its offset (a spreadsheet cell has no time zone)."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=None) if text else None


def show_date(text: str | None) -> str:
    return date_format(to_date(text), "j F Y") if text else ""


def show_moment(text: str | None) -> str:
    return date_format(to_moment(text), "j F Y, H:i") if text else ""


def compared_with(content: dict) -> str:
    """'the previous meeting, Performance board on 5 February 2024' or '1 December 2023'."""
    previous = content["meeting"]["previous"]
    if previous:
        return f"the previous meeting, {previous['title']} on {show_date(previous['date'])}"
    return show_date(content["since"])


def missed_text(row: dict) -> str:
    missed = row.get("missed_milestone")
    return f"{missed['label']} (due {show_date(missed['due'])})" if missed else ""


def since_text(row: dict) -> list[str]:
    """What changed for an exception since the last meeting, one line each."""
    lines = []
    if row["status_change"]:
        lines.append(f"Status {row['status_change']['old']} → {row['status_change']['new']}")
    for change in row["rebaselines"]:
        reason = f" ({change['reason']})" if change["reason"] else ""
        lines.append(f"Timescale {change['old']} → {change['new']}{reason}")
    for review in row["reviews"]:
        lines.append(f"Review, {review['author']}, {show_date(review['at'])}: {review['text']}")
    return lines
