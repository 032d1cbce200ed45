"""The sender's rules: people's choices, pausing, dry runs, failures retried and reported, claims."""

import datetime
from io import StringIO

import pytest

from django.core.management import CommandError, call_command
from django.utils import timezone

from activities import clock, services
from activities.cycles.sending import CLAIM_TIMEOUT, send_due
from activities.models import CycleMessage, Plan, ReportingCycle
from tests.factories import default_plan, make_activity, make_plan, make_role, make_theme, make_user

pytestmark = pytest.mark.django_db
OPENS = timezone.make_aware(datetime.datetime(2024, 1, 1, 9))
REMINDS = timezone.make_aware(datetime.datetime(2024, 1, 22, 9))
LATE = timezone.make_aware(datetime.datetime(2024, 1, 25, 9))


@pytest.fixture
def setup(db):
    lead_holder = make_user("lena", email="lena@example.org")
    co_owner = make_user("colin", email="colin@example.org")
    lead, other = (
        make_role("Lead role", holders=[lead_holder]),
        make_role("Other", holders=[co_owner]),
    )
    activity = make_activity(owners=[lead, other])
    cycle = ReportingCycle.objects.create(plan=default_plan(), starts_on=datetime.date(2024, 1, 1))
    return {"lena": lead_holder, "colin": co_owner, "activity": activity, "cycle": cycle}


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("send_update_requests", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def now(monkeypatch):
    def move(moment):
        monkeypatch.setattr(clock, "now", lambda: moment)

    move(OPENS)
    return move


def recipients(inbox) -> list[str]:
    return sorted(message["To"] for message in inbox.take())


def choose(user, **choices):
    values = {"requests": True, "reminders": True, "late_notices": True, **choices}
    services.mail_preference_save(user=user, **values)


def test_a_lead_holder_gets_requests_whatever_they_chose(smtp_server, setup, now):
    choose(setup["lena"], requests=False)
    choose(setup["colin"], requests=False)
    run()
    assert recipients(smtp_server) == ["lena@example.org"]


def test_reminders_and_late_notices_follow_each_persons_choice(smtp_server, setup, now):
    choose(setup["lena"], reminders=False)
    choose(setup["colin"], late_notices=False)
    now(REMINDS)
    run()
    assert recipients(smtp_server) == ["colin@example.org"]
    now(LATE)
    run()
    assert recipients(smtp_server) == ["lena@example.org"]


def test_a_paused_cycle_sends_nothing(smtp_server, setup, now):
    setup["cycle"].paused = True
    setup["cycle"].save()
    out, _ = run()
    assert recipients(smtp_server) == []
    assert "Sent 0 messages" in out


def test_a_dry_run_lists_and_sends_and_records_nothing(smtp_server, setup, now):
    out, _ = run("--dry-run")
    assert (
        "Would send test-plan January 2024: update request to lena@example.org (1 activity)" in out
    )
    assert "Would send 2 messages" in out
    assert recipients(smtp_server) == [] and not CycleMessage.objects.exists()
    run()
    out, _ = run("--dry-run")
    assert "Would send 0 messages" in out  # what is sent is not listed again


def test_a_person_without_an_address_is_skipped_and_named(smtp_server, setup, now):
    setup["colin"].email = ""
    setup["colin"].save()
    out, _ = run()
    assert recipients(smtp_server) == ["lena@example.org"]
    assert (
        "Skipped test-plan January 2024: update request to colin (1 activity): no email address"
        in out
    )


def test_a_failed_send_is_recorded_reported_and_retried_by_the_next_run(smtp_server, setup, now):
    smtp_server.refuse.add("colin@example.org")
    with pytest.raises(CommandError, match="1 messages failed"):
        run()
    record = CycleMessage.objects.get(recipient=setup["colin"])
    assert record.state == "failed" and "550" in record.error
    assert recipients(smtp_server) == ["lena@example.org"]

    smtp_server.refuse.clear()
    out, _ = run()
    assert recipients(smtp_server) == ["colin@example.org"]
    record.refresh_from_db()
    assert (record.state, record.attempts, record.error) == ("sent", 2, "")
    assert "Sent 1 messages, 0 failed" in out


def test_a_failure_whose_window_closed_is_still_reported(smtp_server, setup, now):
    smtp_server.refuse.add("colin@example.org")
    with pytest.raises(CommandError):
        run()
    assert recipients(smtp_server) == ["lena@example.org"]
    smtp_server.refuse.clear()
    now(REMINDS)
    with pytest.raises(CommandError, match="1 messages failed"):
        run()
    assert recipients(smtp_server) == ["colin@example.org", "lena@example.org"]  # the reminders
    assert CycleMessage.objects.get(event="request", recipient=setup["colin"]).state == "failed"


def test_an_unreachable_server_fails_every_message_and_keeps_them_for_retry(settings, setup, now):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    report = send_due(now=OPENS)
    assert len(report.failed) == 2 and not report.sent
    assert set(CycleMessage.objects.values_list("state", flat=True)) == {"failed"}


def test_a_claim_is_honoured_until_it_times_out(smtp_server, setup, now):
    CycleMessage.objects.create(
        cycle=setup["cycle"],
        period_starts_on=datetime.date(2024, 1, 1),
        event="request",
        recipient=setup["lena"],
        address="lena@example.org",
        claimed_at=OPENS,
    )
    run()
    assert recipients(smtp_server) == ["colin@example.org"]  # Lena's is another sender's
    later = OPENS + CLAIM_TIMEOUT + datetime.timedelta(minutes=1)
    now(later)
    run()
    assert recipients(smtp_server) == ["lena@example.org"]  # that sender died: sent once more


def test_plan_option_limits_the_run_and_a_closed_plan_is_never_asked(smtp_server, setup, now):
    other = make_plan("Other plan", short_name="other")
    holder = make_user("olga", email="olga@example.org")
    make_activity(theme=make_theme(plan=other), owners=[make_role(holders=[holder])])
    ReportingCycle.objects.create(plan=other, starts_on=datetime.date(2024, 1, 1))
    run("--plan", "other")
    assert recipients(smtp_server) == ["olga@example.org"]
    Plan.objects.filter(pk=default_plan().pk).update(state=Plan.State.CLOSED)
    run()
    assert recipients(smtp_server) == []
    with pytest.raises(CommandError, match="no plan with the short name “nope”"):
        run("--plan", "nope")
