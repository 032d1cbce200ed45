"""What "stale" means: open work with no status update for settings.PLAN_STALE_DAYS days."""

import datetime

import pytest

from django.utils import timezone

from activities import services
from activities.models import Activity, Status
from tests.factories import make_activity

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2024, 1, 15, 12, 0))


def days_ago(days: float) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def stale_references(**kwargs):
    return set(Activity.objects.stale(NOW, **kwargs).values_list("reference", flat=True))


def updated(activity, *, at, status=Status.ON_TRACK, author=None):
    services.status_update_create(
        activity=activity, status=status, commentary="Progress", author=author, at=at
    )
    return activity


def test_stale_after_thirty_days_without_a_status_update(settings, editor):
    assert settings.PLAN_STALE_DAYS == 30
    updated(make_activity(reference="1.1"), at=days_ago(31), author=editor)

    assert stale_references() == {"1.1"}


def test_recently_updated_activity_is_not_stale(editor):
    updated(make_activity(reference="1.1"), at=days_ago(29), author=editor)

    assert stale_references() == set()


def test_only_the_newest_update_counts(editor):
    activity = updated(make_activity(reference="1.1"), at=days_ago(90), author=editor)
    updated(activity, at=days_ago(2), author=editor)

    assert stale_references() == set()


def test_never_updated_activity_is_stale_once_it_is_thirty_days_old():
    old = make_activity(reference="1.1")
    make_activity(reference="1.2")
    Activity.objects.filter(pk=old.pk).update(created_at=days_ago(31))
    Activity.objects.exclude(pk=old.pk).update(created_at=days_ago(1))

    assert stale_references() == {"1.1"}


@pytest.mark.parametrize("closing_status", [Status.COMPLETE, Status.WITHDRAWN])
def test_closed_activity_is_never_stale(editor, closing_status):
    updated(make_activity(), at=days_ago(400), status=closing_status, author=editor)

    assert stale_references() == set()


def test_stale_days_follow_the_setting(settings, editor):
    settings.PLAN_STALE_DAYS = 10
    updated(make_activity(reference="1.1"), at=days_ago(11), author=editor)
    updated(make_activity(reference="1.2"), at=days_ago(9), author=editor)

    assert stale_references() == {"1.1"}


def test_an_explicit_number_of_days_overrides_the_setting(editor):
    updated(make_activity(reference="1.1"), at=days_ago(8), author=editor)

    assert stale_references(days=7) == {"1.1"}
    assert stale_references() == set()
