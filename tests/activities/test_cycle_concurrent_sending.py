"""Senders racing, for real: threads with their own database connections and SMTP connections
run the same due messages at once (on SQLite or PostgreSQL, whichever the suite runs on); each
message arrives exactly once, because only the sender whose claim is inserted sends it."""

import datetime
from collections import Counter

import pytest

from django.utils import timezone

from activities.cycles.sending import send_due
from activities.models import CycleMessage, ReportingCycle
from tests.activities.test_concurrent_updates import race, shared_database  # noqa: F401
from tests.factories import default_plan, make_activity, make_role, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shared_database")]
OPENS = timezone.make_aware(datetime.datetime(2024, 1, 1, 9))
PEOPLE = 8
SENDERS = 6


def test_racing_senders_send_each_message_once(smtp_server):
    for number in range(PEOPLE):
        holder = make_user(f"holder{number}", email=f"holder{number}@example.org")
        make_activity(owners=[make_role(holders=[holder])])
    ReportingCycle.objects.create(plan=default_plan(), starts_on=datetime.date(2024, 1, 1))

    reports = race(lambda index: send_due(now=OPENS), count=SENDERS)

    assert not [r for r in reports if isinstance(r, Exception)], reports
    arrived = Counter(message["To"] for message in smtp_server.messages)
    assert arrived == Counter({f"holder{n}@example.org": 1 for n in range(PEOPLE)})
    assert sum(len(report.sent) for report in reports) == PEOPLE
    assert set(CycleMessage.objects.values_list("state", flat=True)) == {"sent"}
    assert CycleMessage.objects.count() == PEOPLE
