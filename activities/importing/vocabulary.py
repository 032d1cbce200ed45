"""The words real plans use in a status column -> our Status, and what to ask about the rest.

Pure: no ORM. STATUS_WORDS is the one table of words we read without asking; ASKED_STATUS_WORDS
names words that mean different things to different plans, so a person chooses (as for any word
not in either table). A choice is a StatusMapping: {word as written: a Status value or COMMENTARY}.
"""

import functools
import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from activities.models import Status

COMMENTARY = "commentary"  # a mapping's choice for a word that is a note, not a status
StatusMapping = Mapping[str, str]  # word as written -> Status value or COMMENTARY

# Word (as status_key gives it) -> the status it means. Our own labels and values are read too.
STATUS_WORDS: dict[str, Status] = {
    # Not begun.
    "not yet started": Status.NOT_STARTED,
    "not begun": Status.NOT_STARTED,
    "not commenced": Status.NOT_STARTED,
    "yet to start": Status.NOT_STARTED,
    "to do": Status.NOT_STARTED,
    "to start": Status.NOT_STARTED,
    "pending": Status.NOT_STARTED,
    "planned": Status.NOT_STARTED,
    "scheduled": Status.NOT_STARTED,
    # Under way with nothing said to be wrong.
    "in progress": Status.ON_TRACK,
    "progressing": Status.ON_TRACK,
    "underway": Status.ON_TRACK,
    "under way": Status.ON_TRACK,
    "started": Status.ON_TRACK,
    "ongoing": Status.ON_TRACK,
    "on going": Status.ON_TRACK,
    "on schedule": Status.ON_TRACK,
    "on target": Status.ON_TRACK,
    "active": Status.ON_TRACK,
    "green": Status.ON_TRACK,
    # May slip.
    "amber": Status.AT_RISK,
    "at risk": Status.AT_RISK,
    "some delay": Status.AT_RISK,
    "minor delay": Status.AT_RISK,
    # Has slipped or stopped: it will not meet its date as things stand.
    "red": Status.OFF_TRACK,
    "delayed": Status.OFF_TRACK,
    "behind schedule": Status.OFF_TRACK,
    "behind": Status.OFF_TRACK,
    "overdue": Status.OFF_TRACK,
    "late": Status.OFF_TRACK,
    "off target": Status.OFF_TRACK,
    "slipped": Status.OFF_TRACK,
    "stalled": Status.OFF_TRACK,
    "blocked": Status.OFF_TRACK,
    "on hold": Status.OFF_TRACK,
    "paused": Status.OFF_TRACK,
    "suspended": Status.OFF_TRACK,
    # Finished.
    "blue": Status.COMPLETE,
    "completed": Status.COMPLETE,
    "done": Status.COMPLETE,
    "delivered": Status.COMPLETE,
    "achieved": Status.COMPLETE,
    "finished": Status.COMPLETE,
    "implemented": Status.COMPLETE,
    "closed complete": Status.COMPLETE,
    "complete closed": Status.COMPLETE,
    # Stopped for good.
    "cancelled": Status.WITHDRAWN,
    "canceled": Status.WITHDRAWN,
    "abandoned": Status.WITHDRAWN,
    "dropped": Status.WITHDRAWN,
    "no longer required": Status.WITHDRAWN,
    "not required": Status.WITHDRAWN,
    "superseded": Status.WITHDRAWN,
}
# Words with more than one meaning across plans: always asked, with the reason shown.
ASKED_STATUS_WORDS: dict[str, str] = {
    "closed": "it means finished to some plans and abandoned to others",
    "open": "it says only that the work is not finished",
    "deferred": "it can mean postponed (still to do) or dropped",
}
# A status column whose typical value is longer than this, or whose values are mostly not
# status words, is holding progress notes.
COMMENTARY_MEDIAN_LENGTH = 40
COMMENTARY_KNOWN_SHARE = 0.5
STATUS_WORD_LENGTH = 20  # short unknown values are status words to ask about, not notes

