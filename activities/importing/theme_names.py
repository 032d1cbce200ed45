"""Existing theme titles close to a new one, for the preview to offer as a match. Pure: no ORM.

It returns candidates with how close each is and why; the person decides (never this module).
"""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

_NOT_WORD = re.compile(r"[^\w]+")
# Words that join a title's parts without naming anything: "Policing and local engagement".
_JOINING_WORDS = frozenset({"and", "the", "of", "for", "to", "in", "our", "a", "an", "with"})
SPELLING_RATIO = 0.85  # difflib ratio above which two titles differ only by spelling or a typo
SHARED_WORDS = 0.5  # share of the shorter title's words the longer must hold to be offered


@dataclass(frozen=True)
class ThemeCandidate:
    title: str  # the existing theme's title, as stored
    closeness: float  # 1.0: the same words; lower: further apart
    why: str  # for a person: "the same words", "contains every word of …"


def title_words(title: str) -> tuple[str, ...]:
    """The words that name a theme: case, punctuation, "&"/"and" and joining words ignored."""
    text = _NOT_WORD.sub(" ", title.casefold().replace("&", " and "))
    return tuple(word for word in text.split() if word not in _JOINING_WORDS)


def similar_themes(title: str, existing: Iterable[str], *, limit: int = 3) -> list[ThemeCandidate]:
    """Existing titles close to `title`, closest first (at most `limit`); [] when none is."""
    words = title_words(title)
    found = [c for c in (_candidate(words, other) for other in existing) if c is not None]
    return sorted(found, key=lambda candidate: -candidate.closeness)[:limit]


def _candidate(words: tuple[str, ...], other: str) -> ThemeCandidate | None:
    other_words = title_words(other)
    if not words or not other_words:
        return None
    if words == other_words:
        return ThemeCandidate(other, 1.0, "the same words")
    shorter, longer = sorted((set(words), set(other_words)), key=len)
    shared = len(shorter & longer) / len(shorter)
    if shared == 1:
        why = f"one title holds every word of the other ({len(shorter)} of {len(longer)})"
        return ThemeCandidate(other, round(0.5 + 0.5 * len(shorter) / len(longer), 3), why)
    ratio = difflib.SequenceMatcher(None, " ".join(words), " ".join(other_words)).ratio()
    if ratio >= SPELLING_RATIO:
        return ThemeCandidate(other, round(ratio, 3), "spelt almost the same")
    if shared >= SHARED_WORDS:
        return ThemeCandidate(other, round(0.5 * shared, 3), "shares most of its words")
    return None
