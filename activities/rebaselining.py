"""Re-baselining: a new timescale re-derives an activity's milestones; completed ones are kept.

The edit page and the admin both call rebaseline() to show what will change before saving and to
build the milestones they save, so a timescale and its milestones never disagree.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from activities.services.fields import milestone_text, next_due_of
from activities.timescales import MilestoneSpec, parse_timescale


@dataclass(frozen=True)
class Rebaseline:
    """What a timescale change does: old → new label, milestones and next due date."""

    old_label: str
    new_label: str
    old_milestones: tuple[MilestoneSpec, ...]
    new_milestones: tuple[MilestoneSpec, ...]
    problems: tuple[str, ...] = ()

    @property
    def old_due(self) -> datetime.date | None:
        return next_due_of(self.old_milestones)

    @property
    def new_due(self) -> datetime.date | None:
        return next_due_of(self.new_milestones)

    def old_milestone_texts(self) -> list[str]:
        return [milestone_text(m) for m in self.old_milestones]

    def new_milestone_texts(self) -> list[str]:
        return [milestone_text(m) for m in self.new_milestones]


def label_changed(old_label: str, new_label: str) -> bool:
    """Whether a timescale was really edited (spacing alone is not a change)."""
    return " ".join(old_label.split()) != " ".join(new_label.split())


def rebaseline(milestones: Sequence[MilestoneSpec], old_label: str, new_label: str) -> Rebaseline:
    """Completed milestones stay as recorded; the rest are replaced by those the new label names
    (less any the new label names that are already complete)."""
    parsed = parse_timescale(new_label)
    # An empty timescale is allowed. Unlike an import, which keeps unreadable words with a warning,
    # an edit is refused: say how to write it rather than the parser's "kept as written".
    problems = () if not parsed.label else tuple(refusal(problem) for problem in parsed.problems)
    return Rebaseline(
        old_label=old_label,
        new_label=parsed.label,
        old_milestones=tuple(milestones),
        new_milestones=keep_completed(milestones, parsed.milestones),
        problems=problems,
    )


def refusal(problem: str) -> str:
    """A timescale problem as the edit page's refusal, with the forms the parser reads."""
    return f"{problem.removesuffix('; kept as written.').rstrip('.')}. {HOW_TO_WRITE}"


HOW_TO_WRITE = (
    'Write a month, season, quarter or date ("March 2025", "Autumn 2025", "Q3 2025/26", '
    '"31/03/2025"), or "Ongoing".'
)


def keep_completed(
    stored: Sequence[MilestoneSpec], derived: Sequence[MilestoneSpec]
) -> tuple[MilestoneSpec, ...]:
    """THE rule for new timescale words, whichever door they come through (edit page, admin,
    import): milestones recorded as complete stay as recorded, first; the others are replaced by
    those the new words name (less any of them already complete)."""
    kept = [m for m in stored if m.completed]
    done = {(m.label.casefold(), m.due) for m in kept}
    return (*kept, *(m for m in derived if (m.label.casefold(), m.due) not in done))


def due_after_label(label: str, due: datetime.date | None) -> str | None:
    """A problem when a milestone's date is later than the period its own words name
    ("Dec 2023" due in 2027); None when they agree or the words name no single date."""
    parsed = parse_timescale(label)
    dates = [m.due for m in parsed.milestones if m.due]
    if due is None or parsed.problems or len(dates) != 1 or due <= dates[0]:
        return None
    return (
        f"“{label}” ends on {long_date(dates[0])}, so it cannot be due on {long_date(due)}. "
        "Change the words or the date."
    )


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
