"""The activities table renders each page's cells itself (ActivityTable.page_cells, once per column
rather than django-tables2's per-cell signature inspection): every cell must equal django-tables2's own."""

import datetime

import pytest

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
