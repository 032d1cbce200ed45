"""The activities table renders each page's cells itself (ActivityTable.page_cells, once per column
rather than django-tables2's per-cell signature inspection): every cell must equal django-tables2's own."""

import datetime

import pytest

from django.utils.html import format_html
from django.utils.text import Truncator

from activities import services
from activities.models import Activity, Status
from activities.tables import ActivityTable
from tests.factories import make_activity, make_role, make_theme

TODAY = datetime.date(2026, 6, 15)


@pytest.mark.django_db
def test_page_cells_equal_django_tables2_cells(editor):
    theme = make_theme("Safer streets")
    lead, partner = make_role("Lead role"), make_role("Partner <role>")
    make_activity(theme=theme, owners=[lead, partner], due=datetime.date(2026, 1, 31))
    make_activity(theme=theme, owners=[], text="Long & " + "x" * 200, ongoing=True)
    make_activity(theme=theme, owners=[lead], due=datetime.date(2027, 3, 1))
    make_activity(theme=theme, owners=[partner])
    updated = make_activity(theme=theme, due=datetime.date(2026, 2, 1))
    services.status_update_create(
        activity=updated, status=Status.COMPLETE, commentary="Done.", author=editor
    )
    table = ActivityTable(Activity.objects.for_list(), today=TODAY)

    expected = [
        [(column.name, cell) for column, cell in row.items()] for row in table.paginated_rows
    ]

    assert len(expected) == 5
    assert table.page_cells() == expected


@pytest.mark.django_db
def test_page_cells_equal_django_tables2_cells_for_awkward_references_and_text():
    """The shortcuts (detail URL reversed once, ASCII text cut without Truncator's walk) fall back
    to the full path for references a URL must quote and text Truncator must count carefully."""
    theme = make_theme("Safer streets")
    long_ascii = "We will <deliver> & report " + "y" * 200
    for number, (reference, text) in enumerate(
        [
            ("1.4", long_ascii),
            ("R é 1", "Café " * 40),  # quoted in the URL; non-ASCII text over the limit
            ("A&B?", "e\u0301" * 150),  # combining accents: Truncator does not count them
            ("12.3a", "x" * 140),  # exactly at the limit: kept whole
        ]
    ):
        made = make_activity(
            reference=f"0.{number}", theme=theme, text=text, due=datetime.date(2026, 5, 1)
        )
        # Stored before references were checked (activities.references refuses the quoted ones).
        Activity.objects.filter(pk=made.pk).update(reference=reference)
    table = ActivityTable(Activity.objects.for_list(), today=TODAY)

    expected = [
        [(column.name, cell) for column, cell in row.items()] for row in table.paginated_rows
    ]

    assert len(expected) == 4
    assert table.page_cells() == expected
    for row in table.paginated_rows:
        record = row.record
        assert row.get_cell("reference") == format_html(
            '<a class="govuk-link" href="{}">{}</a>', record.get_absolute_url(), record.reference
        )
        assert row.get_cell("activity") == Truncator(record.text).chars(140)
