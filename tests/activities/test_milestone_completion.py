"""Milestones and status meet: a completion date the editor gives, checked on the server, and an
offer to mark the activity complete once its last milestone is."""

import datetime

import pytest

from django.core.exceptions import ValidationError

from activities import services
from activities.models import Activity, Milestone, Status
from activities.timescales import MilestoneSpec
from tests.activities.test_edit_activity import form_data
from tests.factories import TEST_PLAN_URL, make_activity

pytestmark = pytest.mark.django_db

JANUARY_2024 = MilestoneSpec("January 2024", datetime.date(2024, 1, 31))
MARCH_2024 = MilestoneSpec("March 2024", datetime.date(2024, 3, 31))
OFFER = "Mark the activity complete"


def post_update(client, activity, milestone, **fields):
    data = {"kind": "status", "update-status": "on_track", "update-milestone": str(milestone.pk)}
    data.update({f"update-{name}": value for name, value in fields.items()})
    return client.post(f"{TEST_PLAN_URL}/activities/{activity.reference}/updates/", data)


def test_editor_gives_the_date_a_milestone_was_completed(client, editor, fixed_today):
    activity = make_activity(milestones=[JANUARY_2024])
    client.force_login(editor)

    response = post_update(client, activity, activity.milestones.get(), completed_on="2024-01-10")

    assert response.status_code == 302
    assert Milestone.objects.get().completed_on == datetime.date(2024, 1, 10)


def test_completion_date_defaults_to_today(client, editor, fixed_today):
    activity = make_activity(milestones=[JANUARY_2024])
    client.force_login(editor)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert 'name="update-completed_on" value="2024-01-15"' in html

    post_update(client, activity, activity.milestones.get())

    assert Milestone.objects.get().completed_on == fixed_today


@pytest.mark.parametrize(
    "day, message",
    [
        ("2024-01-16", "The completion date must be today or in the past."),
        ("1999-01-01", "The completion date must be on or after 15 January 2019."),
    ],
)
def test_a_future_or_absurdly_old_completion_date_is_refused(
    client, editor, fixed_today, day, message
):
    activity = make_activity(milestones=[JANUARY_2024])
    client.force_login(editor)

    response = post_update(client, activity, activity.milestones.get(), completed_on=day)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Milestone.objects.get().completed
    assert not activity.status_updates.exists()


def test_the_service_refuses_a_completion_date_whichever_door_calls_it(editor, fixed_today):
    activity = make_activity(milestones=[JANUARY_2024])
    with pytest.raises(ValidationError) as refused:
        services.status_update_create(
            activity=activity,
            status=Status.ON_TRACK,
            milestone=activity.milestones.get(),
            completed_on=datetime.date(1999, 1, 1),
            author=editor,
        )
    assert "completed_on" in refused.value.message_dict


def test_edit_form_cannot_backdate_a_completion_to_1999(client, editor, fixed_today):
    activity = make_activity(milestones=[JANUARY_2024])
    client.force_login(editor)
    data = form_data(
        activity,
        **{
            "milestones-INITIAL_FORMS": "1",
            "milestones-0-label": "January 2024",
            "milestones-0-due": "2024-01-31",
            "milestones-0-complete": "on",
            "milestones-0-completed_on": "1999-01-01",
        },
    )

    html = client.post(
        f"{TEST_PLAN_URL}/activities/{activity.reference}/edit/", data
    ).content.decode()

    assert "The completion date must be on or after" in html
    assert not Milestone.objects.get().completed


def test_completing_the_last_open_milestone_offers_to_mark_the_activity_complete(
    client, editor, fixed_today
):
    activity = make_activity(milestones=[JANUARY_2024])
    client.force_login(editor)
    assert OFFER not in client.get(activity.get_absolute_url()).content.decode()

    post_update(client, activity, activity.milestones.get())
    page = client.get(activity.get_absolute_url()).content.decode()

    assert "Every milestone is complete" in page and OFFER in page
    assert Activity.objects.get().current_status == Status.ON_TRACK


def test_accepting_the_offer_marks_the_activity_complete_and_the_offer_goes(
    client, editor, fixed_today
):
    activity = make_activity(milestones=[JANUARY_2024])
    client.force_login(editor)
    post_update(client, activity, activity.milestones.get())

    response = client.post(
        f"{TEST_PLAN_URL}/activities/{activity.reference}/updates/",
        {"kind": "status", "update-status": "complete"},
    )

    assert response.status_code == 302
    assert Activity.objects.get().current_status == Status.COMPLETE
    assert OFFER not in client.get(activity.get_absolute_url()).content.decode()


def test_no_offer_while_a_milestone_is_still_open(client, editor, fixed_today):
    activity = make_activity(milestones=[JANUARY_2024, MARCH_2024])
    client.force_login(editor)

    post_update(client, activity, activity.milestones.get(position=0))

    assert OFFER not in client.get(activity.get_absolute_url()).content.decode()
