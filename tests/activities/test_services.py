"""The services' rules: status update validation, versions and lost updates, history rows, constraints."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from activities import services
from activities.models import (
    Activity,
    ActivityChange,
    ActivityOwner,
    Milestone,
    Status,
    StatusUpdate,
)
from activities.timescales import MilestoneSpec
from tests.factories import make_activity, make_role, make_theme

pytestmark = pytest.mark.django_db

MARCH_2023 = MilestoneSpec("March 2023", datetime.date(2023, 3, 31))
MARCH_2024 = MilestoneSpec("March 2024", datetime.date(2024, 3, 31))


def fields_of(activity, **overrides):
    """The activity's current fields, with some replaced: what an edit form would submit."""
    values = {
        "theme": activity.theme,
        "text": activity.text,
        "timescale_label": activity.timescale_label,
        "ongoing": activity.ongoing,
        "owners": activity.owner_roles(),
        "milestones": [
            MilestoneSpec(m.label, m.due, m.completed, m.completed_on)
            for m in activity.milestones.order_by("position")
        ],
    }
    return services.ActivityFields(**{**values, **overrides})


# Status updates


@pytest.mark.parametrize("status", [Status.AT_RISK, Status.OFF_TRACK, Status.WITHDRAWN])
def test_status_that_signals_a_problem_needs_commentary(editor, status):
    activity = make_activity()

    with pytest.raises(ValidationError) as refused:
        services.status_update_create(
            activity=activity, status=status, commentary="  ", author=editor
        )

    assert "commentary" in refused.value.message_dict
    activity.refresh_from_db()
    assert activity.current_status == Status.NOT_STARTED
    assert not StatusUpdate.objects.exists()


@pytest.mark.parametrize("status", [Status.ON_TRACK, Status.COMPLETE, Status.NOT_STARTED])
def test_other_statuses_may_be_posted_without_commentary(editor, status):
    activity = make_activity()

    services.status_update_create(activity=activity, status=status, author=editor)

    activity.refresh_from_db()
    assert activity.current_status == status


def test_status_that_is_not_in_the_vocabulary_is_refused(editor):
    activity = make_activity()

    with pytest.raises(ValidationError):
        services.status_update_create(activity=activity, status="green", author=editor)

    assert not StatusUpdate.objects.exists()


def test_review_comment_keeps_the_current_status(editor, reviewer):
    activity = make_activity()
    services.status_update_create(
        activity=activity, status=Status.AT_RISK, commentary="Budget", author=editor
    )

    comment = services.status_update_create(
        activity=activity,
        kind=StatusUpdate.Kind.REVIEW,
        status=Status.COMPLETE,  # ignored: a reviewer cannot change the status
        commentary="Please give a recovery date.",
        author=reviewer,
    )

    activity.refresh_from_db()
    assert comment.status == Status.AT_RISK
    assert comment.kind == StatusUpdate.Kind.REVIEW
    assert activity.current_status == Status.AT_RISK


def test_review_comment_needs_text(reviewer):
    activity = make_activity()

    with pytest.raises(ValidationError) as refused:
        services.status_update_create(
            activity=activity, kind=StatusUpdate.Kind.REVIEW, status="", author=reviewer
        )

    assert "commentary" in refused.value.message_dict
    assert not StatusUpdate.objects.exists()


def test_milestone_from_another_activity_is_refused(editor):
    activity = make_activity(milestones=[MARCH_2024])
    other = make_activity(milestones=[MARCH_2024])

    with pytest.raises(ValidationError) as refused:
        services.status_update_create(
            activity=activity,
            status=Status.ON_TRACK,
            milestone=other.milestones.get(),
            author=editor,
        )

    assert "milestone" in refused.value.message_dict
    assert not Milestone.objects.filter(completed=True).exists()
    assert not StatusUpdate.objects.exists()


def test_completing_a_milestone_bumps_the_version_and_records_the_change(editor, fixed_today):
    activity = make_activity(milestones=[MARCH_2023, MARCH_2024])

    services.status_update_create(
        activity=activity,
        status=Status.ON_TRACK,
        milestone=activity.milestones.get(position=0),
        author=editor,
    )

    activity.refresh_from_db()
    milestone = activity.milestones.get(position=0)
    assert (milestone.completed, milestone.completed_on) == (True, fixed_today)
    assert activity.version == 2
    assert activity.next_due == MARCH_2024.due
    change = activity.changes.get(action=ActivityChange.Action.UPDATED)
    assert (change.version, change.author) == (2, editor)
    assert "milestones" in change.changes


# Versions, lost updates and history


