"""The pack's sections as plain JSON-ready data, from MeetingPack's ActivityStates.

Wording comes from the one place each is written: status labels from Status, field values from
activities.timeline.show_value; exceptions are grouped by LEAD owner role (co-owners named in the
row, never a repeated row), roles in the overdue review's order (title, case-insensitively).
"""

import datetime
from collections import defaultdict

from django.utils import timezone

from activities.meetings.history import change_kinds, direction
from activities.models import CLOSED_STATUSES, Status
from activities.timeline import show_value

NO_OWNER = "No owner role"
EXCEPTION_STATUSES = (Status.OFF_TRACK, Status.AT_RISK)
CHANGE_KINDS = {
    "status": "Status changed",
    "rebaseline": "Re-baselined",
    "completion": "Milestone completed",
    "reworded": "Re-worded",
    "added": "Added",
}


def when(moment) -> str | None:
    """A moment as ISO text in the plan's time zone, to the minute."""
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else None


def label(status: str | None) -> str:
    return Status(status).label if status else ""


def lead_and_co_owners(activity) -> tuple[str, list[str]]:
    roles = [role.title for role in activity.owner_roles()]
    return (roles[0], roles[1:]) if roles else (NO_OWNER, [])


def item(state) -> dict:
    """An activity as every section names it."""
    activity = state.activity
    lead, co_owners = lead_and_co_owners(activity)
    return {
        "plan": activity.plan.short_name,
        "plan_title": activity.plan.title,
        "reference": activity.reference,
        "theme": activity.theme.title,
        "text": activity.text,
        "lead": lead,
        "co_owners": co_owners,
        "status": state.status,
        "status_label": label(state.status),
    }


def missed(state, as_of) -> dict:
    milestone = state.missed
    if milestone is None:
        return {"days_overdue": None, "missed_milestone": None}
    return {
        "days_overdue": (as_of - milestone.due).days,
        "missed_milestone": {"label": milestone.label, "due": milestone.due.isoformat()},
    }


def meeting_part(meeting, plans) -> dict:
    plans = sorted(plans, key=lambda plan: plan.title.lower())
    part = {
        "plans": [{"short_name": p.short_name, "title": p.title} for p in plans],
        "title": "Pack",
        "date": None,
        "chair": "",
        "previous": None,
    }
    if meeting is not None:
        part.update(title=meeting.title, date=meeting.date.isoformat(), chair=meeting.chair)
        if meeting.previous_id:
            previous = meeting.previous
            part["previous"] = {"title": previous.title, "date": previous.date.isoformat()}
    return part


def _kind_items(states, kind: str) -> list[dict]:
    found = []
    for state in states:
        for change in state.changes:
            for name, old, new in change_kinds(change):
                if name == kind:
                    found.append(
                        {
                            **item(state),
                            "old": show_value(old),
                            "new": show_value(new),
                            "reason": change.reason,
                        }
                    )
    return found


def summary(states, as_of) -> dict:
    counts = []
    for status in Status:
        now = sum(1 for s in states if s.status == status)
        before = sum(1 for s in states if s.previous_status == status)
        counts.append(
            {
                "status": status.value,
                "label": status.label,
                "now": now,
                "previous": before,
                "change": now - before,
            }
        )
    moves = defaultdict(list)
    for state in states:
        if state.previous_status is not None:
            way = direction(state.previous_status, state.status)
            if way:
                moves[way].append({**item(state), "old": label(state.previous_status)})
    return {
        "counts": counts,
        "total_now": len(states),
        "total_previous": sum(1 for s in states if s.previous_status is not None),
        "newly_overdue": [
            {**item(s), **missed(s, as_of)} for s in states if s.missed and not s.previously_missed
        ],
        "newly_complete": [
            item(s)
            for s in states
            if s.status == Status.COMPLETE and s.previous_status != Status.COMPLETE
        ],
        "redated": _kind_items(states, "rebaseline"),
        "reworded": _kind_items(states, "reworded"),
        "status_up": moves["up"],
        "status_down": moves["down"],
        "no_update_since": [
            {"role": group["role"], "count": len(group["activities"])}
            for group in no_update_since(states)
        ],
    }


