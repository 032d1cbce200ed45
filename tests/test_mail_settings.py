"""Mail set-up: read from the environment, nothing sent until EMAIL_HOST is set, and password reset
sent through the same set-up to a real SMTP server."""

import json
import re
import subprocess
import sys

import pytest

from django.conf import settings

from tests.factories import make_user
from tests.mail_server import body_of

NAMES = (
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_FILE_PATH",
    "DEFAULT_FROM_EMAIL",
    "SITE_URL",
    "PASSWORD_RESET_ENABLED",
)


def mail_settings(env: dict) -> dict:
    code = (
        "import json, engagement_plan.settings as s;"
        f"print(json.dumps({{n: getattr(s, n) for n in {NAMES!r}}}))"
    )
    clean = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(settings.BASE_DIR), **env}
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_without_an_email_host_mail_is_written_to_build_mail_and_reset_is_off():
    values = mail_settings({})
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["EMAIL_FILE_PATH"] == str(settings.BASE_DIR / "build" / "mail")
    assert values["PASSWORD_RESET_ENABLED"] is False
    assert values["SITE_URL"] == "http://127.0.0.1:8000"


def test_the_environment_configures_smtp():
    values = mail_settings(
        {
            "EMAIL_HOST": "smtp.example.org",
            "EMAIL_PORT": "587",
            "EMAIL_HOST_USER": "tracker",
            "EMAIL_HOST_PASSWORD": "secret",
            "EMAIL_USE_TLS": "true",
            "DEFAULT_FROM_EMAIL": "Plan Tracker <plans@example.org>",
            "SITE_URL": "https://plans.example.org",
        }
    )
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"], values["EMAIL_USE_TLS"]) == (
        "smtp.example.org",
        587,
        True,
    )
    assert (values["EMAIL_HOST_USER"], values["EMAIL_HOST_PASSWORD"]) == ("tracker", "secret")
    assert values["DEFAULT_FROM_EMAIL"] == "Plan Tracker <plans@example.org>"
    assert values["SITE_URL"] == "https://plans.example.org"
    assert values["PASSWORD_RESET_ENABLED"] is True


def test_make_run_turns_password_reset_on_with_mail_kept_in_files():
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    assert "run: export PASSWORD_RESET_ENABLED = true" in makefile
    assert mail_settings({"PASSWORD_RESET_ENABLED": "true"})["EMAIL_BACKEND"].endswith(
        "filebased.EmailBackend"
    )


@pytest.mark.django_db
def test_password_reset_goes_through_the_real_smtp_server(client, smtp_server, settings):
    settings.PASSWORD_RESET_ENABLED = True
    settings.DEFAULT_FROM_EMAIL = "plans@example.org"
    make_user("pat", email="pat@example.org")
    client.post("/accounts/password_reset/", {"email": "pat@example.org"})
    [message] = smtp_server.messages
    assert message["To"] == "pat@example.org" and message["From"] == "plans@example.org"
    assert message["Subject"] == "Reset your Plan Tracker password"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", body_of(message)).group(1)
    assert "Choose a new password" in client.get(link, follow=True).content.decode()