def test_update_bumps_the_version_and_records_old_and_new_values(editor, fixed_today):
    old_owner, new_owner = make_role("Head of Communications"), make_role("ACC Local Policing")
    activity = make_activity(text="Old text", owners=[old_owner], milestones=[MARCH_2024])

    change = services.activity_update(
        activity=activity,
        fields=fields_of(activity, text="New text", owners=[new_owner, old_owner]),
        expected_version=1,
        author=editor,
    )

    activity.refresh_from_db()
    assert activity.version == 2
    assert change.version == 2
    assert change.author == editor
    assert change.action == ActivityChange.Action.UPDATED
    assert change.changes == {
        "text": {"old": "Old text", "new": "New text"},
        "owners": {
            "old": ["Head of Communications"],
            "new": ["ACC Local Policing", "Head of Communications"],
        },
    }
    assert [role.title for role in activity.owner_roles()] == [
        "ACC Local Policing",
        "Head of Communications",
    ]


def test_milestone_changes_are_recorded_and_refresh_next_due(editor):
    activity = make_activity(milestones=[MARCH_2024])

    change = services.activity_update(
        activity=activity,
        fields=fields_of(activity, milestones=[MARCH_2023, MARCH_2024]),
        expected_version=1,
        author=editor,
    )

    activity.refresh_from_db()
    assert activity.next_due == MARCH_2023.due
    assert change.changes["milestones"] == {
        "old": ["March 2024 (due 2024-03-31)"],
        "new": ["March 2023 (due 2023-03-31)", "March 2024 (due 2024-03-31)"],
    }


def test_create_records_a_history_row_with_author_and_new_values(editor):
    role = make_role("ACC Local Policing")
    theme = make_theme("Neighbourhood policing")

    activity = make_activity(
        reference="1.4",
        theme=theme,
        text="We will hold surgeries.",
        owners=[role],
        milestones=[MARCH_2024],
        author=editor,
    )

    change = activity.changes.get()
    assert (change.action, change.version, change.author) == (
        ActivityChange.Action.CREATED,
        1,
        editor,
    )
    assert change.changes["text"] == {"old": None, "new": "We will hold surgeries."}
    assert change.changes["theme"] == {"old": None, "new": "Neighbourhood policing"}
    assert change.changes["owners"] == {"old": None, "new": ["ACC Local Policing"]}


def test_unchanged_update_writes_nothing(editor):
    activity = make_activity(milestones=[MARCH_2024])
    before = Activity.objects.values().get(pk=activity.pk)

    result = services.activity_update(
        activity=activity, fields=fields_of(activity), expected_version=1, author=editor
    )

    assert result is None
    assert Activity.objects.values().get(pk=activity.pk) == before
    assert activity.changes.count() == 1  # only "created"


def test_stale_version_is_refused_with_the_changes_made_since(editor, reviewer):
    activity = make_activity(text="First")
    services.activity_update(
        activity=activity,
        fields=fields_of(activity, text="Second"),
        expected_version=1,
        author=editor,
    )
    services.activity_update(
        activity=activity,
        fields=fields_of(activity, text="Third"),
        expected_version=2,
        author=reviewer,
    )
    stale_copy = Activity.objects.get(pk=activity.pk)

    with pytest.raises(services.ConcurrentChangeError) as refused:
        services.activity_update(
            activity=stale_copy,
            fields=fields_of(stale_copy, text="Mine"),
            expected_version=1,
            author=editor,
        )

    assert [(c.version, c.author, c.changes["text"]["new"]) for c in refused.value.changes] == [
        (2, editor, "Second"),
        (3, reviewer, "Third"),
    ]
    activity.refresh_from_db()
    assert (activity.text, activity.version) == ("Third", 3)
    assert activity.changes.count() == 3


def test_stale_version_is_refused_even_when_the_submitted_fields_are_unchanged(editor):
    activity = make_activity(text="First")
    services.activity_update(
        activity=activity,
        fields=fields_of(activity, text="Second"),
        expected_version=1,
        author=editor,
    )

    with pytest.raises(services.ConcurrentChangeError):
        services.activity_update(
            activity=activity, fields=fields_of(activity), expected_version=1, author=editor
        )


def test_duplicate_owner_is_refused_by_the_service(editor):
    role = make_role()
    activity = make_activity(owners=[role])

    with pytest.raises(ValidationError):
        services.activity_update(
            activity=activity,
            fields=fields_of(activity, owners=[role, role]),
            expected_version=1,
            author=editor,
        )


def test_blank_text_is_refused_by_the_service(editor):
    activity = make_activity()

    with pytest.raises(ValidationError):
        services.activity_update(
            activity=activity, fields=fields_of(activity, text="   "), expected_version=1
        )


# Database constraints: the last line of defence, whatever writes the row.


def test_database_refuses_a_duplicate_reference():
    activity = make_activity(reference="1.4")

    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(theme=activity.theme, reference="1.4", text="Another")


def test_database_refuses_a_blank_reference():
    theme = make_theme()

    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(theme=theme, reference="", text="No reference")


def test_database_refuses_an_invalid_current_status():
    activity = make_activity()

    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(current_status="green")


