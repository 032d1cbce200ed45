"""`manage.py setup_demo`: load the published plan into an empty database and create the demo accounts."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from activities import demo


class Command(BaseCommand):
    help = (
        "For trying the tracker locally: if there are no activities, load the themes, owner roles "
        "and the published plan; then create (or restore the passwords and access of) three demo "
        "accounts with public passwords, and print them. Safe to re-run. Refuses when DEBUG is off "
        "unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (never in production).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done; write nothing."
        )

    def handle(self, *, force: bool, dry_run: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a real server: setup_demo creates accounts with "
                "public passwords and was not run. Use --force only on a throwaway copy."
            )
        load, count = demo.plan_is_empty(), None
        if dry_run:
            states = {a.username: demo.account_state(a) for a in demo.DEMO_ACCOUNTS}
        else:
            count = demo.load_published_plan() if load else None
            states = {a.username: demo.ensure_account(a) for a in demo.DEMO_ACCOUNTS}
        self.stdout.write(demo.accounts_table(states))
        self.stdout.write(summary(load, states, dry_run, count=count))


def summary(load: bool, states: dict[str, str], dry_run: bool, *, count: int | None) -> str:
    tally = ", ".join(
        f"{list(states.values()).count(state)} {word}"
        for state, word in demo.DONE.items()
        if state in states.values()
    )
    if dry_run:
        plan = "would load the published plan" if load else "plan already loaded"
        return f"Dry run, nothing written: {plan}; demo accounts: {tally} (would be)."
    plan = (
        f"loaded the published plan ({count} activities)"
        if load
        else "plan already loaded, left as it is"
    )
    return f"setup_demo: {plan}; demo accounts: {tally}."
