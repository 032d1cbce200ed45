"""`manage.py import_plan PATH`: a thin door onto activities.importing (the same steps as /import/)."""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from activities.importing.apply import PreviewOutOfDateError, apply_preview, build_preview
from activities.importing.parse import parse_plan
from activities.importing.preview_report import preview_as_json, summary_line
from activities.importing.problems import PlanFileError
from activities.importing.read import read_file_bytes


class Command(BaseCommand):
    help = (
        "Import the plan from an Excel workbook (.xlsx), a CSV file or the published plan saved "
        "as text. Re-running is safe: activities are matched by "
        "reference, changes are recorded as history, nothing is deleted. Exits non-zero, writing "
        "nothing, if the file cannot be read or has errors."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            type=Path,
            help="The plan file: .xlsx, .csv, or the published plan saved as .txt",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help="Print what was parsed as one JSON object.",
        )
        parser.add_argument(
            "--user", metavar="USERNAME", help="Record this user as running the import."
        )
        parser.add_argument(
            "--sheet",
            metavar="NAME",
            help="The workbook sheet to read (default: the first with a recognisable header row).",
        )
        parser.add_argument(
            "--create-roles",
            action="store_true",
            help="Create owner roles for owner text that matches no known role (instead of refusing).",
        )

    def handle(self, *args, path: Path, dry_run: bool, as_json: bool, **options):
        importer = find_user(options["user"]) if options["user"] else None
        try:
            data = read_file_bytes(path, max_bytes=settings.PLAN_IMPORT_MAX_BYTES)
            plan = parse_plan(data, file_name=path.name, sheet=options["sheet"])
        except PlanFileError as error:
            raise CommandError(str(error)) from None
        preview = build_preview(plan)
        self.print_preview(preview, file_name=path.name, as_json=as_json, dry_run=dry_run)
        blocking = plan.blocking_problems(create_roles=options["create_roles"])
        if blocking:
            raise CommandError(f"{path.name} has {len(blocking)} error(s); nothing was imported.")
        if dry_run:
            return
        try:
            run = apply_preview(
                preview,
                user=importer,
                file_name=path.name,
                sha256=hashlib.sha256(data).hexdigest(),
                create_roles=options["create_roles"],
            )
        except PreviewOutOfDateError as error:
            raise CommandError(str(error)) from None
        if run.counts["roles_created"] and not as_json:
            self.stdout.write(f"Created owner roles: {', '.join(preview.roles_to_create)}")

    def print_preview(self, preview, *, file_name: str, as_json: bool, dry_run: bool) -> None:
        if as_json:
            report = preview_as_json(preview, file_name=file_name)
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        dry = " (dry run: nothing written)" if dry_run else ""
        self.stdout.write(summary_line(preview.counts(), len(preview.problems)) + dry)
        for problem in preview.problems:
            self.stdout.write(problem.describe(file_name))


def find_user(username: str):
    try:
        return get_user_model().objects.get_by_natural_key(username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"There is no user “{username}”.") from None
