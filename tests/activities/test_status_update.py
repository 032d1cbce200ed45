import datetime

import pytest

from activities.models import Activity, Status, StatusUpdate
from activities.timescales import MilestoneSpec
from tests.factories import TEST_PLAN_URL, make_activity


def post(client, activity, data):
    return client.post(f"{TEST_PLAN_URL}/activities/{activity.reference}/updates/", data)


@pytest.mark.django_db
def test_update_redirects_and_becomes_current_status(client, editor):
    activity = make_activity()
    client.force_login(editor)
    response = post(
        client, activity, {"kind": "status", "update-status": "on_track", "update-milestone": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()
    activity.refresh_from_db()
    assert activity.current_status == Status.ON_TRACK
    assert StatusUpdate.objects.get().author == editor


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["at_risk", "off_track", "withdrawn"])
def test_missing_commentary_shows_error_summary_and_writes_nothing(client, editor, status):
    activity = make_activity()
    client.force_login(editor)
    response = post(
        client, activity, {"kind": "status", "update-status": status, "update-commentary": " "}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert 'href="#id_update-commentary"' in html
    assert "govuk-textarea--error" in html
    assert "<title>Error: " in html
    assert StatusUpdate.objects.count() == 0


@pytest.mark.django_db
def test_update_can_complete_a_milestone(client, editor, fixed_today):
    activity = make_activity(
        milestones=[
            MilestoneSpec("March 2023", datetime.date(2023, 3, 31)),
            MilestoneSpec("March 2024", datetime.date(2024, 3, 31)),
        ]
    )
    first = activity.milestones.get(position=0)
    client.force_login(editor)
    post(
        client,
        activity,
        {"kind": "status", "update-status": "on_track", "update-milestone": str(first.pk)},
    )
    first.refresh_from_db()
    activity.refresh_from_db()
    assert first.completed
    assert activity.next_due == datetime.date(2024, 3, 31)


@pytest.mark.django_db
def test_review_comment_keeps_status(client, reviewer, editor):
    activity = make_activity()
    client.force_login(reviewer)
    response = post(client, activity, {"kind": "review", "review-commentary": "Is this still on?"})
    assert response.status_code == 302
    update = StatusUpdate.objects.get()
    assert update.kind == StatusUpdate.Kind.REVIEW
    assert update.status == Status.NOT_STARTED
    assert Activity.objects.get().current_status == Status.NOT_STARTED
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "Review comment added." in html


@pytest.mark.django_db
def test_empty_review_comment_is_refused(client, reviewer):
    activity = make_activity()
    client.force_login(reviewer)
    response = post(client, activity, {"kind": "review", "review-commentary": ""})
    assert 'href="#id_review-commentary"' in response.content.decode()
    assert StatusUpdate.objects.count() == 0


@pytest.mark.django_db
def test_reviewer_cannot_post_status_update(client, reviewer):
    activity = make_activity()
    client.force_login(reviewer)
    response = post(client, activity, {"kind": "status", "update-status": "complete"})
    assert response.status_code == 403
    assert StatusUpdate.objects.count() == 0


@pytest.mark.django_db
def test_get_is_not_allowed(client, editor):
    activity = make_activity()
    client.force_login(editor)
    assert (
        client.get(f"{TEST_PLAN_URL}/activities/{activity.reference}/updates/").status_code == 405
    )


@pytest.mark.django_db
def test_completing_a_milestone_someone_completed_since_the_page_was_shown_is_refused(
    client, editor, administrator
):
    activity = make_activity(milestones=[MilestoneSpec("March 2024", datetime.date(2024, 3, 31))])
    milestone = activity.milestones.get()
    form = {"kind": "status", "update-status": "on_track", "update-milestone": str(milestone.pk)}
    client.force_login(administrator)
    post(client, activity, form)  # the other editor's page still offers the milestone
    client.force_login(editor)

    response = post(client, activity, form)

    html = response.content.decode()
    assert response.status_code == 200
    assert "was already completed by Ada Admin" in html
    assert 'href="#id_update-milestone' in html
    assert StatusUpdate.objects.count() == 1