_SEPARATORS = re.compile(r"[\s_\-–—/:,.;()]+")
_RAG_PREFIX = re.compile(r"^(?:rag(?: status| rating)?|status)\s+")


@functools.lru_cache(maxsize=1024)
def status_key(text: str) -> str:
    """How status words compare: "In-Progress." = "in progress", "RAG: Amber" = "amber"."""
    key = " ".join(_SEPARATORS.sub(" ", text.casefold()).split())
    return _RAG_PREFIX.sub("", key)


_OWN_WORDS = {
    **{status_key(status.label): status for status in Status},
    **{status_key(status.value): status for status in Status},
}


@functools.lru_cache(maxsize=1024)
def status_from_file(text: str) -> str | None:
    """A status cell ("Complete", "on_track", "In progress", "Amber") -> a Status value, or None
    when the word is not known or is one that is asked about."""
    key = status_key(text)
    found = _OWN_WORDS.get(key) or STATUS_WORDS.get(key)
    return found.value if found else None


class RowPlace(NamedTuple):
    sheet: str
    row: int


@dataclass(frozen=True)
class StatusReading:
    """What a status cell says once any mapping is applied."""

    status: str | None  # a Status value; None when the cell is empty, unknown or commentary
    commentary: str = ""  # the cell's text when the mapping says it is a note
    unknown: bool = False  # a word neither table nor the mapping knows: ask about it


def read_status(text: str, mapping: StatusMapping | None = None) -> StatusReading:
    """One status cell, with a person's choices (mapping) taking precedence over the tables."""
    if not text:
        return StatusReading(None)
    chosen = _mapped(text, mapping) if mapping else None
    if chosen == COMMENTARY:
        return StatusReading(None, commentary=text)
    status = chosen or status_from_file(text)
    return StatusReading(status) if status else StatusReading(None, unknown=True)


def _mapped(text: str, mapping: StatusMapping) -> str | None:
    wanted = status_key(text)
    for word, choice in mapping.items():
        if status_key(word) == wanted:
            if choice != COMMENTARY and choice not in Status.values:
                raise ValueError(f"“{choice}” is neither a status nor “{COMMENTARY}”.")
            return choice
    return None


def why_asked(text: str) -> str:
    """Why a word is asked about: its reason when it is ambiguous, else ""."""
    return ASKED_STATUS_WORDS.get(status_key(text), "")


def unknown_status_words(
    cells: Iterable[tuple[RowPlace, str]], mapping: StatusMapping | None = None
) -> dict[str, tuple[RowPlace, ...]]:
    """Each status word to ask about, once (as first written), with every row it is on."""
    found: dict[str, list[RowPlace]] = {}
    written: dict[str, str] = {}
    for place, text in cells:
        if text and read_status(text, mapping).unknown:
            key = status_key(text)
            found.setdefault(written.setdefault(key, text), []).append(place)
    return {word: tuple(places) for word, places in found.items()}


@dataclass(frozen=True)
class StatusColumnJudgement:
    """How a column headed "Status" reads: as statuses, or as progress notes (commentary)."""

    values: int  # non-empty cells looked at
    known_share: float  # share of them that are status words (0 to 1)
    median_length: float  # characters in the middle value
    is_commentary: bool


def judge_status_column(values: Iterable[str]) -> StatusColumnJudgement:
    """Whether a status column's values are statuses or free text that belongs in commentary."""
    texts = [" ".join(value.split()) for value in values if value and value.strip()]
    if not texts:
        return StatusColumnJudgement(0, 0.0, 0.0, is_commentary=False)
    known = sum(
        1 for text in texts if status_from_file(text) or status_key(text) in ASKED_STATUS_WORDS
    )
    share = known / len(texts)
    median = statistics.median(len(text) for text in texts)
    notes = median > COMMENTARY_MEDIAN_LENGTH or (
        share < COMMENTARY_KNOWN_SHARE and median > STATUS_WORD_LENGTH
    )
    return StatusColumnJudgement(len(texts), share, median, is_commentary=notes)