def test_database_refuses_an_invalid_status_update_status(editor):
    activity = make_activity()
    update = services.status_update_create(activity=activity, status=Status.ON_TRACK, author=editor)

    with pytest.raises(IntegrityError), transaction.atomic():
        StatusUpdate.objects.filter(pk=update.pk).update(status="green")


def test_database_refuses_the_same_owner_twice_on_an_activity():
    role = make_role()
    activity = make_activity(owners=[role])

    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityOwner.objects.create(activity=activity, role=role, position=1)


def test_database_refuses_a_completion_date_on_an_incomplete_milestone():
    activity = make_activity(milestones=[MARCH_2024])

    with pytest.raises(IntegrityError), transaction.atomic():
        activity.milestones.update(completed_on=datetime.date(2024, 1, 1))


def test_review_comment_changes_neither_copy_so_it_does_not_make_the_activity_fresh(
    editor, reviewer
):
    activity = make_activity()
    at = timezone.make_aware(datetime.datetime(2023, 6, 1, 10, 0))
    services.status_update_create(
        activity=activity, status=Status.AT_RISK, commentary="Budget", author=editor, at=at
    )

    services.status_update_create(
        activity=activity,
        kind=StatusUpdate.Kind.REVIEW,
        status="",
        commentary="Any news?",
        author=reviewer,
        at=at + datetime.timedelta(days=60),
    )

    activity.refresh_from_db()
    assert (activity.current_status, activity.last_update_at) == (Status.AT_RISK, at)


def test_completing_a_completed_milestone_is_refused_whole_and_says_who_did(editor):
    activity = make_activity(milestones=[MARCH_2024])
    seen_open = activity.milestones.get()  # read before the first update completed it
    services.status_update_create(
        activity=activity,
        status=Status.ON_TRACK,
        milestone=activity.milestones.get(),
        author=editor,
    )

    with pytest.raises(ValidationError) as refused:
        services.status_update_create(
            activity=activity, status=Status.AT_RISK, commentary="Late", milestone=seen_open
        )

    assert refused.value.message_dict["milestone"][0].startswith(
        "“March 2024” was already completed by Erin Editor at "
    )
    activity.refresh_from_db()
    assert StatusUpdate.objects.filter(activity=activity).count() == 1
    assert activity.current_status == Status.ON_TRACK
    assert ActivityChange.objects.filter(activity=activity, action="updated").count() == 1


def test_a_milestone_marked_complete_by_an_edit_is_refused_with_its_date():
    activity = make_activity(
        milestones=[
            MilestoneSpec(
                "March 2023", datetime.date(2023, 3, 31), True, datetime.date(2023, 3, 20)
            )
        ]
    )

    with pytest.raises(ValidationError) as refused:
        services.status_update_create(
            activity=activity, status=Status.ON_TRACK, milestone=activity.milestones.get()
        )

    assert refused.value.message_dict["milestone"] == [
        "“March 2023” was already marked complete on 20 March 2023."
    ]


def test_bulk_status_updates_set_the_copies_from_the_newest_status_update(editor):
    first, second = make_activity(), make_activity()
    at = timezone.make_aware(datetime.datetime(2023, 6, 1, 10, 0))
    late = at + datetime.timedelta(days=3)

    written = services.status_updates_bulk_create(
        [
            services.NewStatusUpdate(
                first.pk, Status.OFF_TRACK, late, "Stalled", author_id=editor.pk
            ),
            services.NewStatusUpdate(first.pk, Status.ON_TRACK, at),  # older: not the current one
            services.NewStatusUpdate(
                first.pk, "", late + datetime.timedelta(days=1), "Why?", StatusUpdate.Kind.REVIEW
            ),
            services.NewStatusUpdate(second.pk, Status.COMPLETE, at),
        ]
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert written == 4
    assert (first.current_status, first.last_update_at) == (Status.OFF_TRACK, late)
    assert (second.current_status, second.last_update_at) == (Status.COMPLETE, at)
    review = StatusUpdate.objects.get(kind=StatusUpdate.Kind.REVIEW)
    assert review.status == Status.OFF_TRACK  # the status it saw


@pytest.mark.parametrize(
    ("status", "commentary", "kind", "field"),
    [
        ("green", "", StatusUpdate.Kind.STATUS, "status"),
        (Status.AT_RISK, " ", StatusUpdate.Kind.STATUS, "commentary"),
        ("", "", StatusUpdate.Kind.REVIEW, "commentary"),
    ],
)
def test_bulk_status_updates_refuse_what_one_update_refuses_and_write_nothing(
    status, commentary, kind, field
):
    activity = make_activity()
    at = timezone.make_aware(datetime.datetime(2023, 6, 1, 10, 0))
    good = services.NewStatusUpdate(activity.pk, Status.ON_TRACK, at)
    bad = services.NewStatusUpdate(activity.pk, status, at, commentary, kind)

    with pytest.raises(ValidationError) as refused:
        services.status_updates_bulk_create([good, bad])

    assert field in refused.value.message_dict
    assert not StatusUpdate.objects.exists()
