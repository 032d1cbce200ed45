"""Sign-in lockout (django-axes): per account and per address, a clear page, an audit log, expiry."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from django.core.management import call_command
from django.db.models import F
from django.test import Client, override_settings

RIGHT = "correct horse battery"
LOGIN = "/accounts/login/"


def sign_in(client, username, password, address="10.0.0.1", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def fail(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        sign_in(client, username, "wrong", address)


@pytest.mark.django_db
def test_fifty_wrong_passwords_then_the_right_one_is_refused(client, editor):
    fail(client, "editor", 50)

    response = sign_in(client, "editor", RIGHT)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_lockout_page_is_the_branded_sign_in_page_saying_how_long(client, editor):
    fail(client, "editor", 5)

    response = sign_in(client, "editor", RIGHT)
    html = response.content.decode()

    assert response.status_code == 429
    assert "<title>Error: Sign in – Plan Tracker</title>" in html
    assert "govuk-error-summary" in html
    assert "Too many failed attempts to sign in. Try again in 15 minutes." in html
    assert "Traceback" not in html


@pytest.mark.django_db
def test_four_failures_do_not_lock_and_a_success_forgives_them(client, editor):
    fail(client, "editor", 4)
    assert sign_in(client, "editor", RIGHT).status_code == 302
    client.post("/accounts/logout/")

    fail(client, "editor", 4)

    assert sign_in(client, "editor", RIGHT).status_code == 302


@pytest.mark.django_db
def test_locked_account_is_locked_from_every_address(client, editor):
    fail(client, "editor", 5, address="10.0.0.1")

    assert sign_in(Client(), "editor", RIGHT, address="10.9.9.9").status_code == 429


@pytest.mark.django_db
def test_locked_address_is_locked_for_every_account(client, editor, reviewer):
    for number in range(5):  # one guess each at many accounts: a password-spraying address
        sign_in(client, f"someone{number}", "wrong", address="10.0.0.1")

    assert sign_in(Client(), "reviewer", RIGHT, address="10.0.0.1").status_code == 429
    assert sign_in(Client(), "reviewer", RIGHT, address="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_another_account_from_another_address_is_unaffected(client, editor, reviewer):
    fail(client, "editor", 50, address="10.0.0.1")

    assert sign_in(Client(), "reviewer", RIGHT, address="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_lockout_expires_after_the_cool_off(client, editor):
    fail(client, "editor", 5)
    assert sign_in(client, "editor", RIGHT).status_code == 429

    sixteen_minutes_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=sixteen_minutes_ago)

    assert sign_in(client, "editor", RIGHT).status_code == 302


@pytest.mark.django_db
def test_refused_attempts_during_the_lockout_do_not_extend_it(client, editor):
    fail(client, "editor", 5)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=10))
    fail(client, "editor", 3)  # refused: locked; these must not restart the 15 minutes

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=6))

    assert sign_in(client, "editor", RIGHT).status_code == 302


@pytest.mark.django_db
def test_administrator_command_unlocks_an_account(client, editor):
    fail(client, "editor", 5)

    call_command("axes_reset_username", "editor", verbosity=0)

    assert sign_in(client, "editor", RIGHT).status_code == 302


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=datetime.timedelta(minutes=1))
def test_limit_and_cool_off_are_settable(client, editor):
    fail(client, "editor", 2)

    response = sign_in(client, "editor", RIGHT)

    assert response.status_code == 429
    assert "Try again in 1 minute." in response.content.decode()


@pytest.mark.django_db
def test_sign_ins_failures_and_lockouts_are_logged(client, editor):
    assert sign_in(client, "editor", RIGHT).status_code == 302
    client.post("/accounts/logout/")
    fail(client, "editor", 5, address="10.0.0.7")

    assert AccessLog.objects.filter(username="editor", ip_address="10.0.0.1").count() == 1
    failures = AccessFailureLog.objects.filter(username="editor", ip_address="10.0.0.7")
    assert failures.count() == 5
    assert failures.filter(locked_out=True).exists()


@pytest.mark.django_db
def test_administrators_can_read_the_sign_in_logs_in_the_admin(client, administrator, editor):
    sign_in(Client(), "editor", "wrong")
    client.force_login(administrator)

    for model in ("accessattempt", "accesslog", "accessfailurelog"):
        response = client.get(f"/admin/axes/{model}/")
        assert response.status_code == 200, model
    assert "editor" in client.get("/admin/axes/accessfailurelog/").content.decode()


@pytest.mark.django_db
def test_editors_cannot_read_the_sign_in_logs(client, editor):
    client.force_login(editor)

    assert client.get("/admin/axes/accesslog/").status_code == 302  # to the admin's sign-in


@pytest.mark.django_db
def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(client, editor):
    for number in range(5):  # a new made-up X-Forwarded-For each time cannot dodge the address lock
        sign_in(
            client,
            f"someone{number}",
            "wrong",
            address="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{number}",
        )

    assert sign_in(Client(), "editor", RIGHT, address="10.0.0.1").status_code == 429


@pytest.mark.django_db
@override_settings(TRUST_PROXY_FORWARDED_FOR=True)
def test_behind_a_trusted_proxy_the_address_the_proxy_appended_counts(client, editor):
    for _ in range(5):  # all from the proxy's address; the client is the last forwarded entry
        sign_in(
            client, "nobody", "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.5"
        )

    neighbour = sign_in(
        Client(), "editor", RIGHT, address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.6"
    )
    assert neighbour.status_code == 302
    assert AccessFailureLog.objects.filter(ip_address="10.0.0.5").count() == 5
