"""An import preview as people and programs read it: the one-line summary and the JSON shape."""

import datetime

from activities.importing.apply import CHANGED, CREATED, UNCHANGED, ImportPreview, PreviewEntry
from activities.importing.mapping import ColumnLayout
from activities.models import Activity, Status
from activities.services.fields import next_due_of
from activities.services.plans import free_short_name


def summary_line(counts: dict[str, int], problems: int) -> str:
    """'53 activities: 53 created, 0 changed, 0 unchanged; 0 problems' (+ absent when any)."""
    total = counts[CREATED] + counts[CHANGED] + counts[UNCHANGED]
    line = (
        f"{total} activities: {counts[CREATED]} created, {counts[CHANGED]} changed, "
        f"{counts[UNCHANGED]} unchanged; {problems} problem{'' if problems == 1 else 's'}"
    )
    if counts.get("absent"):
        line += f"; {counts['absent']} in the database but not in the file (kept)"
    return line


def entry_as_json(entry: PreviewEntry) -> dict:
    row = entry.row
    return {
        "theme": entry.theme_title,
        "theme_filled": row.theme_filled,  # blank in the file: the theme written above
        "reference": entry.reference,
        "matched_by": entry.matched_by,
        "activity": row.text,
        "owners": list(row.owners),
        "unknown_owners": list(row.unknown_owners),
        "timescale": row.timescale.label,
        "milestones": [
            {
                "due": milestone.due.isoformat() if milestone.due else None,
                "label": milestone.label,
                "complete": milestone.completed,
            }
            for milestone in row.timescale.milestones
        ],
        "ongoing": row.timescale.ongoing,
        "recurrence": row.timescale.recurrence,  # "monthly", "quarterly"… for recurring work
        "status": row.status,
        "outcome": entry.outcome,
        "changes": entry.changes,
    }


def plan_as_json(preview: ImportPreview) -> dict:
    """The plan the file goes into; a new plan's short name is the one it will be given."""
    destination = preview.destination
    if destination.plan:
        return {"short_name": destination.plan.short_name, "title": destination.title, "new": False}
    return {
        "short_name": free_short_name(destination.title),
        "title": destination.title,
        "new": True,
    }


def plan_line(preview: ImportPreview) -> str:
    """'Plan: “…” (short name)' or 'Plan: a new plan, “…” (short name)'."""
    plan = plan_as_json(preview)
    new = "a new plan, " if plan["new"] else ""
    return f"Plan: {new}“{plan['title']}” ({plan['short_name']})"


def layout_as_json(layout: ColumnLayout | None) -> dict:
    if layout is None:
        return {}
    return {
        "sheet": layout.sheet,
        "row": layout.row,
        "source": layout.source,
        "columns": [
            {"header": c.header, "column": c.letter, "field": c.field, "reason": c.reason}
            for c in layout.columns
        ],
    }


def preview_as_json(
    preview: ImportPreview, *, file_name: str, layout: ColumnLayout | None = None
) -> dict:
    return {
        "file": file_name,
        "plan": plan_as_json(preview),
        "file_format": preview.plan.file_format,
        "columns": layout.used() if layout else {},
        "column_layout": layout_as_json(layout),
        "summary": preview.counts(),
        "activities": [entry_as_json(entry) for entry in preview.entries],
        "absent": [
            {"reference": a.reference, "activity": a.text, "theme": a.theme_title}
            for a in preview.absent
        ],
        "themes_to_create": [
            {"position": t.position, "title": t.title, "similar": list(t.similar)}
            for t in preview.themes_to_create
        ],
        "roles_to_create": list(preview.roles_to_create),
        "problems": [problem.as_dict() for problem in preview.problems],
    }


# Command-line advice inside a reader's message, and what the import page says instead.
COMMAND_LINE_ADVICE = (
    (": --create-roles, or the tick box on the Import page", " with the tick box below"),
    ("--create-roles", "the tick box below"),
)


def in_browser_words(message: str) -> str:
    for advice, instead in COMMAND_LINE_ADVICE:
        message = message.replace(advice, instead)
    return message


def due_dates(entry: PreviewEntry) -> str:
    """'Q3 2025/26 → 31 Dec 2025': each milestone's label and the due date read from it."""
    parts = []
    for milestone in entry.row.timescale.milestones:
        due = f"{milestone.due.day} {milestone.due:%b %Y}" if milestone.due else "no date"
        parts.append(f"{milestone.label} → {due}" if milestone.label else due)
    return "; ".join(parts)


def overdue_on_import(preview: ImportPreview, today: datetime.date) -> list[PreviewEntry]:
    """Created or changed activities that would be overdue the moment they are imported, by the
    one rule (Activity.is_overdue) applied to the status and milestones the import would write."""
    entries = [entry for entry in preview.entries if entry.outcome != UNCHANGED]
    stored = dict(
        Activity.objects.filter(pk__in=[e.activity_id for e in entries if e.activity_id])
        .order_by()
        .values_list("pk", "current_status")
    )
    found = []
    for entry in entries:
        status = entry.row.status or stored.get(entry.activity_id) or Status.NOT_STARTED
        milestones = entry.row.timescale.milestones
        if Activity(current_status=status, next_due=next_due_of(milestones)).is_overdue(today):
            found.append(entry)
    return found
