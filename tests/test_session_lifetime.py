"""Sessions end after an idle timeout (8 hours by default) and after an absolute maximum."""

import time

import pytest

from django.contrib.sessions.models import Session
from django.test import override_settings

from engagement_plan.middleware import LAST_RENEWED_AT, SIGNED_IN_AT
from tests.factories import TEST_PLAN_URL
from tests.test_security_headers import settings_under


def stored_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_idle_timeout_is_eight_hours_by_default_and_settable():
    assert settings_under({})["SESSION_COOKIE_AGE"] == 8 * 60 * 60
    assert settings_under({"SESSION_IDLE_TIMEOUT": "900"})["SESSION_COOKIE_AGE"] == 900


def test_absolute_maximum_is_settable():
    assert settings_under({})["SESSION_ABSOLUTE_TIMEOUT"] == 12 * 60 * 60
    assert settings_under({"SESSION_ABSOLUTE_TIMEOUT": "3600"})["SESSION_ABSOLUTE_TIMEOUT"] == 3600


@pytest.mark.django_db
@override_settings(SESSION_COOKIE_AGE=2)
def test_idle_session_is_signed_out(client, editor):
    client.force_login(editor)
    assert client.get("/").status_code == 200

    time.sleep(2.5)

    assert client.get("/").status_code == 302


@pytest.mark.django_db
@override_settings(SESSION_COOKIE_AGE=2)
def test_working_session_is_kept_alive_past_the_idle_timeout(client, editor):
    client.force_login(editor)
    for _ in range(5):  # 5 seconds of work, never 2 seconds idle
        assert client.get("/").status_code == 200
        time.sleep(1)


@pytest.mark.django_db
def test_session_is_renewed_at_most_once_a_minute(client, editor):
    client.force_login(editor)
    client.get("/")
    first = stored_expiry(client)

    client.get("/")
    assert stored_expiry(client) == first  # a page a second later costs no session write

    session = client.session
    session[LAST_RENEWED_AT] -= 61
    session.save()
    client.get("/")
    assert stored_expiry(client) > first


@pytest.mark.django_db
def test_session_ends_at_the_absolute_maximum_however_busy(client, editor):
    client.force_login(editor)
    client.get("/")
    session = client.session
    session[SIGNED_IN_AT] -= 12 * 60 * 60 + 1
    session.save()

    response = client.get(TEST_PLAN_URL + "/activities/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/plans/test-plan/activities/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signing_in_again_after_the_absolute_maximum_starts_a_new_session(client, editor):
    client.force_login(editor)
    client.get("/")
    session = client.session
    session[SIGNED_IN_AT] -= 12 * 60 * 60 + 1
    session.save()
    client.get("/")

    client.post(
        "/accounts/login/",
        {"username": "editor", "password": "correct horse battery"},
        REMOTE_ADDR="10.0.0.1",
    )

    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_signing_in_again_restarts_the_absolute_maximum(client, editor):
    credentials = {"username": "editor", "password": "correct horse battery"}
    client.post("/accounts/login/", credentials, REMOTE_ADDR="10.0.0.1")
    session = client.session
    session[SIGNED_IN_AT] -= 11 * 60 * 60
    session.save()

    client.post("/accounts/login/", credentials, REMOTE_ADDR="10.0.0.1")

    assert time.time() - client.session[SIGNED_IN_AT] < 60
