"""The one place "today" and "now" are read, so tests can fix them (monkeypatch these functions)."""

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    return timezone.now()


def today() -> datetime.date:
    return timezone.localdate(now())
