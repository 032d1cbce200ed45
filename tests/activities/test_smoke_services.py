import datetime

import pytest

from activities import services
from activities.models import Status
from activities.timescales import MilestoneSpec
from tests.factories import make_activity, make_role


@pytest.mark.django_db
def test_status_update_becomes_current_status_and_completes_milestone(editor, fixed_today):
    activity = make_activity(
        milestones=[
            MilestoneSpec("March 2023", datetime.date(2023, 3, 31)),
            MilestoneSpec("March 2024", datetime.date(2024, 3, 31)),
        ]
    )
    assert activity.next_due == datetime.date(2023, 3, 31)
    assert activity.is_overdue(fixed_today)
    first = activity.milestones.get(position=0)
    services.status_update_create(
        activity=activity, status=Status.ON_TRACK, commentary="Done", author=editor, milestone=first
    )
    activity.refresh_from_db()
    assert activity.current_status == Status.ON_TRACK
    assert activity.next_due == datetime.date(2024, 3, 31)
    assert not activity.is_overdue(fixed_today)
    assert activity.version == 2


@pytest.mark.django_db
def test_update_with_stale_version_is_refused_and_writes_nothing(editor):
    activity = make_activity(text="Old text")
    fields = services.ActivityFields(
        theme=activity.theme,
        text="New text",
        timescale_label="",
        ongoing=False,
        owners=activity.owner_roles(),
        milestones=[],
    )
    services.activity_update(activity=activity, fields=fields, expected_version=1, author=editor)
    second = services.ActivityFields(
        theme=activity.theme,
        text="Other text",
        timescale_label="",
        ongoing=False,
        owners=[make_role("Someone")],
        milestones=[],
    )
    with pytest.raises(services.ConcurrentChangeError) as refused:
        services.activity_update(
            activity=activity, fields=second, expected_version=1, author=editor
        )
    assert [c.changes["text"]["new"] for c in refused.value.changes] == ["New text"]
    activity.refresh_from_db()
    assert activity.text == "New text"
    assert [r.title for r in activity.owner_roles()] != ["Someone"]
