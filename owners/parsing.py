"""Owner text ("ACC Local Policing Head of Corporate Communications & Engagement") -> role titles.

Pure: no ORM, no I/O. Known titles are matched first (longest wins), because titles themselves
contain commas, "and" and "&"; only text between matches is read as separators or leftovers.
"""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

# A word (letters/digits, inner apostrophes kept) or any single other visible character.
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
# Punctuation a title may carry or drop without meaning something else ("Supt." = "Supt").
_IGNORED_WHEN_MATCHING = frozenset({",", "."})
# Leftover text is split into separate fragments at these, always.
_FRAGMENT_BREAK = re.compile(r"[\n\r;,]+")
# ... and at these when they join names of the same kind (see _joined_names): "Gilly & Alex" and
# "Peta / GM" are two owners, "Facilities & Estates Lead" one title sharing its last word.
_JOINER = re.compile(r"\s+(?:&|and|\+)\s+|\s*/\s*", re.IGNORECASE)
# Words that make a fragment a role or a team rather than a person's name.
ROLE_WORDS = frozenset(
    [
        "lead",
        "leads",
        "leader",
        "manager",
        "managers",
        "head",
        "director",
        "deputy",
        "assistant",
        "officer",
        "officers",
        "team",
        "teams",
        "unit",
        "department",
        "dept",
        "chief",
        "superintendent",
        "supt",
        "inspector",
        "insp",
        "sergeant",
        "sgt",
        "constable",
        "commissioner",
        "coordinator",
        "co-ordinator",
        "adviser",
        "advisor",
        "analyst",
        "specialist",
        "executive",
        "secretary",
        "chair",
        "board",
        "group",
        "service",
        "services",
        "hub",
        "office",
        "committee",
        "panel",
        "forum",
        "partnership",
        "partners",
        "owner",
        "acc",
        "dcc",
        "pcc",
        "opcc",
    ]
)
# Trimmed from both ends of a leftover fragment: separators, never part of a title's edge.
_EDGE_SEPARATORS = re.compile(r"^(?:[\s,;/&+|–—-]|and\b)+|(?:[\s,;/&+|–—-]|\band)+$", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]")
# Owner text is often a list of whole names separated by ";" (see OwnerMatcher._split_by_pieces).
# Not line breaks: to the matcher they are spaces, and a name may run across one.
_PIECE_BREAK = re.compile(r";")
_UNSEEN = object()


@dataclass(frozen=True)
class KnownRole:
    """A role the matcher can find: its canonical title and other ways a plan writes it."""

    title: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class OwnerSplit:
    titles: tuple[
        str, ...
    ]  # canonical role titles, in the order written (first = lead), no duplicates
    unmatched: tuple[str, ...]  # fragments that match no known role, trimmed, as written


