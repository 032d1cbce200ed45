"""`manage.py export_plan PATH.xlsx [--plan SHORT_NAME]`: a thin door onto activities.plan_workbook."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from activities.plan_workbook import export_plan
from activities.plans import PlanChoiceError, choose_plan


class Command(BaseCommand):
    help = (
        "Export one whole plan to an Excel workbook: sheet “Plan” (one row per activity, the layout "
        "import_plan reads back) and sheet “Status history”. An existing file at PATH is replaced "
        "only once the export has succeeded. Exits non-zero if the file cannot be written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Where to write the workbook, e.g. plan.xlsx")
        parser.add_argument(
            "--plan",
            metavar="SHORT_NAME",
            help="The plan to export (needed when there are several plans).",
        )

    def handle(self, *args, path: Path, plan: str | None, **options):
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"{path} must end in .xlsx.")
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        try:
            chosen = choose_plan(plan)
        except PlanChoiceError as error:
            raise CommandError(error.message) from None
        if chosen is None:
            raise CommandError("There is no plan to export yet.")
        summary = write_atomically(chosen, path)
        self.stdout.write(summary.describe(str(path)))


def write_atomically(plan, path: Path):
    """Export to a temporary file beside PATH, then rename: a failure never leaves half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        summary = export_plan(plan, temporary)
        os.replace(temporary, path)
    except OSError as error:
        raise CommandError(f"Cannot write {path}: {error.strerror or error}.") from None
    finally:
        temporary.unlink(missing_ok=True)
    return summary
