"""The dashboard's latest updates, searched only from the Nth most recently updated activity's
time, are exactly the plan's newest updates (review comments included) sorted over its history."""

import datetime

import pytest

from activities import clock, services
from activities.benchmark.data import PlanBuilder
from activities.dashboard import Dashboard
from activities.models import Plan, Status, StatusUpdate
from tests.factories import make_activity

pytestmark = pytest.mark.django_db


def newest(plan: Plan, count: int) -> list[int]:
    """The rule itself: every update of the plan, newest first."""
    updates = StatusUpdate.objects.filter(activity__plan=plan).order_by("-created_at", "-id")
    return list(updates.values_list("pk", flat=True)[:count])


def latest(plan: Plan, count: int = 10) -> list[int]:
    board = Dashboard(plan=plan, today=clock.today(), now=clock.now(), latest=count)
    return [update.pk for update in board.latest_updates()]


def test_latest_updates_are_the_newest_of_each_plan_of_a_portfolio():
    builder = PlanBuilder(seed=3)
    _, authors = builder.people()
    builder.vocabulary()
    builder.add(activities=60, updates=900, authors=authors)  # reviews among them
    other = builder.plan("other")
    builder.add(activities=40, updates=500, authors=authors, plan=other)
    for plan in Plan.objects.all():
        for count in (1, 10, 25):
            assert latest(plan, count) == newest(plan, count)


def test_review_comments_after_every_status_update_are_the_latest(editor):
    activity = make_activity()
    at = clock.now() - datetime.timedelta(days=30)
    services.status_update_create(activity=activity, status=Status.ON_TRACK, author=editor, at=at)
    for day in range(1, 13):  # twelve review comments, newer than any status update
        services.status_update_create(
            activity=activity,
            status=Status.ON_TRACK,
            commentary=f"Reviewed on day {day}.",
            author=editor,
            kind=StatusUpdate.Kind.REVIEW,
            at=at + datetime.timedelta(days=day),
        )
    assert latest(activity.plan) == newest(activity.plan, 10)
    assert len(latest(activity.plan)) == 10


def test_a_plan_without_updates_has_no_latest_updates():
    activity = make_activity()
    assert latest(activity.plan) == []
