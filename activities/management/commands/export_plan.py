"""`manage.py export_plan PATH.xlsx`: a thin door onto activities.plan_workbook (the same as the download)."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from activities.plan_workbook import export_plan


class Command(BaseCommand):
    help = (
        "Export the whole plan to an Excel workbook: sheet “Plan” (one row per activity, the layout "
        "import_plan reads back) and sheet “Status history”. An existing file at PATH is replaced "
        "only once the export has succeeded. Exits non-zero if the file cannot be written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Where to write the workbook, e.g. plan.xlsx")

    def handle(self, *args, path: Path, **options):
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"{path} must end in .xlsx.")
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        summary = write_atomically(path)
        self.stdout.write(summary.describe(str(path)))


def write_atomically(path: Path):
    """Export to a temporary file beside PATH, then rename: a failure never leaves half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        summary = export_plan(temporary)
        os.replace(temporary, path)
    except OSError as error:
        raise CommandError(f"Cannot write {path}: {error.strerror or error}.") from None
    finally:
        temporary.unlink(missing_ok=True)
    return summary
