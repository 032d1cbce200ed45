"""What "overdue" means: a milestone's due date has passed, it is not complete, and the work is still open."""

import datetime

import pytest

from activities import services
from activities.models import Activity, Status
from activities.timescales import MilestoneSpec
from tests.factories import make_activity

pytestmark = pytest.mark.django_db

LAST_MONTH = datetime.date(2023, 12, 31)
NEXT_MONTH = datetime.date(2024, 2, 29)


def overdue_references(today):
    return set(Activity.objects.overdue(today).values_list("reference", flat=True))


def test_overdue_when_a_milestone_due_date_has_passed_and_it_is_not_complete(fixed_today):
    activity = make_activity(reference="1.1", due=LAST_MONTH)

    assert activity.is_overdue(fixed_today)
    assert overdue_references(fixed_today) == {"1.1"}


def test_not_overdue_when_the_past_milestone_is_complete(fixed_today):
    make_activity(
        reference="1.1",
        milestones=[MilestoneSpec("December 2023", LAST_MONTH, completed=True)],
    )

    assert overdue_references(fixed_today) == set()


def test_not_overdue_once_the_past_milestone_is_marked_complete_by_a_status_update(
    editor, fixed_today
):
    activity = make_activity(
        milestones=[
            MilestoneSpec("December 2023", LAST_MONTH),
            MilestoneSpec("February 2024", NEXT_MONTH),
        ]
    )
    services.status_update_create(
        activity=activity,
        status=Status.ON_TRACK,
        milestone=activity.milestones.get(position=0),
        author=editor,
    )

    activity.refresh_from_db()
    assert not activity.is_overdue(fixed_today)
    assert overdue_references(fixed_today) == set()


def test_overdue_when_a_later_milestone_is_complete_but_an_earlier_one_is_not(fixed_today):
    make_activity(
        reference="1.1",
        milestones=[
            MilestoneSpec("December 2023", LAST_MONTH),
            MilestoneSpec("February 2024", NEXT_MONTH, completed=True),
        ],
    )

    assert overdue_references(fixed_today) == {"1.1"}


def test_not_overdue_on_its_due_date(fixed_today):
    activity = make_activity(due=fixed_today)

    assert not activity.is_overdue(fixed_today)
    assert overdue_references(fixed_today) == set()


def test_not_overdue_before_its_due_date(fixed_today):
    activity = make_activity(due=NEXT_MONTH)

    assert not activity.is_overdue(fixed_today)
    assert overdue_references(fixed_today) == set()


@pytest.mark.parametrize("closing_status", [Status.COMPLETE, Status.WITHDRAWN])
def test_overdue_excludes_complete_and_withdrawn(editor, fixed_today, closing_status):
    activity = make_activity(due=LAST_MONTH)
    services.status_update_create(
        activity=activity, status=closing_status, commentary="Closed", author=editor
    )

    activity.refresh_from_db()
    assert not activity.is_overdue(fixed_today)
    assert overdue_references(fixed_today) == set()


def test_at_risk_and_off_track_work_can_still_be_overdue(editor, fixed_today):
    at_risk = make_activity(reference="1.1", due=LAST_MONTH)
    off_track = make_activity(reference="1.2", due=LAST_MONTH)
    for activity, status in ((at_risk, Status.AT_RISK), (off_track, Status.OFF_TRACK)):
        services.status_update_create(
            activity=activity, status=status, commentary="Delayed", author=editor
        )

    assert overdue_references(fixed_today) == {"1.1", "1.2"}


def test_ongoing_work_without_a_due_date_is_never_overdue(fixed_today):
    activity = make_activity(ongoing=True)

    assert activity.milestones.get().due is None
    assert not activity.is_overdue(fixed_today + datetime.timedelta(days=3650))
    assert overdue_references(fixed_today + datetime.timedelta(days=3650)) == set()


def test_is_overdue_agrees_with_the_overdue_query_on_a_mixed_set(editor, fixed_today):
    make_activity(reference="1.1", due=LAST_MONTH)
    make_activity(reference="1.2", due=NEXT_MONTH)
    make_activity(reference="1.3", ongoing=True)
    make_activity(reference="1.4", milestones=[])
    make_activity(
        reference="1.5", milestones=[MilestoneSpec("December 2023", LAST_MONTH, completed=True)]
    )
    make_activity(
        reference="1.6",
        milestones=[
            MilestoneSpec("June 2023", datetime.date(2023, 6, 30), completed=True),
            MilestoneSpec("December 2023", LAST_MONTH),
        ],
    )
    for reference, status in (("1.7", Status.COMPLETE), ("1.8", Status.WITHDRAWN)):
        closed = make_activity(reference=reference, due=LAST_MONTH)
        services.status_update_create(
            activity=closed, status=status, commentary="Closed", author=editor
        )
    at_risk = make_activity(reference="1.9", due=LAST_MONTH)
    services.status_update_create(
        activity=at_risk, status=Status.AT_RISK, commentary="Late", author=editor
    )

    by_method = {a.reference for a in Activity.objects.all() if a.is_overdue(fixed_today)}
    assert by_method == overdue_references(fixed_today) == {"1.1", "1.6", "1.9"}
