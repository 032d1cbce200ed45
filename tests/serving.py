"""A production-like server for the serving smoke test: gunicorn with DEBUG off, started as a
subprocess on a free loopback port over a throwaway database, and a tiny cookie-keeping client
that talks to it as the reverse proxy would (X-Forwarded-Proto: https, X-Forwarded-For)."""

import contextlib
import http.client
import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import dj_database_url
import psycopg

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
# Set by the test harness (the browser tests' conftest), never by a deployment.
TEST_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_database(folder: Path) -> str:
    """A fresh database of the kind this test run uses: SQLite in `folder`, or PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{folder / 'serving.sqlite3'}"
    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_serving"
    maintenance = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}"


def drop_server_database(url: str) -> None:
    if url.startswith("postgres"):
        maintenance = url.rsplit("/", 1)[0] + "/postgres"
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def table_renamed(url: str, table: str):
    """Take a table away under the running server (a real fault, for the 500 page), then restore."""
    away = f"{table}_away"
    if url.startswith("postgres"):
        connect = lambda: psycopg.connect(url, autocommit=True)  # noqa: E731
    else:
        connect = lambda: contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///")))  # noqa: E731
    with connect() as connection:
        connection.execute(f"ALTER TABLE {table} RENAME TO {away}")
    try:
        yield
    finally:
        with connect() as connection:
            connection.execute(f"ALTER TABLE {away} RENAME TO {table}")


def production_environment(folder: Path, database_url: str) -> dict:
    inherited = {name: value for name, value in os.environ.items() if name not in TEST_ONLY}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "engagement_plan.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(folder / "static"),
        "TRUST_PROXY_SSL_HEADER": "true",
        "TRUST_PROXY_FORWARDED_FOR": "true",
        "WEB_WORKERS": "2",
        "WEB_THREADS": "4",
    }


def manage(env: dict, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    text: str


class Server:
    """gunicorn running `engagement_plan/gunicorn.conf.py`, as `make serve` runs it."""

    def __init__(self, env: dict, log: Path):
        self.port = free_port()
        self.env = {**env, "BIND": f"127.0.0.1:{self.port}"}
        self.log_path = log
        self.process = None

    def start(self):
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [str(GUNICORN), "--config", "engagement_plan/gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.output()}")
            try:
                if Visitor(self, "10.99.0.1").get("/accounts/login/").status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within 60 s:\n{self.output()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def output(self) -> str:
        return self.log_path.read_text()


class Visitor:
    """One browser behind the reverse proxy: keeps its cookies, arrives from `address`."""

    def __init__(self, server: Server, address: str):
        self.server, self.address, self.cookies = server, address, {}

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.server.port}"

    def request(self, method: str, path: str, form: dict | None = None) -> Reply:
        headers = {
            "Host": f"127.0.0.1:{self.server.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": self.origin,
                    "Referer": self.origin + path,
                }
            )
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Reply(response.status, response.headers, text)

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def sign_in(self, username: str, password: str) -> Reply:
        page = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        return self.request("POST", "/accounts/login/", form)
