"""MeetingPack: a meeting's pack, built once and shown by every door (page, Word, Excel, command).

As of a date (the meeting's, or today when that is still ahead) compared with a previous date
(the previous meeting's, or one chosen): statuses from the status history
(querysets.status_at), milestones and overdue from the change history (meetings/history.py).
Eight queries however large the plans: the activities with their statuses then and now and latest
commentary, their owners, their milestones, the status updates since, the changes since, the
chair's notes, the plans' titles and their reporting cycles (with a cycle: one more, the count
still due an update; before each meeting, two more per plan for its meeting series). content() is plain JSON: an issued pack stores it and is
shown from it ever after.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q

from activities.cycles.due import due_counts
from activities.meetings import sections
from activities.meetings.history import end_of, milestones_on, missed_milestone, start_of
from activities.models import (
    Activity,
    ActivityChange,
    Meeting,
    MeetingNote,
    Milestone,
    Status,
    StatusUpdate,
)
from activities.querysets import latest_commentary_annotations, status_at


@dataclass
class ActivityState:
    """One activity now and at the previous date, with what happened to it in between."""

    activity: Activity
    status: str
    previous_status: str | None  # None: not yet in the plan then
    missed: Milestone | None
    previously_missed: Milestone | None
    updates: list[StatusUpdate] = field(default_factory=list)  # since, oldest first
    changes: list[ActivityChange] = field(default_factory=list)  # since, oldest first

    @property
    def status_updates(self) -> list[StatusUpdate]:
        return [u for u in self.updates if u.kind == StatusUpdate.Kind.STATUS]

    @property
    def review_comments(self) -> list[StatusUpdate]:
        return [u for u in self.updates if u.kind == StatusUpdate.Kind.REVIEW]


class MeetingPack:
    """The pack for some plans as of `as_of`, compared with the end of `since`."""

    def __init__(
        self,
        *,
        plans,
        as_of: datetime.date,
        since: datetime.date,
        meeting: Meeting | None = None,
    ):
        self.plans = list(plans)
        self.as_of = as_of
        self.since = since
        self.meeting = meeting
        self.now_at = end_of(as_of)
        self.then_at = end_of(since)

    @classmethod
    def for_meeting(cls, meeting: Meeting, *, today: datetime.date) -> "MeetingPack":
        """A meeting's live pack: as of its date, or of today while the meeting is ahead."""
        return cls(
            plans=meeting.plans.all(),
            as_of=min(meeting.date, today),
            since=meeting.since,
            meeting=meeting,
        )

    def _activities(self):
        """The plans' activities on the as-of date: added to the tracker by then, or with status
        history from before then (an import may back-date a plan's history)."""
        return (
            Activity.objects.in_plans(self.plans)
            .select_related("theme", "plan")
            .with_owners()
            .prefetch_related("milestones")
            .annotate(
                status_now=status_at(self.now_at),
                status_then=status_at(self.then_at),
                last_update_as_of=status_at(self.now_at, "created_at"),
                **latest_commentary_annotations(before=self.now_at),
            )
            .filter(Q(created_at__lt=self.now_at) | Q(last_update_as_of__isnull=False))
        )

    def _history(self, model, *, until=None):
        rows = model.objects.filter(
            activity__in=Activity.objects.in_plans(self.plans).values("pk"),
            created_at__gte=self.then_at,
        )
        if until is not None:
            rows = rows.filter(created_at__lt=until)
        return rows.select_related("author", "import_run").order_by("created_at", "id")

    @cached_property
    def states(self) -> list[ActivityState]:
        """Every activity in the plans on the as-of date, in plan order."""
        updates, changes = defaultdict(list), defaultdict(list)
        for update in self._history(StatusUpdate, until=self.now_at):
            updates[update.activity_id].append(update)
        for change in self._history(ActivityChange):  # later ones too: milestones then and now
            changes[change.activity_id].append(change)
        return [self._state(a, updates[a.pk], changes[a.pk]) for a in self._activities()]

    def _state(self, activity, updates, changes) -> ActivityState:
        stored = list(activity.milestones.all())
        after_now = [c for c in changes if c.created_at >= self.now_at]
        status = activity.status_now or Status.NOT_STARTED  # no update yet: not started
        state = ActivityState(
            activity=activity,
            status=status,
            previous_status=None,
            missed=missed_milestone(
                status, milestones_on(stored, after_now, self.as_of), self.as_of
            ),
            previously_missed=None,
            updates=updates,
            changes=[c for c in changes if c.created_at < self.now_at],
        )
        if activity.created_at < self.then_at or activity.status_then:  # in the plan then
            previous = activity.status_then or Status.NOT_STARTED
            then = milestones_on(stored, changes, self.since)
            state.previous_status = previous
            state.previously_missed = missed_milestone(previous, then, self.since)
        return state

    @cached_property
    def notes(self) -> list[MeetingNote]:
        """The chair's notes and actions for this pack: those of the previous meeting, and any
        recorded since the comparison date (this meeting's own are its next pack's)."""
        previous = self.meeting.previous_id if self.meeting else None
        notes = MeetingNote.objects.filter(
            Q(meeting_id=previous) | Q(created_at__gte=start_of(self.since)),
            activity__in=Activity.objects.in_plans(self.plans).values("pk"),
            created_at__lt=self.now_at,
        )
        if self.meeting is not None:
            notes = notes.exclude(meeting=self.meeting)
        return list(notes.select_related("author", "meeting", "activity__plan"))

    def due_update(self) -> list[dict]:
        """For each plan's reporting period holding the meeting's date: how many activities are
        still due an update (activities/cycles/due.py, the rule of "who has not updated")."""
        day = self.meeting.date if self.meeting else self.as_of
        rows = due_counts(self.plans, day)
        return sections.due_update(rows, self.as_of)

    def content(self) -> dict:
        """The whole pack as JSON-ready data (dates as ISO text)."""
        return {
            "meeting": sections.meeting_part(self.meeting, self.plans),
            "as_of": self.as_of.isoformat(),
            "since": self.since.isoformat(),
            "summary": {
                **sections.summary(self.states, self.as_of),
                "due_update": self.due_update(),
            },
            "exceptions": sections.exceptions(self.states, self.as_of),
            "changes": sections.changes(self.states),
            "no_update_since": sections.no_update_since(self.states),
            "notes": sections.notes(self.notes),
        }
