"""A plan's history as people read it: each PlanChange with its fields' old and new values."""

import datetime

from activities.models import Plan, PlanChange
from activities.timeline import FieldChange, TimelineEntry

FIELD_LABELS = {
    "title": "Title",
    "short_name": "Short name",
    "organisation": "Organisation or owning team",
    "starts_on": "Start date",
    "ends_on": "End date",
    "state": "State",
    "predecessor": "Follows on from",
    "successor": "Successor plan",
    "carried": "Activities carried",
}
STATES = dict(Plan.State.choices)


def show_value(name: str, value) -> str:
    if value is None or value == "" or value == []:
        return "(none)"
    if name == "state":
        return STATES.get(value, value)
    if name in ("starts_on", "ends_on"):
        return f"{datetime.date.fromisoformat(value):%-d %B %Y}"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def plan_change_entry(change: PlanChange) -> TimelineEntry:
    """One change as a timeline entry (the shape the concurrent-changes include shows too)."""
    return TimelineEntry(
        kind="change",
        at=change.created_at,
        author_name=change.author_name,
        title=change.get_action_display(),
        changes=[
            FieldChange(
                FIELD_LABELS.get(name, name.replace("_", " ").capitalize()),
                show_value(name, values.get("old")),
                show_value(name, values.get("new")),
            )
            for name, values in change.changes.items()
        ],
    )


def plan_history(plan: Plan) -> list[TimelineEntry]:
    """Newest first, in one query however long the history."""
    return [plan_change_entry(c) for c in plan.changes.select_related("author")]