@functools.lru_cache(maxsize=4096)
def _token_key(token: str) -> str:
    """How a token compares: case-folded, curly apostrophe straightened, "&" read as "and"."""
    key = token.casefold().replace("’", "'")
    return "and" if key == "&" else key


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(key, start, end) for every token that takes part in matching."""
    tokens = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token not in _IGNORED_WHEN_MATCHING:
            tokens.append((_token_key(token), *match.span()))
    return tokens


class OwnerMatcher:
    """Finds known roles in owner text. Build once per import; `split` is linear in text length
    times the longest title's length in tokens."""

    _TITLE = object()  # key under which a trie node stores the title ending there

    def __init__(self, roles: Iterable[KnownRole]):
        self._trie: dict = {}
        self._names: dict[tuple[str, ...], str] = {}  # every name's token keys -> its title
        self._splits: dict[str, OwnerSplit] = {}  # a plan repeats the same owners on many rows
        self._pieces: dict[str, str | None] = {}  # and the same names between its separators
        breaks = False
        for role in roles:
            for name in (role.title, *role.aliases):
                self._add(name, role.title)
                breaks = breaks or _PIECE_BREAK.search(name) is not None
        # Reading piece by piece gives what the full matcher gives only if no name spans a break.
        self._by_pieces = not breaks

    def _add(self, name: str, title: str) -> None:
        keys = [key for key, _, _ in _tokens(name)]
        if not keys:
            return
        node = self._trie
        for key in keys:
            node = node.setdefault(key, {})
        node[self._TITLE] = title
        self._names[tuple(keys)] = title

    def _longest_match(self, tokens, start: int) -> tuple[str, int] | None:
        """The title of the longest known name starting at tokens[start], and the index after it."""
        node, found = self._trie, None
        for index in range(start, len(tokens)):
            node = node.get(tokens[index][0])
            if node is None:
                break
            if self._TITLE in node:
                found = (node[self._TITLE], index + 1)
        return found

    def split(self, text: str) -> OwnerSplit:
        text = text or ""
        found = self._splits.get(text)
        if found is None:
            found = self._by_pieces and self._split_by_pieces(text) or self._split(text)
            self._splits[text] = found
        return found

    def _split_by_pieces(self, text: str) -> OwnerSplit | None:
        """The common case, cheaply: every piece between semicolons is exactly one known name
        ("Chief Constable; ACC Local Policing"), so no name can run across a piece's edge. Each distinct piece is looked up once per
        file. None when any piece is not a whole name: then the full matcher reads the text."""
        titles: list[str] = []
        for piece in _PIECE_BREAK.split(text):
            title = self._pieces.get(piece, _UNSEEN)
            if title is _UNSEEN:
                keys = tuple(key for key, _, _ in _tokens(piece))
                title = self._pieces[piece] = self._names.get(keys) if keys else ""
            if title is None:
                return None
            if title and title not in titles:
                titles.append(title)
        return OwnerSplit(titles=tuple(titles), unmatched=())

    def _split(self, text: str) -> OwnerSplit:
        tokens = _tokens(text)
        titles: list[str] = []
        unmatched: list[str] = []
        gap_start = 0  # character offset where the text not yet matched begins
        index = 0
        while index < len(tokens):
            match = self._longest_match(tokens, index)
            if match is None:
                index += 1
                continue
            title, after = match
            unmatched.extend(_leftover_fragments(text[gap_start : tokens[index][1]]))
            if title not in titles:
                titles.append(title)
            gap_start = tokens[after - 1][2]
            index = after
        unmatched.extend(_leftover_fragments(text[gap_start:]))
        return OwnerSplit(titles=tuple(titles), unmatched=tuple(unmatched))


def _leftover_fragments(gap: str) -> list[str]:
    """Text between matches, minus separators: each remaining piece is an unmatched fragment."""
    pieces = (_EDGE_SEPARATORS.sub("", piece) for piece in _FRAGMENT_BREAK.split(gap))
    names = (name for piece in pieces for name in _joined_names(piece))
    # A piece with no letter or digit (a stray "." or "()") names nobody.
    return [name for name in names if _WORD.search(name)]


def _joined_names(piece: str) -> list[str]:
    """A fragment split at "&", "and", "/", "+" when every part is the same kind of name: all
    people or teams with no role word ("Gilly & Alex", "Peta / GM"), or all roles ("Head of
    Estates and Head of Fleet"). Mixed kinds are one title whose parts share a word: "Facilities
    & Estates Lead", "Head of Communications & Engagement"."""
    parts = [part.strip() for part in _JOINER.split(piece)]
    if len(parts) < 2 or not all(_WORD.search(part) for part in parts):
        return [piece]
    kinds = {bool(ROLE_WORDS & {key for key, _, _ in _tokens(part)}) for part in parts}
    return parts if len(kinds) == 1 else [piece]


def split_owners(text: str, roles: Iterable[KnownRole]) -> OwnerSplit:
    """One-off convenience; an import of many rows should build one OwnerMatcher and reuse it."""
    return OwnerMatcher(roles).split(text)
