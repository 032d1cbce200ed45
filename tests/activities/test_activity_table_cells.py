"""The activities table renders each page's cells itself (ActivityTable.page_cells calls each
column's render method directly): every page must equal what django-tables2 renders on its own."""

import datetime
import re

import pytest

from django.test import RequestFactory
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator

from activities import services
from activities.models import Activity, Status
from activities.tables import ActivityTable
from activities.templatetags.plan_tags import status_tag
from tests.factories import TEST_PLAN_URL, make_activity, make_role, make_theme

TODAY = datetime.date(2026, 6, 15)
STOCK_TEMPLATE = "django_tables2/govuk.html"  # django-tables2's row.items() for every cell


def rendered(template_name=None) -> str:
    """A table built afresh (no state shared with another) rendered to HTML, ignoring the
    whitespace between tags (the two templates indent differently)."""
    request = RequestFactory().get(TEST_PLAN_URL + "/activities/")
    options = {"template_name": template_name} if template_name else {}
    table = ActivityTable(Activity.objects.for_list(), today=TODAY, **options)
    return re.sub(r">\s+<", "><", table.as_html(request))


def stock_rows() -> list:
    return list(ActivityTable(Activity.objects.for_list(), today=TODAY).paginated_rows)


@pytest.mark.django_db
def test_list_page_equals_a_separately_built_table_rendered_by_django_tables2(editor):
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

    fast = rendered()

    assert fast.count('<tr class="govuk-table__row">') == 6  # the header and five activities
    assert fast == rendered(STOCK_TEMPLATE)


@pytest.mark.django_db
def test_rows_due_the_same_day_get_the_overdue_mark_and_status_tag_of_their_own_status(editor):
    theme = make_theme("Safer streets")
    due = datetime.date(2026, 1, 31)
    make_activity(reference="1.1", theme=theme, due=due)
    closed = make_activity(reference="1.2", theme=theme, due=due)
    make_activity(reference="1.3", theme=theme, due=due)
    services.status_update_create(
        activity=closed, status=Status.COMPLETE, commentary="Done.", author=editor
    )
    table = ActivityTable(Activity.objects.for_list(), today=TODAY)

    next_due = {cells[0][1]: dict(cells)["next_due"] for cells in table.page_cells()}

    day = date_format(due, "j M Y")
    assert [("Overdue" in cell, day in cell) for cell in next_due.values()] == [
        (True, True),
        (False, True),
        (True, True),
    ]
    statuses = {row.get_cell("reference"): row.record.current_status for row in stock_rows()}
    for cells in table.page_cells():
        cell = dict(cells)
        assert cell["status"] == status_tag(statuses[cell["reference"]])
    assert rendered() == rendered(STOCK_TEMPLATE)


@pytest.mark.django_db
def test_awkward_references_and_text_render_as_get_absolute_url_and_truncator_say():
    """The one shortcut (the detail URL reversed once per table) falls back to
    get_absolute_url() for references a URL must quote; text is cut by Truncator itself."""
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

    rows = stock_rows()

    assert len(rows) == 4
    for row in rows:
        record = row.record
        assert row.get_cell("reference") == format_html(
            '<a class="govuk-link" href="{}">{}</a>', record.get_absolute_url(), record.reference
        )
        assert row.get_cell("activity") == Truncator(record.text).chars(140)
    assert rendered() == rendered(STOCK_TEMPLATE)


@pytest.mark.django_db
def test_dates_render_as_django_formats_them_whatever_rows_came_before():
    theme = make_theme("Safer streets")
    dues = [
        datetime.date(2026, 1, 31),
        datetime.date(2026, 1, 5),  # the same month, another day
        datetime.date(2027, 1, 5),  # the same month, another year
        datetime.date(2026, 2, 5),
    ]
    for number, due in enumerate(dues, start=1):
        make_activity(reference=f"1.{number}", theme=theme, due=due)
    table = ActivityTable(Activity.objects.for_list(), today=TODAY)

    cells = {dict(row)["reference"]: dict(row)["next_due"] for row in table.page_cells()}

    for row in stock_rows():
        expected = date_format(row.record.next_due, "j M Y")
        assert f'<span class="plan-nowrap">{expected}</span>' in cells[row.get_cell("reference")]
