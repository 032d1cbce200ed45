"""Headers: a strict Content-Security-Policy everywhere, no-store on everything signed in, and
X-Forwarded-Proto trusted only when a proxy is configured."""

import json
import re
import subprocess
import sys

import pytest

from django.conf import settings

from tests.factories import TEST_PLAN_URL, make_activity


def settings_under(env: dict) -> dict:
    """Selected settings as a fresh process computes them from the given environment."""
    code = (
        "import json, engagement_plan.settings as s; print(json.dumps({name: getattr(s, name, None)"
        " for name in ('SECURE_PROXY_SSL_HEADER', 'SESSION_COOKIE_AGE', 'SESSION_ABSOLUTE_TIMEOUT',"
        " 'AXES_FAILURE_LIMIT', 'PASSWORD_RESET_ENABLED')}))"
    )
    clean = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(settings.BASE_DIR), **env}
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


@pytest.mark.django_db
def test_every_page_has_a_strict_content_security_policy(client, editor):
    client.force_login(editor)
    for path in ("/", TEST_PLAN_URL + "/activities/", "/accounts/login/", "/no-such-page/"):
        policy = client.get(path)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["default-src"] == "'self'", path
        assert directives["script-src"] == "'self'", path
        assert directives["style-src"] == "'self'", path
        assert directives["frame-ancestors"] == "'none'", path
        assert "unsafe" not in policy, path


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style(client, editor, administrator):
    make_activity()
    for person, paths in (
        (editor, ("/", TEST_PLAN_URL + "/activities/", "/my/")),
        (administrator, ("/import/",)),
    ):
        client.force_login(person)
        for path in paths:
            html = client.get(path).content.decode()
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
            assert "<style" not in html, path
            assert not re.search(r"\sstyle=", html), path
            assert not re.search(r"\son[a-z]+=", html), path  # no onclick= handlers either


@pytest.mark.django_db
def test_signed_in_pages_are_not_stored(client, editor):
    activity = make_activity()
    client.force_login(editor)
    for path in (
        "/",
        TEST_PLAN_URL + "/activities/",
        f"{TEST_PLAN_URL}/activities/{activity.reference}/",
        "/no-such-page/",
    ):
        cache_control = client.get(path)["Cache-Control"]
        assert "no-store" in cache_control, path
        assert "private" in cache_control, path


@pytest.mark.django_db
def test_exports_and_downloads_are_not_stored(client, reviewer):
    make_activity()
    client.force_login(reviewer)
    for path in (
        TEST_PLAN_URL + "/export/plan.xlsx",
        TEST_PLAN_URL + "/activities/?_export=csv",
        TEST_PLAN_URL + "/activities/overdue/?_export=xlsx",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path


def test_forwarded_proto_is_not_trusted_by_default():
    assert settings_under({})["SECURE_PROXY_SSL_HEADER"] is None


def test_forwarded_proto_is_trusted_when_a_proxy_is_configured():
    trusted = settings_under({"TRUST_PROXY_SSL_HEADER": "true"})["SECURE_PROXY_SSL_HEADER"]
    assert trusted == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.django_db
def test_a_client_cannot_pass_http_off_as_https(client):
    assert not settings.SECURE_PROXY_SSL_HEADER  # the test run's own settings: no proxy
    response = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response.wsgi_request.is_secure() is False
