"""Writing meetings: creating one, the chair's notes and actions, and issuing (freezing) its pack."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from activities import clock
from activities.models import MAX_TEXT_LENGTH, Activity, IssuedPack, Meeting, MeetingNote, Plan
from activities.services.fields import text_too_long


def _validate_comparison(date, previous: Meeting | None, compare_from, plans) -> None:
    if previous is None and compare_from is None:
        raise ValidationError(
            {
                "compare_from": "Choose the previous meeting, or the date this first meeting "
                "compares with."
            }  # fmt: skip
        )
    if previous is not None and previous.date >= date:
        raise ValidationError(
            {"previous": f"The previous meeting must be before this one; “{previous}” is not."}
        )
    if compare_from is not None and compare_from >= date:
        raise ValidationError(
            {"compare_from": "The date to compare with must be before the meeting."}
        )
    if previous is not None and not set(previous.plans.all()) & set(plans):
        raise ValidationError({"previous": "The previous meeting must review one of these plans."})


@transaction.atomic
def meeting_create(
    *,
    title: str,
    date: datetime.date,
    chair: str,
    plans: Sequence[Plan],
    author,
    previous: Meeting | None = None,
    compare_from: datetime.date | None = None,
) -> Meeting:
    """A meeting of one or more plans; the first of a series compares with `compare_from`."""
    if not plans:
        raise ValidationError({"plans": "Choose the plan or plans the meeting reviews."})
    _validate_comparison(date, previous, None if previous else compare_from, plans)
    meeting = Meeting(
        title=title.strip(),
        date=date,
        chair=chair.strip(),
        previous=previous,
        compare_from=None if previous else compare_from,
        created_by=author,
        created_at=clock.now(),
    )
    meeting.full_clean()
    meeting.save()
    meeting.plans.set(plans)
    return meeting


@transaction.atomic
def meeting_note_create(
    *, meeting: Meeting, activity: Activity, kind: str, text: str, author
) -> MeetingNote:
    """The chair's note or action against an activity the meeting reviews."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the note or action."})
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError({"text": text_too_long("The note", len(text))})
    if not meeting.plans.filter(pk=activity.plan_id).exists():
        raise ValidationError({"activity": "That activity is not in a plan this meeting reviews."})
    note = MeetingNote(
        meeting=meeting, activity=activity, kind=kind, text=text, author=author,
        created_at=clock.now(),
    )  # fmt: skip
    note.full_clean()
    note.save()
    return note


def pack_issue(*, meeting: Meeting, author) -> IssuedPack:
    """Freeze the meeting's pack as it is now: what the board saw, kept however the plan moves on.
    A pack is issued once; a second attempt (say, two chairs at once) is refused."""
    from activities.meetings.pack import MeetingPack  # the builder reads models, as services do

    content = MeetingPack.for_meeting(meeting, today=clock.today()).content()
    try:
        with transaction.atomic():
            return IssuedPack.objects.create(
                meeting=meeting, content=content, issued_by=author, issued_at=clock.now()
            )
    except IntegrityError:
        raise ValidationError("This meeting’s pack has already been issued.") from None
