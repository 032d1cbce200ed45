"""`manage.py meeting_pack --plan SHORT_NAME --since YYYY-MM-DD [--as-of YYYY-MM-DD] [--docx PATH]
[--json]`: a thin door onto activities.meetings.pack.MeetingPack, the pack page's own builder."""

import datetime
import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from activities import clock
from activities.meetings.pack import MeetingPack
from activities.meetings.word import pack_document
from activities.plans import PlanChoiceError, choose_plan


def day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"“{text}” is not a date: write it as YYYY-MM-DD, e.g. 2024-03-05."
        ) from None


class Command(BaseCommand):
    help = (
        "Build a meeting pack for one plan without a meeting record (for scheduled circulation): "
        "the plan as of --as-of (default today) compared with the end of --since. --json prints "
        "the pack as JSON (summary, exceptions, changes, no_update_since, notes); --docx writes it "
        "as a Word document. Exits non-zero on a bad date or plan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan", metavar="SHORT_NAME", help="The plan (needed when there are several)."
        )
        parser.add_argument(
            "--since", required=True, metavar="YYYY-MM-DD", help="Compare with the end of this day."
        )
        parser.add_argument(
            "--as-of", metavar="YYYY-MM-DD", help="The pack's date (default today)."
        )
        parser.add_argument(
            "--docx", type=Path, metavar="PATH", help="Write the pack as a Word document."
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the pack as JSON."
        )

    def handle(self, *args, plan, since, as_of, docx, as_json: bool, **options):
        try:
            chosen = choose_plan(plan)
        except PlanChoiceError as error:
            raise CommandError(error.message) from None
        if chosen is None:
            raise CommandError("There is no plan yet.")
        since, as_of = day(since), day(as_of) if as_of else clock.today()
        if since >= as_of:
            raise CommandError(f"--since ({since}) must be before the pack's date ({as_of}).")
        content = MeetingPack(plans=[chosen], as_of=as_of, since=since).content()
        if docx:
            write_atomically(docx, pack_document(content))
        if as_json:
            self.stdout.write(dumps(content))
        else:
            self.stdout.write(describe(chosen, content, docx))


def dumps(content: dict) -> str:
    return json.dumps(content, ensure_ascii=False, indent=2)


def describe(plan, content: dict, docx: Path | None) -> str:
    summary = content["summary"]
    exceptions = sum(len(group["activities"]) for group in content["exceptions"])
    quiet = sum(group["count"] for group in summary["no_update_since"])
    line = (
        f"{plan.title} as of {content['as_of']} against {content['since']}: "
        f"{summary['total_now']} activities, {exceptions} exceptions, "
        f"{len(summary['newly_overdue'])} newly overdue, {len(content['changes'])} changes, "
        f"{quiet} with no status update since."
    )
    return line + (f" Word document written to {docx}." if docx else "")


def write_atomically(path: Path, data: bytes) -> None:
    if path.suffix.lower() != ".docx":
        raise CommandError(f"{path} must end in .docx.")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as error:
        raise CommandError(f"Cannot write {path}: {error.strerror or error}.") from None
    finally:
        temporary.unlink(missing_ok=True)
