"""`manage.py import_plan PATH [--plan SHORT_NAME | --new-plan TITLE] [--column HEADER=FIELD]`: a
thin door onto activities.importing (the same steps as /import/)."""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from activities.importing import apply
from activities.importing.mapping import (
    FIELDS,
    ColumnChoiceError,
    ColumnRequest,
    parse_column_option,
    parse_status_option,
)
from activities.importing.parse import parse_plan
from activities.importing.preview_report import plan_line, preview_as_json, summary_line
from activities.importing.problems import PlanFileError
from activities.importing.read import read_file_bytes
from activities.importing.values import ValueChoices
from activities.plans import PlanChoiceError, import_destination
from activities.services.column_mappings import column_mapping_save, remembered_request


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
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            help=f"Which field a column feeds (repeatable); FIELD is one of {', '.join(FIELDS)}. "
            "Remembered for the plan after an import that is not a dry run.",
        )
        parser.add_argument(
            "--status",
            action="append",
            default=[],
            metavar="WORD=STATUS",
            help="What a status word the importer does not know means (repeatable): a status "
            "(not_started, on_track, at_risk, off_track, complete, withdrawn) or commentary.",
        )

    def handle(self, *args, path: Path, dry_run: bool, as_json: bool, **options):
        importer = find_user(options["user"]) if options["user"] else None
        try:
            data = read_file_bytes(path, max_bytes=settings.PLAN_IMPORT_MAX_BYTES)
            destination = choose_destination(data, path, options)
            columns = column_request(options["column"], destination.plan)
            values = ValueChoices(statuses=choices(options["status"], parse_status_option))
            plan = parse_plan(
                data, file_name=path.name, sheet=options["sheet"], columns=columns, values=values
            )
            columns.refuse_unknown_headers()
            preview = apply.build_preview(plan, destination)
            self.print_preview(preview, columns, file_name=path.name, as_json=as_json, dry=dry_run)
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
            if (
                (options["column"] or options["status"])
                and columns.found
                and columns.found.choosable
            ):
                column_mapping_save(
                    plan=run.plan, layout=columns.found, statuses=values.statuses, user=importer
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

    def print_preview(self, preview, columns, *, file_name: str, as_json: bool, dry: bool):
        layout = columns.found
        if as_json:
            report = preview_as_json(preview, file_name=file_name, layout=layout)
            return self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        dry_note = " (dry run: nothing written)" if dry else ""
        lines = [problem.describe(file_name) for problem in preview.problems]
        summary = summary_line(preview.counts(), len(lines)) + dry_note
        if layout and not layout.is_plain:
            lines.append(f"Columns ({layout.source}): {layout.describe_used()}")
        self.stdout.write("\n".join([summary, *lines, plan_line(preview)]))


def choose_destination(data: bytes, path: Path, options):
    """The plan the file goes into; a file that cannot be read is refused first, as such."""
    try:
        return import_destination(
            short_name=options["plan"], new_title=options["new_plan"], file_name=path.name
        )
    except PlanChoiceError:
        parse_plan(data, file_name=path.name, sheet=options["sheet"])
        raise


def choices(options: list[str], parse) -> dict[str, str]:
    try:
        return dict(parse(option) for option in options)
    except ColumnChoiceError as error:
        raise CommandError(str(error)) from None


def column_request(options: list[str], plan) -> ColumnRequest:
    """The --column choices (header key -> field) and the plan's remembered layouts."""
    return remembered_request(plan, choices(options, parse_column_option))


def find_user(username: str):
    try:
        return get_user_model().objects.get_by_natural_key(username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"There is no user “{username}”.") from None
