"""Timescale text ("Autumn 2023", "March 2023 COMPLETE", "Ongoing") -> milestones. Pure: no Django."""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MilestoneSpec:
    """One milestone as parsed or entered: its words, due date (None = ongoing) and completion."""

    label: str
    due: datetime.date | None
    complete: bool = False
    completed_on: datetime.date | None = None


@dataclass(frozen=True)
class ParsedTimescale:
    label: str
    milestones: tuple[MilestoneSpec, ...]
    ongoing: bool
    problems: tuple[str, ...] = field(default=())
