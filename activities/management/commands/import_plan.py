"""`manage.py import_plan PATH [--plan SHORT_NAME | --new-plan TITLE]`: a thin door onto
activities.importing (the same steps as /import/)."""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from activities.importing import apply
from activities.importing.parse import parse_plan
from activities.importing.preview_report import plan_line, preview_as_json, summary_line
from activities.importing.problems import PlanFileError
from activities.importing.read import read_file_bytes
from activities.plans import PlanChoiceError, import_destination


class Command(BaseCommand):
    help = (
        "Import a plan from an Excel workbook (.xlsx), a CSV file or the published plan saved "
        "as text. Re-running is safe: activities are matched by reference, or without one by "
        "their exact text within their theme; changes are recorded as history, nothing is "
        "deleted. Exits non-zero, writing nothing, if the file cannot be read or has errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The plan file: .xlsx, .csv or .txt")
        parser.add_argument("--dry-run", action="store_true", help="Only show what would change.")
        parser.add_argument("--plan", metavar="SHORT_NAME", help="The plan the file goes into.")
        parser.add_argument("--new-plan", metavar="TITLE", help="Create a plan for the file.")
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="Print the preview as JSON."
        )
        parser.add_argument("--user", metavar="USERNAME", help="Record who ran the import.")
        parser.add_argument(
            "--sheet", metavar="NAME", help="The workbook sheet to read (default: the first)."
        )
        parser.add_argument(
            "--create-roles",
            action="store_true",
            help="Create owner roles for owner text that matches no known role (not refuse).",
        )

    def handle(self, *args, path: Path, dry_run: bool, as_json: bool, **options):
        importer = find_user(options["user"]) if options["user"] else None
        try:
            data = read_file_bytes(path, max_bytes=settings.PLAN_IMPORT_MAX_BYTES)
            plan = parse_plan(data, file_name=path.name, sheet=options["sheet"])
            destination = import_destination(
                short_name=options["plan"], new_title=options["new_plan"], file_name=path.name
            )
            preview = apply.build_preview(plan, destination)
            self.print_preview(preview, file_name=path.name, as_json=as_json, dry_run=dry_run)
            if dry_run:
                apply.refuse_if_blocked(preview, create_roles=options["create_roles"])
                return
            run = apply.apply_preview(
                preview,
                user=importer,
                file_name=path.name,
                sha256=hashlib.sha256(data).hexdigest(),
                create_roles=options["create_roles"],
            )
        except apply.ImportRefusedError as refused:
            count = len(refused.problems)
            raise CommandError(f"{path.name} has {count} error(s); nothing was imported.") from None
        except (PlanFileError, PlanChoiceError, apply.PreviewOutOfDateError) as error:
            if as_json:  # --json: standard output is always one JSON object
                self.stdout.write(json.dumps({"file": path.name, "refused": str(error)}))
            raise CommandError(str(error)) from None
        if run.counts["roles_created"] and not as_json:
            self.stdout.write(f"Created owner roles: {', '.join(preview.roles_to_create)}")

    def print_preview(self, preview, *, file_name: str, as_json: bool, dry_run: bool) -> None:
        if as_json:
            report = preview_as_json(preview, file_name=file_name)
            return self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        dry = " (dry run: nothing written)" if dry_run else ""
        lines = [problem.describe(file_name) for problem in preview.problems]
        summary = summary_line(preview.counts(), len(lines)) + dry
        self.stdout.write("\n".join([summary, *lines, plan_line(preview)]))


def find_user(username: str):
    try:
        return get_user_model().objects.get_by_natural_key(username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"There is no user “{username}”.") from None
