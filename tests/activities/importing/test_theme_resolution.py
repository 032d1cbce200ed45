import pytest

from activities.importing.apply import ThemePlan, apply_preview, build_preview
from activities.importing.read import RawCell, RawPlan, RawRow
from activities.importing.rows import validate_rows
from activities.models import Activity, Theme
from owners.parsing import KnownRole, OwnerMatcher
from tests.activities.importing.support import apply_text, preview_of, synthetic_plan
from tests.factories import import_destination_for, make_role, make_theme

pytestmark = pytest.mark.django_db


def sheet_row(row: int, reference: str, theme: str) -> RawRow:
    """A spreadsheet-style row, which names its theme (as the spreadsheet reader produces)."""
    values = {
        "reference": reference,
        "theme": theme,
        "activity": f"We will do {reference}.",
        "owners": "Lead Role",
        "timescale": "March 2024",
    }
    cells = {column: RawCell(value, row, column.title()) for column, value in values.items()}
    return RawRow(sheet="Plan", row=row, cells=cells)


def test_table_without_a_theme_at_its_position_creates_theme_n(db):
    make_role("Lead Role")
    preview = preview_of(synthetic_plan(2, owners="Lead Role"))
    assert preview.themes_to_create == (ThemePlan(1, "Theme 1"),)
    apply_preview(preview, file_name="plan.txt", sha256="0" * 64)
    assert list(Theme.objects.values_list("position", "title")) == [(1, "Theme 1")]
    assert set(Activity.objects.values_list("theme__title", flat=True)) == {"Theme 1"}


def test_table_uses_the_theme_at_its_position_whatever_its_title(db):
    make_role("Lead Role")
    make_theme("Renamed by an administrator", position=1)
    apply_text(synthetic_plan(2, owners="Lead Role"))
    assert Theme.objects.count() == 1
    assert set(Activity.objects.values_list("theme__title", flat=True)) == {
        "Renamed by an administrator"
    }


def test_named_theme_matches_case_insensitively_else_is_created_at_the_end(db):
    make_theme("Contact and digital channels", position=1)
    make_theme("Recruitment", position=2)
    raw = RawPlan(
        "spreadsheet",
        (
            sheet_row(2, "A1", "contact AND digital channels"),
            sheet_row(3, "A2", "Partnerships"),
            sheet_row(4, "A3", "partnerships"),
        ),
    )
    plan = validate_rows(raw, matcher=OwnerMatcher([KnownRole("Lead Role")]))
    make_role("Lead Role")
    preview = build_preview(plan, import_destination_for())
    assert preview.themes_to_create == (ThemePlan(3, "Partnerships"),)
    assert [entry.theme_title for entry in preview.entries] == [
        "Contact and digital channels",
        "Partnerships",
        "Partnerships",
    ]
    run = apply_preview(preview, file_name="plan.xlsx", sha256="0" * 64)
    assert Theme.objects.get(position=3).title == "Partnerships"
    assert run.counts["themes_created"] == 1


def test_a_new_theme_close_to_a_stored_one_is_offered_as_a_match_not_merged(db):
    make_theme("Neighbourhood policing and local engagement", position=1)
    raw = RawPlan("spreadsheet", (sheet_row(2, "N1", "Neighbourhood policing"),))
    make_role("Lead Role")
    plan = validate_rows(raw, matcher=OwnerMatcher([KnownRole("Lead Role")]))
    preview = build_preview(plan, import_destination_for())
    assert preview.themes_to_create == (
        ThemePlan(2, "Neighbourhood policing", ("Neighbourhood policing and local engagement",)),
    )
