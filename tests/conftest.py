"""Personas and shared fixtures. editor, reviewer, administrator, outsider: real users in real groups."""

import datetime

import pytest

from django.test import override_settings

from tests.factories import (
    GROUP_ADMINISTRATORS,
    GROUP_EDITORS,
    GROUP_REVIEWERS,
    default_plan,
    make_user,
)

FIXED_TODAY = datetime.date(2024, 1, 15)
# smtp_server: a real SMTP server on 127.0.0.1 (aiosmtpd) for the mail tests.
pytest_plugins = ["tests.mail_server"]


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Hash test passwords with MD5: PBKDF2 at Django's million iterations costs about a second per
    user on the build machine, and no test is about password strength. override_settings sends
    setting_changed, which clears Django's cached hasher list."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def test_plan(db):
    """The plan factory-made themes go into (/plans/test-plan/), for a test that opens the plan's
    pages before (or without) building anything in it."""
    return default_plan()


@pytest.fixture
def editor(db):
    """A communications manager: posts updates and edits activities."""
    return make_user("editor", groups=(GROUP_EDITORS,), first_name="Erin", last_name="Editor")


@pytest.fixture
def reviewer(db):
    """An ACC: reads everything, adds review comments, exports."""
    return make_user("reviewer", groups=(GROUP_REVIEWERS,), first_name="Rob", last_name="Reviewer")


@pytest.fixture
def administrator(db):
    """A plan administrator: everything, plus admin site, imports and accounts."""
    return make_user(
        "administrator", groups=(GROUP_ADMINISTRATORS,), first_name="Ada", last_name="Admin"
    )


@pytest.fixture
def outsider(db):
    """Signed in, but in no group."""
    return make_user("outsider")


@pytest.fixture
def fixed_today(monkeypatch):
    """Fix activities.clock to 15 January 2024, noon UK time."""
    from django.utils import timezone

    from activities import clock

    moment = timezone.make_aware(datetime.datetime.combine(FIXED_TODAY, datetime.time(12, 0)))
    monkeypatch.setattr(clock, "now", lambda: moment)
    return FIXED_TODAY


@pytest.fixture(autouse=True)
def previews_in_the_request(settings):
    """Tests read import previews in the request unless they ask for the worker
    (tests/activities/importing/test_preview_worker.py)."""
    settings.PLAN_IMPORT_IN_WORKER = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
