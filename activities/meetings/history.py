"""An activity as it stood on a date, read back from its history, and what each recorded change was.

Milestones on a date: the stored milestones, unless an edit after that date replaced them, in which
case the list that edit replaced (its "old" value, in services.fields.milestone_text's words). A
milestone counts as complete on a date if it was complete then and its completion date is not
later. "Overdue" itself is the models' rule (Milestone.is_overdue, CLOSED_STATUSES), asked of
those milestones; owner roles and the theme are today's.
"""

import datetime
import re
from collections.abc import Iterable, Sequence

from django.utils import timezone

from activities.models import CLOSED_STATUSES, ActivityChange, Milestone, Status

# services.fields.milestone_text: "March 2023 (due 2023-03-31, complete)".
MILESTONE_TEXT = re.compile(
    r"^(?P<label>.*) \(due (?P<due>\d{4}-\d{2}-\d{2}|no due date)(?P<done>, complete)?\)$"
)
# Worst to best: a move along it is "up" or "down"; withdrawn is neither.
STATUS_RANK = {
    Status.OFF_TRACK: 0,
    Status.AT_RISK: 1,
    Status.NOT_STARTED: 2,
    Status.ON_TRACK: 3,
    Status.COMPLETE: 4,
}


def end_of(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` in the plan's time zone: "as of a date" is up to here."""
    next_day = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(next_day)


def start_of(day: datetime.date) -> datetime.datetime:
    return end_of(day - datetime.timedelta(days=1))


def parse_milestone(text: str) -> Milestone | None:
    """An unsaved Milestone from its history text, or None for text not in that form."""
    match = MILESTONE_TEXT.match(text)
    if match is None:
        return None
    due = match["due"]
    return Milestone(
        label=match["label"],
        due=None if due == "no due date" else datetime.date.fromisoformat(due),
        completed=bool(match["done"]),
    )


def replaced_milestones(change: ActivityChange) -> list[str] | None:
    """The milestone list an edit replaced, or None when the change did not edit the list (a
    status update's completion of one milestone records single texts, not lists)."""
    milestones = change.changes.get("milestones")
    if isinstance(milestones, dict) and isinstance(milestones.get("old"), list):
        return milestones["old"]
    return None


def milestones_on(
    stored: Sequence[Milestone], later: Iterable[ActivityChange], day: datetime.date
) -> list[Milestone]:
    """The activity's milestones as they stood at the end of `day` (unsaved copies).

    `later`: its changes recorded after that day, oldest first."""
    by_words = {(m.label, m.due): m for m in stored}
    milestones = [Milestone(label=m.label, due=m.due, completed=m.completed) for m in stored]
    for change in later:
        old = replaced_milestones(change)
        if old is not None:
            parsed = [parse_milestone(text) for text in old]
            milestones = [m for m in parsed if m is not None]
            break
    for milestone in milestones:
        completed_on = getattr(by_words.get((milestone.label, milestone.due)), "completed_on", None)
        if milestone.completed and completed_on and completed_on > day:
            milestone.completed = False  # completed later than this day
    return milestones


def missed_milestone(status: str, milestones: Sequence[Milestone], day: datetime.date):
    """The earliest milestone overdue on `day` if the activity, at `status`, was overdue then."""
    if status in CLOSED_STATUSES:
        return None
    missed = [m for m in milestones if m.is_overdue(day)]
    return min(missed, key=lambda m: m.due) if missed else None


def direction(old: str, new: str) -> str | None:
    """ "up", "down" or None (unchanged, or to or from withdrawn)."""
    if old not in STATUS_RANK or new not in STATUS_RANK or old == new:
        return None
    return "up" if STATUS_RANK[new] > STATUS_RANK[old] else "down"


def _words(texts) -> list:
    parsed = [parse_milestone(text) for text in texts or []]
    return [(m.label, m.due) if m else text for m, text in zip(parsed, texts or [], strict=True)]


def change_kinds(change: ActivityChange) -> list[tuple[str, object, object]]:
    """What an activity change was, as (kind, old, new): "added", "reworded", "rebaseline" (the
    timescale or milestones' words or dates) or "completion" (a milestone marked complete)."""
    if change.action == ActivityChange.Action.CREATED:
        return [("added", None, change.changes.get("text", {}).get("new"))]
    fields = change.changes
    kinds = []
    if "text" in fields:
        kinds.append(("reworded", fields["text"]["old"], fields["text"]["new"]))
    milestones = fields.get("milestones") or {}
    if "timescale_label" in fields:
        label = fields["timescale_label"]
        kinds.append(("rebaseline", label["old"], label["new"]))
    elif isinstance(milestones.get("old"), list):
        if _words(milestones["old"]) == _words(milestones.get("new")):
            kinds.append(("completion", milestones["old"], milestones["new"]))
        else:
            kinds.append(("rebaseline", milestones["old"], milestones["new"]))
    elif milestones:
        kinds.append(("completion", milestones.get("old"), milestones.get("new")))
    return kinds
