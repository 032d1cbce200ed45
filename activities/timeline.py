"""An activity's history as one timeline: status updates, review comments and field changes, newest first."""

import datetime
from dataclasses import dataclass, field

from activities.models import Activity, ActivityChange, Milestone, StatusUpdate

FIELD_LABELS = {
    "theme": "Theme",
    "text": "Commitment",
    "timescale_label": "Timescale",
    "ongoing": "Ongoing",
    "owners": "Owner roles",
    "milestones": "Milestones",
    "carried_from": "Carried from",
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "status", "review" or "change"
    at: datetime.datetime
    author_name: str
    status: str = ""  # a status update's; a review comment rates nothing, so it has none
    commentary: str = ""
    milestone_label: str = ""
    title: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""  # why, when the editor gave one (a re-baseline of the timescale)


def show_value(value) -> str:
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def field_changes(changes: dict) -> list[FieldChange]:
    return [
        FieldChange(
            FIELD_LABELS.get(name, name.replace("_", " ").capitalize()),
            show_value(d.get("old")),
            show_value(d.get("new")),
        )
        for name, d in changes.items()
    ]


def change_entry(change: ActivityChange) -> TimelineEntry:
    created = change.action == ActivityChange.Action.CREATED
    return TimelineEntry(
        kind="change",
        at=change.created_at,
        author_name=change.author_name,
        title="Activity added to the tracker" if created else "Activity changed",
        changes=field_changes(change.changes),
        reason=change.reason,
    )


def update_entry(update: StatusUpdate) -> TimelineEntry:
    review = update.kind == StatusUpdate.Kind.REVIEW
    return TimelineEntry(
        kind="review" if review else "status",
        at=update.created_at,
        author_name=update.author_name,
        # A review comment stores the status it was written against, but it did not set it.
        status="" if review else update.status,
        commentary=update.commentary,
        milestone_label=update.milestone.label if update.milestone_id else "",
        title="Review comment" if review else "Status update",
    )


def activity_timeline(activity: Activity) -> list[TimelineEntry]:
    """Two queries, however long the history."""
    updates = activity.status_updates.select_related("author", "import_run", "milestone")
    changes = activity.changes.select_related("author", "import_run")
    entries = [update_entry(u) for u in updates] + [change_entry(c) for c in changes]
    # A status update that completes a milestone writes both rows at the same moment: update first.
    order = {"change": 0, "review": 1, "status": 1}
    return sorted(entries, key=lambda e: (e.at, order[e.kind]), reverse=True)


def milestone_state(milestone: Milestone, today: datetime.date) -> str:
    if milestone.completed:
        return "complete"
    if milestone.due is None:
        return "ongoing"
    return "overdue" if milestone.is_overdue(today) else "due"
