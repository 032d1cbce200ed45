"""Send whatever the reporting cycles make due now: requests, reminders, late notices.

Safe to run often and from several places at once. Each message is first claimed: a CycleMessage
row inserted in its own transaction, where the unique constraint (cycle, period, event, person)
lets only one sender win. Only the winner sends, then marks the row sent, or failed with the error.
A failed message is claimed again (and retried) by the next run while its event's window is open;
so is one left "sending" for CLAIM_TIMEOUT by a sender that died mid-send (which may, rarely,
repeat that one message rather than never send it).
"""

import contextlib
import datetime
from dataclasses import dataclass, field

from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from activities.cycles.chairs import late_list_recipient
from activities.cycles.messages import Outgoing, outgoing_for
from activities.models import CycleMessage, Plan, ReportingCycle

CLAIM_TIMEOUT = datetime.timedelta(hours=1)
REPORT_FAILURES_FOR = datetime.timedelta(days=35)
State = CycleMessage.State


@dataclass
class Report:
    """What a run did, line by line, for the command (and tests) to show."""

    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)
    still_failed: list[str] = field(default_factory=list)

    def summary(self, *, dry_run: bool) -> str:
        if dry_run:
            return f"Would send {len(self.planned)} messages; {len(self.skipped)} people skipped."
        text = f"Sent {len(self.sent)} messages, {len(self.failed)} failed"
        text += f", {len(self.skipped)} people skipped."
        if self.still_failed:
            text += f" {len(self.still_failed)} earlier messages failed and are past their window."
        return text


def message_key(out: Outgoing) -> dict:
    return {
        "cycle": out.cycle,
        "period_starts_on": out.period.starts_on,
        "event": out.event,
        "recipient": out.person,
    }


def claim(out: Outgoing, now: datetime.datetime) -> CycleMessage | None:
    """The message's row, claimed for this sender; None when sent, or being sent, by another."""
    try:
        with transaction.atomic():
            return CycleMessage.objects.create(
                **message_key(out),
                address=out.address,
                subject=out.subject(),
                references=out.references,
                claimed_at=now,
            )
    except IntegrityError:
        pass
    retry = Q(state=State.FAILED) | Q(state=State.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    claimed = (
        CycleMessage.objects.filter(**message_key(out))
        .filter(retry)
        .update(
            state=State.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
            address=out.address,
            subject=out.subject(),
            references=out.references,
            error="",
        )
    )
    return CycleMessage.objects.get(**message_key(out)) if claimed else None


def deliver(record: CycleMessage, out: Outgoing, connection, now: datetime.datetime) -> bool:
    """Send one claimed message and mark its row sent or failed (with the error)."""
    try:
        out.email(connection).send()
    except Exception as error:  # noqa: BLE001 - any failure is recorded, reported and retried
        reason = f"{type(error).__name__}: {error}"[:1000]
        CycleMessage.objects.filter(pk=record.pk).update(state=State.FAILED, error=reason)
        return False
    CycleMessage.objects.filter(pk=record.pk).update(state=State.SENT, sent_at=now)
    return True


def due_now(cycle: ReportingCycle, day: datetime.date):
    """The period and event due on `day` for this cycle, or (period, None)."""
    period = cycle.period_on(day)
    return period, (period.event_on(day) if period else None)


def cycles_for(plans) -> list[ReportingCycle]:
    """Unpaused cycles of plans still in use (a closed plan's owners are not asked)."""
    cycles = ReportingCycle.objects.filter(paused=False).exclude(plan__state=Plan.State.CLOSED)
    if plans is not None:
        cycles = cycles.filter(plan__in=plans)
    return list(cycles.select_related("plan", "chair").order_by("plan__title"))


def already_sent(out_list: list[Outgoing], now: datetime.datetime) -> set:
    """Recipients whose message of this event is sent, or claimed by a live sender (dry runs)."""
    if not out_list:
        return set()
    first = out_list[0]
    records = CycleMessage.objects.filter(
        cycle=first.cycle, period_starts_on=first.period.starts_on
    ).filter(Q(state=State.SENT) | Q(state=State.SENDING, claimed_at__gte=now - CLAIM_TIMEOUT))
    return set(records.values_list("event", "recipient_id"))


def send_due(*, plans=None, now: datetime.datetime, dry_run: bool = False) -> Report:
    """Send (or, dry, list) every message due at `now` for these plans (None: every plan)."""
    report = Report()
    connection = None
    try:
        for cycle in cycles_for(plans):
            connection = send_cycle(cycle, now, report, connection, dry_run=dry_run)
    finally:
        if connection is not None:
            connection.close()
    report.still_failed = past_failures(plans, now)
    return report


def open_connection():
    """One SMTP connection for the run; if it cannot open, each send tries again and fails."""
    connection = get_connection()
    with contextlib.suppress(Exception):  # recorded per message by deliver()
        connection.open()
    return connection


def send_cycle(cycle, now, report: Report, connection, *, dry_run: bool):
    """This cycle's messages due now; returns the connection (opened at the first message)."""
    period, event = due_now(cycle, timezone.localdate(now))
    if event is None:
        return connection
    messages = outgoing_for(cycle, period, event)
    if event == CycleMessage.Event.LATE and cycle.copy_late_to_chair:
        chair, reason = late_list_recipient(cycle, period)
        if reason:  # said, never guessed: the meeting's chair has no account found by name
            sent_to = f"sent to {chair.get_username()}" if chair else "not sent"
            report.skipped.append(f"{cycle.plan.short_name} {period.label}: chair's list "
                                  f"{sent_to}: {reason}")  # fmt: skip
    done = already_sent(messages, now)
    for out in messages:
        if not out.address:
            report.skipped.append(f"{out.describe()}: no email address")
        elif (out.event, out.person.pk) in done:
            continue
        elif dry_run:
            report.planned.append(out.describe())
        elif (record := claim(out, now)) is not None:
            connection = connection or open_connection()
            ok = deliver(record, out, connection, now)
            (report.sent if ok else report.failed).append(out.describe())
    return connection


def past_failures(plans, now: datetime.datetime) -> list[str]:
    """Failed messages of the last REPORT_FAILURES_FOR whose window has closed (no run retries
    them any more): named in every report until then, for someone to follow up by hand."""
    failures = CycleMessage.objects.filter(
        state=State.FAILED, claimed_at__gte=now - REPORT_FAILURES_FOR
    ).select_related("cycle__plan")
    if plans is not None:
        failures = failures.filter(cycle__plan__in=plans)
    day = timezone.localdate(now)
    lines = []
    for record in failures:
        period, event = due_now(record.cycle, day)
        window = (
            CycleMessage.Event.LATE
            if record.event == CycleMessage.Event.CHAIR_COPY
            else record.event
        )
        if period and period.starts_on == record.period_starts_on and event == window:
            continue  # retried by this run and the next ones
        lines.append(
            f"{record.cycle.plan.short_name} {record.period_starts_on:%B %Y}: "
            f"{record.get_event_display().lower()} to {record.address} failed: {record.error}"
        )
    return lines
