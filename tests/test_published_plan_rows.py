"""Every row of the published plan parses to what a careful reader finds (tests/published_plan_expected.py)."""

import json
from pathlib import Path

import pytest

from activities.timescales import parse_timescale
from owners.parsing import KnownRole, OwnerMatcher
from tests.published_plan_expected import EXPECTED_ROWS, ROWS_PER_THEME

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _known_roles_from_fixture() -> list[KnownRole]:
    """The roles as fixtures/owner_roles.json defines them, read without a database."""
    objects = json.loads((FIXTURES / "owner_roles.json").read_text(encoding="utf-8"))
    titles = {o["pk"]: o["fields"]["title"] for o in objects if o["model"] == "owners.ownerrole"}
    aliases: dict[int, list[str]] = {pk: [] for pk in titles}
    for o in objects:
        if o["model"] == "owners.ownerrolealias":
            aliases[o["fields"]["role"]].append(o["fields"]["text"])
    return [KnownRole(titles[pk], tuple(aliases[pk])) for pk in titles]


MATCHER = OwnerMatcher(_known_roles_from_fixture())


def _row_id(row):
    return row.reference


def test_the_plan_has_53_rows_in_five_themes():
    assert len(EXPECTED_ROWS) == 53
    counted = {p: sum(r.theme_position == p for r in EXPECTED_ROWS) for p in ROWS_PER_THEME}
    assert counted == ROWS_PER_THEME


@pytest.mark.parametrize("row", EXPECTED_ROWS, ids=_row_id)
def test_owner_cell_splits_into_the_expected_roles(row):
    split = MATCHER.split(row.owners_text)
    assert split.titles == row.owners
    assert split.unmatched == ()


@pytest.mark.parametrize("row", EXPECTED_ROWS, ids=_row_id)
def test_timescale_cell_parses_into_the_expected_milestones(row):
    parsed = parse_timescale(row.timescale_text)
    got = [(m.label, m.due.isoformat() if m.due else None, m.completed) for m in parsed.milestones]
    assert got == list(row.milestones)
    assert parsed.ongoing is row.ongoing
    assert parsed.label == row.timescale_text
    assert parsed.problems == ()


def test_every_fixture_role_owns_something_in_the_plan():
    owning = {title for row in EXPECTED_ROWS for title in row.owners}
    assert {role.title for role in _known_roles_from_fixture()} == owning


def test_expected_rows_appear_in_the_saved_plan_in_order():
    """The table is checked against the file itself, independently of any reader or parser."""
    text = " ".join((FIXTURES / "published-plan-2022-2024.txt").read_text("utf-8").split())
    position = 0
    for row in EXPECTED_ROWS:
        cells = f"| {row.owners_text} | {row.timescale_text} |"
        start = text.index(row.activity_start, position)
        position = text.index(cells, start)
        assert "|" not in text[start : position - 1], (
            f"{row.reference} owners are not its next cell"
        )
