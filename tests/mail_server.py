"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd), and what arrived at it.

`smtp_server` (a fixture: import it into a test module) starts one on a free port and points
Django's SMTP backend at it; `inbox.messages` are the parsed messages, `inbox.refuse` addresses
it answers 550 for (a failed send)."""

import email
import logging
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages: list = []
        self.refuse: set[str] = set()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["To"]]

    def take(self) -> list:
        """The messages so far, emptying the inbox."""
        with self.lock:
            taken, self.messages = self.messages, []
        return taken


class LocalController(Controller):
    """Controller bound to port 0: it learns the port the system gave before it checks the
    server is up (aiosmtpd would otherwise connect to port 0)."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def smtp_server(settings):
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
    inbox = Inbox()
    controller = LocalController(inbox, hostname="127.0.0.1", port=0)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.SITE_URL = "http://testserver"
    try:
        yield inbox
    finally:
        controller.stop()


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()
