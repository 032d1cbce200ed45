"""The benchmark's plan is written through the services' bulk writers, so its rows are the app's."""

import pytest

from activities.benchmark.data import PlanBuilder, copies_disagree
from activities.models import Activity, ActivityChange, StatusUpdate
from activities.services import activity_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def built_plan():
    builder = PlanBuilder(seed=11)
    _, authors = builder.people()
    builder.vocabulary()
    builder.add(activities=40, updates=300, authors=authors)


def test_built_plan_records_each_creation_as_the_services_do(built_plan):
    for activity in Activity.objects.prefetch_related("activity_owners__role", "milestones"):
        created = ActivityChange.objects.get(activity=activity)
        snapshot = activity_snapshot(activity)
        assert created.changes == {
            key: {"old": None, "new": value} for key, value in snapshot.items()
        }


def test_built_plan_review_comments_repeat_the_status_before_them(built_plan):
    reviews = StatusUpdate.objects.filter(kind=StatusUpdate.Kind.REVIEW)
    assert reviews.exists()
    for review in reviews:
        before = (
            StatusUpdate.objects.filter(
                activity=review.activity_id,
                kind=StatusUpdate.Kind.STATUS,
                created_at__lt=review.created_at,
            )
            .order_by("-created_at", "-id")
            .first()
        )
        assert review.status == (before.status if before else "not_started")


def test_built_plan_copies_follow_status_updates_not_review_comments(built_plan):
    assert copies_disagree() == 0
