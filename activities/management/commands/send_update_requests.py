"""`manage.py send_update_requests [--dry-run] [--plan SHORT_NAME]`: a thin door onto
activities.cycles.sending.send_due, safe to run from cron as often as you like."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from activities import clock
from activities.cycles.sending import send_due
from activities.models import Plan

SMTP = "django.core.mail.backends.smtp.EmailBackend"


class Command(BaseCommand):
    help = (
        "Send whatever the plans' reporting cycles make due now: update requests when a period "
        "opens, reminders before its deadline, late notices after it. Idempotent: a message "
        "already sent is never sent again, even by two runs at once; a failed one is retried by "
        "the next run. Exits non-zero if any message failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent; send nothing."
        )
        parser.add_argument(
            "--plan", metavar="SHORT_NAME", help="Only this plan (default: every plan)."
        )

    def handle(self, *args, dry_run: bool, plan: str | None, **options):
        plans = None
        if plan is not None:
            plans = Plan.objects.filter(short_name=plan)
            if not plans.exists():
                raise CommandError(f"There is no plan with the short name “{plan}”.")
        if settings.EMAIL_BACKEND != SMTP and not dry_run:
            self.stdout.write(
                f"Mail is not sent anywhere real (EMAIL_BACKEND {settings.EMAIL_BACKEND})."
            )
        report = send_due(plans=plans, now=clock.now(), dry_run=dry_run)
        for line in report.planned:
            self.stdout.write(f"Would send {line}")
        for line in report.sent:
            self.stdout.write(f"Sent {line}")
        for line in report.skipped:
            self.stdout.write(f"Skipped {line}")
        for line in report.failed + report.still_failed:
            self.stderr.write(f"Failed {line}")
        self.stdout.write(report.summary(dry_run=dry_run))
        if report.failed or report.still_failed:
            raise CommandError(f"{len(report.failed) + len(report.still_failed)} messages failed.")
