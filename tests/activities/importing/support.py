"""Shared helpers for import tests: the published plan, edited copies, synthetic plans, a runner."""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from activities.models import Activity, ActivityChange, ImportRun, Milestone, StatusUpdate, Theme
from owners.models import OwnerRole
from tests.factories import import_destination_for

PLAN_PATH = Path(settings.BASE_DIR) / "fixtures" / "published-plan-2022-2024.txt"
CAPTION = "What we will deliver 2022 – 2024:"
HEADER = "Activity |\nOwner(s) |\nTimescale |\n"


def load_roles_and_themes() -> None:
    call_command("loaddata", "owner_roles", "published_plan", verbosity=0)


def run_import(*arguments: str) -> str:
    """Run import_plan; return what it printed (CommandError propagates)."""
    out = io.StringIO()
    call_command("import_plan", *[str(a) for a in arguments], stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_failing_import(*arguments: str) -> tuple[str, str]:
    """Run import_plan expecting CommandError; return (what it printed, the error message)."""
    out = io.StringIO()
    try:
        call_command("import_plan", *[str(a) for a in arguments], stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return out.getvalue(), str(error)
    raise AssertionError("import_plan succeeded; expected it to refuse")


def edited_plan(tmp_path: Path, *replacements: tuple[str, str], name: str = "plan.txt") -> Path:
    """A copy of the published plan with each (old, new) replaced; old must occur exactly once."""
    text = PLAN_PATH.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def synthetic_plan(rows: int, *, owners: str, timescale: str = "March 2024") -> str:
    """A plan of `rows` activities in one table, as the published page is saved."""
    cells = "".join(
        f"We will deliver commitment number {n}. |\n{owners} |\n{timescale} |\n"
        for n in range(1, rows + 1)
    )
    return f"Cookie banner text\n{CAPTION}\n{HEADER}{cells}"


def plan_data_counts() -> dict[str, int]:
    """How many rows of each kind of plan data exist: equal before and after means nothing written."""
    models = (Activity, ActivityChange, ImportRun, Milestone, StatusUpdate, Theme, OwnerRole)
    return {model.__name__: model.objects.count() for model in models}


def preview_of(text: str, *, file_name: str = "plan.txt"):
    """Parse plan text and preview it against the database, as the command and page do."""
    from activities.importing.apply import build_preview
    from activities.importing.parse import parse_plan

    return build_preview(
        parse_plan(text.encode("utf-8"), file_name=file_name), import_destination_for(file_name)
    )


def apply_text(text: str, *, file_name: str = "plan.txt", **options):
    from activities.importing.apply import apply_preview

    preview = preview_of(text, file_name=file_name)
    return apply_preview(preview, file_name=file_name, sha256="0" * 64, **options)
