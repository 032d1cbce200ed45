"""Which stored activity each file row is: by its reference, by its exact text within its theme, or new.

An import changes only activities it identified with certainty. A row that gives a reference is
that activity (or a new one with that reference). A row without one is the one activity of its
theme with exactly its text (whitespace aside), or a new activity whose generated reference is
free; never the activity at the same position, so a file without a Reference column cannot
overwrite other activities. Reads only the light rows stored_references() returns.
"""

from dataclasses import dataclass

from activities.importing.problems import Code, Problem
from activities.importing.rows import PlanRow
from activities.importing.theme_names import similar_themes
from activities.models import Theme

BY_REFERENCE, BY_TEXT, NEW = "reference", "text", "new"
MATCH_WORDS = {BY_REFERENCE: "by reference", BY_TEXT: "by text", NEW: "new"}


@dataclass(frozen=True)
class ThemePlan:
    position: int
    title: str
    similar: tuple[str, ...] = ()  # stored themes close to this title, offered as a match


@dataclass(frozen=True)
class StoredActivity:
    pk: int
    reference: str
    text: str
    theme_title: str


@dataclass(frozen=True)
class Match:
    """How one file row was identified, and the reference it will have."""

    row: PlanRow
    theme_title: str
    matched_by: str  # BY_REFERENCE, BY_TEXT or NEW
    reference: str
    activity_id: int | None = None  # None for a new activity


def stored_references(activities) -> list[StoredActivity]:
    """These activities (the destination plan's) as light rows, in plan order: only those the file
    names are loaded in full (a large plan and a small file, or new activities, stay cheap)."""
    rows = activities.values_list("pk", "reference", "text", "theme__title")
    return [StoredActivity(*row) for row in rows]


# Shown for a row that names no theme and has none above it; never planned or created.
UNTHEMED = "(no theme)"


class ThemeResolver:
    """Table N of the published text is the theme at position N (renames survive re-import);
    a spreadsheet's theme title matches case-insensitively, else a new theme goes at the end."""

    def __init__(self, themes: list[Theme]):
        self.by_position = {theme.position: theme.title for theme in themes}
        self.by_title = {theme.title.casefold(): theme.title for theme in themes}
        self.positions = {theme.title.casefold(): theme.position for theme in themes}
        self.to_create: list[ThemePlan] = []
        self.stored_titles = [theme.title for theme in themes]

    def plan(self, position: int, title: str) -> str:
        similar = tuple(c.title for c in similar_themes(title, self.stored_titles))
        self.to_create.append(ThemePlan(position, title, similar))
        self.by_position[position] = title
        self.by_title[title.casefold()] = title
        self.positions[title.casefold()] = position
        return title

    def title_for(self, row: PlanRow) -> str:
        if row.theme_title:
            known = self.by_title.get(row.theme_title.casefold())
            return known or self.plan(max(self.by_position, default=0) + 1, row.theme_title)
        if row.theme_position is None:  # no theme at all: the row's own error stops the import
            return UNTHEMED
        if row.theme_position in self.by_position:
            return self.by_position[row.theme_position]
        title = f"Theme {row.theme_position}"
        while title.casefold() in self.by_title:  # "Theme 3" already names another position
            title += " (imported)"
        return self.plan(row.theme_position, title)

    def position_of(self, title: str) -> int:
        return 0 if title == UNTHEMED else self.positions[title.casefold()]


def text_key(theme_title: str, text: str) -> tuple[str, str]:
    return theme_title.casefold(), " ".join(text.split())


class RowMatcher:
    """Matches a file's rows in two passes: rows with references first, so that a reference the
    file gives is never handed to a row without one."""

    def __init__(self, stored: list[StoredActivity], themes: ThemeResolver):
        self.themes = themes
        self.by_reference = {activity.reference.casefold(): activity for activity in stored}
        self.by_text: dict[tuple[str, str], list[StoredActivity]] = {}
        for activity in stored:
            self.by_text.setdefault(text_key(activity.theme_title, activity.text), []).append(
                activity
            )
        self.taken = set(self.by_reference)
        self.claimed: dict[int, PlanRow] = {}  # activity pk -> the row that matched it
        self.problems: list[Problem] = []

    def match_all(self, rows: tuple[PlanRow, ...]) -> list[Match]:
        titles = [self.themes.title_for(row) for row in rows]  # file order: themes planned in order
        self.taken |= {row.reference.casefold() for row in rows if row.reference}
        matches: dict[int, Match] = {}
        for index, (row, title) in enumerate(zip(rows, titles, strict=True)):
            if row.reference:
                matches[index] = self.by_its_reference(row, title)
        for index, (row, title) in enumerate(zip(rows, titles, strict=True)):
            if not row.reference:
                matches[index] = self.by_its_text(row, title)
        return [matches[index] for index in range(len(rows))]

    def by_its_reference(self, row: PlanRow, title: str) -> Match:
        stored = self.by_reference.get(row.reference.casefold())
        if stored is None:
            return Match(row, title, NEW, row.reference)
        self.claimed[stored.pk] = row
        return Match(row, title, BY_REFERENCE, stored.reference, stored.pk)

    def by_its_text(self, row: PlanRow, title: str) -> Match:
        candidates = self.by_text.get(text_key(title, row.text), [])
        if len(candidates) > 1:
            references = ", ".join(activity.reference for activity in candidates)
            self.refuse(row, f"Activities {references} in “{title}” all have this text")
        elif candidates and candidates[0].pk in self.claimed:
            other = self.claimed[candidates[0].pk]
            self.refuse(
                row,
                f"Activity {candidates[0].reference} has this text, and {other.sheet}, row "
                f"{other.row} is already that activity",
            )
        elif candidates:
            self.claimed[candidates[0].pk] = row
            stored = candidates[0]
            return Match(row, title, BY_TEXT, stored.reference, stored.pk)
        return Match(row, title, NEW, self.free_reference(row, title))

    def refuse(self, row: PlanRow, why: str) -> None:
        message = f"{why}, so this row cannot be matched with certainty: give it a reference."
        self.problems.append(
            Problem(row.sheet, row.row, "Reference", message, code=Code.UNCERTAIN_MATCH)
        )

    def free_reference(self, row: PlanRow, title: str) -> str:
        """ "theme.n" for a new activity: its place in the file when free, else the next free n."""
        theme, number = self.themes.position_of(title), row.position or 1
        while f"{theme}.{number}".casefold() in self.taken:
            number += 1
        reference = f"{theme}.{number}"
        self.taken.add(reference.casefold())
        return reference
