"""An import preview as people and programs read it: the one-line summary and the JSON shape."""

from activities.importing.apply import CHANGED, CREATED, UNCHANGED, ImportPreview, PreviewEntry
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


def preview_as_json(preview: ImportPreview, *, file_name: str) -> dict:
    return {
        "file": file_name,
        "plan": plan_as_json(preview),
        "file_format": preview.plan.file_format,
        "summary": preview.counts(),
        "activities": [entry_as_json(entry) for entry in preview.entries],
        "absent": [
            {"reference": a.reference, "activity": a.text, "theme": a.theme_title}
            for a in preview.absent
        ],
        "themes_to_create": [
            {"position": t.position, "title": t.title} for t in preview.themes_to_create
        ],
        "roles_to_create": list(preview.roles_to_create),
        "problems": [problem.as_dict() for problem in preview.problems],
    }
