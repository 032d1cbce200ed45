"""Password reset: switched off (404) until mail is configured; then branded GOV.UK pages and a
link sent through the configured mail backend."""

import re

import pytest

from django.core import mail
from django.test import override_settings

from tests.factories import make_user
from tests.test_security_headers import settings_under

RESET_PATHS = (
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/accounts/reset/MQ/set-password/",
    "/accounts/reset/done/",
)
NEW = "a brand new passphrase 42"


def test_reset_is_off_without_mail_and_on_with_an_email_host():
    assert settings_under({})["PASSWORD_RESET_ENABLED"] is False
    assert settings_under({"EMAIL_HOST": "smtp.example.org"})["PASSWORD_RESET_ENABLED"] is True


@pytest.mark.django_db
def test_reset_pages_are_404_until_mail_is_configured(client, editor):
    for path in RESET_PATHS:
        assert client.get(path).status_code == 404, path
    assert client.post(RESET_PATHS[0], {"email": "e@example.org"}).status_code == 404
    assert "Forgotten your password?" not in client.get("/accounts/login/").content.decode()
    assert not mail.outbox


@pytest.mark.django_db
@override_settings(PASSWORD_RESET_ENABLED=True)
def test_reset_by_email_through_branded_pages(client):
    person = make_user("pat", email="pat@example.org")
    assert "Forgotten your password?" in client.get("/accounts/login/").content.decode()
    form = client.get(RESET_PATHS[0]).content.decode()
    assert "<title>Reset your password – Plan Tracker</title>" in form
    assert 'class="govuk-input"' in form

    sent = client.post(RESET_PATHS[0], {"email": "pat@example.org"}, follow=True)
    assert "Check your email" in sent.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your Plan Tracker password"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)

    choose = client.get(link, follow=True)
    assert "Choose a new password" in choose.content.decode()
    done = client.post(
        choose.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True
    )

    assert "Your password has been changed" in done.content.decode()
    person.refresh_from_db()
    assert person.check_password(NEW)


@pytest.mark.django_db
@override_settings(PASSWORD_RESET_ENABLED=True)
def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post(RESET_PATHS[0], {"email": "nobody@example.org"}, follow=True)

    assert "Check your email" in response.content.decode()
    assert not mail.outbox


@pytest.mark.django_db
@override_settings(PASSWORD_RESET_ENABLED=True)
def test_a_used_or_forged_link_is_refused_kindly(client):
    make_user("pat", email="pat@example.org")

    response = client.get("/accounts/reset/MQ/not-a-token/")

    assert response.status_code == 200
    assert "This link does not work any more" in response.content.decode()
