"""A review comment is shown as what it is: it never becomes "latest commentary", never rates the
activity, and never makes stale work look updated (issue 11, point 6)."""

import csv
import datetime
import io

import openpyxl
import pytest

from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.dashboard import Dashboard
from activities.models import Activity, Status, StatusUpdate
from activities.plan_workbook import PLAN_COLUMNS, export_plan
from activities.timeline import activity_timeline
from tests.factories import TEST_PLAN, make_activity, make_role, the_plan

pytestmark = pytest.mark.django_db

LATE = datetime.date(2023, 12, 31)
OWNER_SAYS = "Supplier went bust; re-tendering by March."
REVIEWER_SAYS = "Please bring the new supplier's name to the meeting."
NOW = timezone.make_aware(datetime.datetime(2024, 1, 15, 12, 0))


@pytest.fixture
def commented(editor, reviewer):
    """An overdue activity: the owner explained it 40 days ago, a reviewer commented since."""
    activity = make_activity(reference="1.1", owners=[make_role("ACC Local Policing")], due=LATE)
    services.status_update_create(
        activity=activity,
        status=Status.AT_RISK,
        commentary=OWNER_SAYS,
        author=editor,
        at=NOW - datetime.timedelta(days=40),
    )
    services.status_update_create(
        activity=activity,
        kind=StatusUpdate.Kind.REVIEW,
        status="",
        commentary=REVIEWER_SAYS,
        author=reviewer,
        at=NOW - datetime.timedelta(days=1),
    )
    activity.refresh_from_db()
    return activity


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_latest_commentary_is_the_owners_status_update_not_the_review_comment(commented):
    (activity,) = Activity.objects.with_latest_commentary()

    assert activity.latest_commentary == OWNER_SAYS
    assert activity.latest_commentary_at == NOW - datetime.timedelta(days=40)


def test_overdue_review_page_shows_the_owners_commentary_and_its_age(
    client, reviewer, commented, fixed_today
):
    client.force_login(reviewer)
    page = client.get(reverse("activities:overdue", args=[TEST_PLAN])).content.decode()

    assert OWNER_SAYS in page and "40 days ago" in page
    assert REVIEWER_SAYS not in page


def test_overdue_review_export_shows_the_owners_commentary(
    client, reviewer, commented, fixed_today
):
    client.force_login(reviewer)
    rows = csv_rows(client.get(reverse("activities:overdue", args=[TEST_PLAN]), {"_export": "csv"}))

    assert rows[1][8] == OWNER_SAYS
    assert rows[1][9] == "2023-12-06"


def test_activity_list_export_shows_the_owners_commentary(client, reviewer, commented):
    client.force_login(reviewer)
    rows = csv_rows(client.get(reverse("activities:list", args=[TEST_PLAN]), {"_export": "csv"}))

    assert rows[1][8] == OWNER_SAYS


def test_plan_export_latest_commentary_is_the_owners(commented):
    destination = io.BytesIO()
    export_plan(the_plan(), destination)
    sheet = openpyxl.load_workbook(io.BytesIO(destination.getvalue()))["Plan"]
    headers = [column.header for column in PLAN_COLUMNS]
    row = dict(zip(headers, next(sheet.iter_rows(min_row=2, values_only=True)), strict=True))

    assert row["Latest commentary"] == OWNER_SAYS
    assert row["Status"] == "At risk"


def test_history_labels_a_review_comment_without_a_status(client, reviewer, commented):
    entries = {entry.kind: entry for entry in activity_timeline(commented)}
    review, update = entries["review"], entries["status"]

    assert (review.kind, review.title, review.status) == ("review", "Review comment", "")
    assert (update.kind, update.status) == ("status", Status.AT_RISK)
    client.force_login(reviewer)
    page = client.get(commented.get_absolute_url()).content.decode()
    assert "Review comment</h3>" in page
    assert "Review comment: " not in page
    assert 'Status update: <strong class="govuk-tag govuk-tag--orange">At risk</strong>' in page


def test_a_review_comment_leaves_the_status_copies_as_the_owner_set_them(commented):
    assert commented.current_status == Status.AT_RISK
    assert commented.last_update_at == NOW - datetime.timedelta(days=40)


def test_a_review_comment_does_not_clear_stale(commented):
    assert list(Activity.objects.stale(NOW)) == [commented]
    board = Dashboard(plan=the_plan(), today=NOW.date(), now=NOW)
    (stale,) = [item for item in board.attention() if item.label == "Stale"]
    assert stale.count == 1


def test_a_review_comment_on_a_never_updated_activity_leaves_it_not_started(reviewer):
    activity = make_activity()
    services.status_update_create(
        activity=activity,
        kind=StatusUpdate.Kind.REVIEW,
        status="",
        commentary=REVIEWER_SAYS,
        author=reviewer,
    )

    activity.refresh_from_db()
    assert (activity.current_status, activity.last_update_at) == (Status.NOT_STARTED, None)


def test_activity_page_last_update_is_the_owners_status_update(client, reviewer, commented):
    client.force_login(reviewer)
    page = client.get(commented.get_absolute_url()).content.decode()

    owner_at = timezone.localtime(NOW - datetime.timedelta(days=40))
    assert f"{owner_at:%-d %B %Y}, {owner_at:%H:%M}</dd>" in page
