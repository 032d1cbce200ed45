"""Smoke test of the production-like server (`make serve`): gunicorn, DEBUG off, hashed static
files, check --deploy clean, sign-in, a page per kind of user, error pages without a traceback.

Runs on the database kind of the test run (SQLite in a temporary folder, or a throwaway
PostgreSQL database beside DATABASE_URL's), so `make test` in CI covers both.
"""

import http.client
import re
import socket
import threading

import pytest

from activities.demo import DEMO_ACCOUNTS
from tests.serving import (
    Server,
    Visitor,
    drop_server_database,
    manage,
    production_environment,
    server_database,
    table_renamed,
)

# setup_demo's published plan (activities.demo.PUBLISHED_PLAN_SHORT_NAME).
PUBLISHED_PLAN_URL = "/plans/engagement-2022-2024"

pytestmark = pytest.mark.serving

ACCOUNTS = {account.username: account for account in DEMO_ACCOUNTS}
TRACEBACK_SIGNS = ("Traceback", 'File "', "django.db", "OperationalError", "ProgrammingError")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serving")
    database_url = server_database(folder)
    env = production_environment(folder, database_url)
    for step in (
        ("migrate", "--no-input"),
        ("collectstatic", "--no-input"),
        ("setup_demo", "--force"),  # a throwaway copy: the demo accounts are one per kind of user
    ):
        done = manage(env, *step)
        assert done.returncode == 0, f"{step}: {done.stdout}\n{done.stderr}"
    running = Server(env, folder / "gunicorn.log")
    running.start()
    yield running
    running.stop()
    drop_server_database(database_url)


def signed_in(server, username, address):
    visitor = Visitor(server, address)
    reply = visitor.sign_in(username, ACCOUNTS[username].password)
    assert reply.status == 302, reply.text[:500]
    return visitor


def test_check_deploy_is_clean(server):
    done = manage(server.env, "check", "--deploy", "--fail-level", "WARNING")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_debug_is_off_and_pages_carry_the_security_headers(server):
    reply = Visitor(server, "10.99.1.1").get("/accounts/login/")

    assert reply.status == 200
    assert "Content-Security-Policy" in reply.headers
    assert "max-age=31536000" in reply.headers["Strict-Transport-Security"]


def test_plain_http_is_redirected_to_https(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", "/accounts/login/", headers={"Host": f"127.0.0.1:{server.port}"})
    reply = connection.getresponse()
    connection.close()

    assert reply.status == 301
    assert reply.headers["Location"].startswith("https://")


def test_static_files_are_served_hashed_and_cached_for_long(server):
    visitor = Visitor(server, "10.99.2.1")
    page = visitor.get("/accounts/login/").text
    stylesheet = re.search(r'href="(/static/govuk/govuk-frontend\.min\.[0-9a-f]{12}\.css)"', page)
    script = re.search(r'src="(/static/js/init\.[0-9a-f]{12}\.js)"', page)
    assert stylesheet and script, page[:1500]

    for path in (stylesheet.group(1), script.group(1)):
        reply = visitor.get(path)
        assert reply.status == 200, path
        assert "max-age=315360000" in reply.headers["Cache-Control"], path
    css = visitor.get(stylesheet.group(1)).text
    font = re.search(r'url\("?(assets/fonts/[^)"]+\.[0-9a-f]{12}\.woff2)', css)
    assert font and visitor.get(f"/static/govuk/{font.group(1)}").status == 200


def test_sign_in_works_and_a_wrong_password_does_not(server):
    visitor = Visitor(server, "10.99.3.1")
    refused = visitor.sign_in("comms", "not the password")
    assert refused.status == 200
    assert "govuk-error-summary" in refused.text

    reply = visitor.sign_in("comms", ACCOUNTS["comms"].password)
    assert reply.status == 302
    dashboard = visitor.get("/")
    assert dashboard.status == 200
    assert "no-store" in dashboard.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        ("comms", ["/", "/my/", PUBLISHED_PLAN_URL + "/activities/"]),
        (
            "acc",
            [
                "/",
                PUBLISHED_PLAN_URL + "/activities/overdue/",
                PUBLISHED_PLAN_URL + "/export/plan.xlsx",
            ],
        ),
        ("admin", ["/", "/import/", "/admin/", "/admin/axes/accesslog/"]),
    ],
)
def test_one_page_per_kind_of_user_answers(server, username, paths):
    visitor = signed_in(server, username, f"10.99.4.{len(username)}")
    for path in paths:
        assert visitor.get(path).status == 200, (username, path)


def test_404_page_is_branded_without_a_traceback(server):
    reply = signed_in(server, "comms", "10.99.5.1").get("/no-such-page/")

    assert reply.status == 404
    assert "Page not found" in reply.text
    assert not any(sign in reply.text for sign in TRACEBACK_SIGNS)


@pytest.mark.parametrize(
    "length_header",
    [f"Content-Length: {200 * 1024 * 1024}", "Transfer-Encoding: chunked"],
    ids=["200 MB declared", "chunked"],
)
def test_large_or_unmeasured_body_is_refused_before_it_is_sent(server, length_header):
    head = (
        "POST /import/ HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{server.port}\r\n"
        "X-Forwarded-Proto: https\r\n"
        "Content-Type: multipart/form-data; boundary=----plan\r\n"
        f"{length_header}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(head)  # the headers only: not one byte of the body
        reply = b""
        while b"</html>" not in reply:
            chunk = connection.recv(65536)
            if not chunk:
                break
            reply += chunk

    assert reply.startswith(b"HTTP/1.1 413"), reply[:300]
    assert b"The file or form is too large" in reply


def test_parallel_guessing_locks_the_account_but_not_the_others(server):
    def guess(number):
        for _ in range(3):
            Visitor(server, f"10.98.0.{number}").sign_in("comms", "a guess")

    threads = [threading.Thread(target=guess, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    locked = Visitor(server, "10.98.1.1").sign_in("comms", ACCOUNTS["comms"].password)
    assert locked.status == 429
    assert "Too many failed attempts to sign in" in locked.text
    assert signed_in(server, "acc", "10.98.1.2").get("/").status == 200


def test_500_page_is_branded_without_a_traceback(server):
    """Last: takes a table away under the running server, then puts it back."""
    visitor = signed_in(server, "admin", "10.99.6.1")
    with table_renamed(server.env["DATABASE_URL"], "activities_activity"):
        reply = visitor.get(PUBLISHED_PLAN_URL + "/")

    assert reply.status == 500
    assert "Sorry, there is a problem with the service" in reply.text
    assert not any(sign in reply.text for sign in TRACEBACK_SIGNS)
    assert visitor.get("/").status == 200
