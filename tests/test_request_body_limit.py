"""Oversized request bodies are refused from their headers, unread, for everyone (413)."""

import socket
import time

import pytest

from django.test import override_settings

from engagement_plan.middleware import request_body_limit

TWO_HUNDRED_MB = 200 * 1024 * 1024


class UnreadableBody:
    """A request body that records any attempt to read it."""

    def __init__(self):
        self.reads = 0

    def read(self, *args):
        self.reads += 1
        return b""

    readline = read


def post_claiming(client, size, path="/import/", **extra):
    body = UnreadableBody()
    response = client.generic(
        "POST",
        path,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": body},
        **extra,
    )
    return response, body


@pytest.mark.django_db
def test_anonymous_200_mb_post_is_refused_unread(client):
    response, body = post_claiming(client, TWO_HUNDRED_MB)

    assert response.status_code == 413
    assert body.reads == 0
    html = response.content.decode()
    assert "The file or form is too large" in html
    assert "10.2 MB" in html  # the 10 MB import limit and the envelope margin


@pytest.mark.django_db
def test_signed_in_administrator_is_refused_too(client, administrator):
    client.force_login(administrator)

    response, body = post_claiming(client, TWO_HUNDRED_MB)

    assert response.status_code == 413
    assert body.reads == 0


@pytest.mark.django_db
def test_every_path_is_capped_not_only_the_import(client):
    response, body = post_claiming(client, TWO_HUNDRED_MB, path="/accounts/login/")

    assert response.status_code == 413
    assert body.reads == 0


@pytest.mark.django_db
def test_chunked_body_without_a_length_is_refused(client):
    body = UnreadableBody()
    response = client.generic(
        "POST", "/import/", HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input": body}
    )

    assert response.status_code == 413
    assert "without saying how large it is" in response.content.decode()
    assert body.reads == 0


@pytest.mark.django_db
@override_settings(PLAN_IMPORT_MAX_BYTES=1000, REQUEST_BODY_MARGIN_BYTES=100)
def test_the_cap_is_the_import_limit_plus_the_margin(client, editor):
    assert request_body_limit() == 1100
    refused = client.post(
        "/accounts/login/", {"username": "editor", "password": "x" * 1100}, REMOTE_ADDR="10.0.0.1"
    )
    accepted = client.post(
        "/accounts/login/", {"username": "editor", "password": "x" * 900}, REMOTE_ADDR="10.0.0.1"
    )

    assert refused.status_code == 413
    assert accepted.status_code == 200  # read and answered: a wrong password


@pytest.mark.django_db
def test_a_get_without_a_body_is_unaffected(client):
    assert client.get("/accounts/login/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_real_socket_gets_413_without_sending_the_body(live_server):
    """Headers claiming 200 MB over a real connection: the answer comes before any body is sent."""
    host, port = live_server.url.removeprefix("http://").split(":")
    request = (
        "POST /import/ HTTP/1.1\r\n"
        f"Host: {host}\r\n"
        "Content-Type: multipart/form-data; boundary=----plan\r\n"
        f"Content-Length: {TWO_HUNDRED_MB}\r\n"
        "\r\n"
    ).encode()
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request)  # the headers only: not one byte of the 200 MB
        reply = receive_until_closed_or(connection, b"</html>")

    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert b"The file or form is too large" in reply
    assert time.monotonic() - started < 10


def receive_until_closed_or(connection, marker: bytes) -> bytes:
    reply = b""
    while marker not in reply:
        chunk = connection.recv(65536)
        if not chunk:
            break
        reply += chunk
    return reply