def _by_lead_role(rows: list[dict]) -> list[dict]:
    groups = defaultdict(list)
    for row in rows:
        groups[row["lead"]].append(row)
    order = sorted(groups, key=lambda role: (role == NO_OWNER, role.lower(), role))
    return [{"role": role, "activities": groups[role]} for role in order]


def _exception(state, as_of) -> dict:
    activity = state.activity
    previous = state.previous_status
    return {
        **item(state),
        **missed(state, as_of),
        "commentary": {
            "text": activity.latest_commentary,
            "at": when(activity.latest_commentary_at),
        }
        if activity.latest_commentary
        else None,
        "reviews": [
            {"text": u.commentary, "author": u.author_name, "at": when(u.created_at)}
            for u in state.review_comments
        ],
        "status_change": {"old": label(previous), "new": label(state.status)}
        if previous and previous != state.status
        else None,
        "rebaselines": [
            {
                "old": show_value(old),
                "new": show_value(new),
                "reason": change.reason,
                "author": change.author_name,
                "at": when(change.created_at),
            }
            for change in state.changes
            for kind, old, new in change_kinds(change)
            if kind == "rebaseline"
        ],
    }


def exceptions(states, as_of) -> list[dict]:
    """Overdue, off-track or at-risk activities by lead owner role, the longest overdue first."""
    found = [s for s in states if s.missed or s.status in EXCEPTION_STATUSES]
    found.sort(key=lambda s: s.missed.due if s.missed else datetime.date.max)  # stable: plan order
    return _by_lead_role([_exception(s, as_of) for s in found])


def _status_changes(state) -> list[dict]:
    found, before = [], state.previous_status or Status.NOT_STARTED
    for update in state.status_updates:
        if update.status != before:
            found.append(
                {
                    "kind": "status",
                    "old": label(before),
                    "new": label(update.status),
                    "author": update.author_name,
                    "at": when(update.created_at),
                    "reason": "",
                }
            )
        before = update.status
    return found


def _field_changes(state) -> list[dict]:
    return [
        {
            "kind": kind,
            "old": show_value(old),
            "new": show_value(new),
            "author": change.author_name,
            "at": when(change.created_at),
            "reason": change.reason,
        }
        for change in state.changes
        for kind, old, new in change_kinds(change)
    ]


def changes(states) -> list[dict]:
    """Every status change, re-baseline, completion, re-wording and addition since, in plan order
    and, within an activity, in time order."""
    found = []
    for state in states:
        base = {
            "plan": state.activity.plan.short_name,
            "reference": state.activity.reference,
            "text": state.activity.text,
        }
        events = sorted(_status_changes(state) + _field_changes(state), key=lambda e: e["at"])
        found.extend(
            {**base, **event, "kind_label": CHANGE_KINDS[event["kind"]]} for event in events
        )
    return found


def no_update_since(states) -> list[dict]:
    """Open activities with no status update since the previous date, by lead owner role."""
    rows = [
        {**item(s), "last_update": when(s.activity.last_update_as_of)}
        for s in states
        if s.status not in CLOSED_STATUSES and not s.status_updates
    ]
    return _by_lead_role(rows)


def notes(notes) -> list[dict]:
    return [
        {
            "plan": note.activity.plan.short_name,
            "reference": note.activity.reference,
            "kind": note.kind,
            "kind_label": note.get_kind_display(),
            "text": note.text,
            "author": note.author_name,
            "at": when(note.created_at),
            "meeting": str(note.meeting),
        }
        for note in notes
    ]


def due_update(rows, as_of) -> list[dict]:
    """Each plan's count of activities still due an update in its period holding the meeting."""
    return [
        {
            "plan": row.plan.short_name,
            "plan_title": row.plan.title,
            "period": row.period.label,
            "starts_on": row.period.starts_on.isoformat(),
            "deadline": row.period.deadline.isoformat(),
            "deadline_text": f"{row.period.deadline.day} {row.period.deadline:%B %Y}",
            "deadline_passed": row.period.deadline_passed(as_of),
            "linked": row.period.starts_on <= as_of,
            "count": row.count,
            "label": "Overdue to update"
            if row.period.deadline_passed(as_of)
            else "Awaiting an update",
        }
        for row in sorted(rows, key=lambda row: row.plan.title.lower())
    ]
