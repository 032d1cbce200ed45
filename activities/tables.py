"""Columns of the activities list and its exports: what each cell shows, exports and sorts by."""

import datetime
import re

import django_tables2 as tables

from django.db.models import Case, F, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from activities.models import Status
from activities.templatetags.plan_tags import status_tag

ACTIVITY_TEXT_CHARS = 140
PLAN_ORDER = ("theme__position", "position", "reference")
# References reverse() puts in a URL as they are (no quoting, no "/"): "1.4", "12.3a".
PLAIN_REFERENCE = re.compile(r"[A-Za-z0-9._~-]+")
# Sorting by status follows the vocabulary's order (not started … withdrawn), not the alphabet.
STATUS_RANK = Case(
    *(When(current_status=value, then=Value(rank)) for rank, value in enumerate(Status.values)),
    default=Value(len(Status.values)),
    output_field=IntegerField(),
)
OVERDUE_TAG = mark_safe(' <strong class="govuk-tag govuk-tag--red">Overdue</strong>')


def column(verbose_name: str, **options) -> tables.Column:
    """A column whose render_<name>(record) is always called: no empty values to look for, so
    django-tables2's cells and ActivityTable.page_cells call the same method the same way."""
    return tables.Column(verbose_name=verbose_name, empty_values=(), **options)


class ActivityTable(tables.Table):
    """The activities list on screen; `today` decides which rows are marked overdue.

    Every column has a render_<name>(self, record) method. The page's cells are rendered by
    page_cells(), which calls those methods directly: django-tables2's own row rendering inspects
    each render method's signature and resolves each accessor for every cell, which made the list
    about twice as slow to render. tests/activities/test_activity_table_cells.py keeps page_cells
    equal to a separately built table rendered by django-tables2 itself."""

    reference = column("Reference", order_by=PLAN_ORDER)
    activity = column("Activity", accessor="text", orderable=False)
    theme = column("Theme", order_by=PLAN_ORDER)
    owners = column("Owners", orderable=False)
    next_due = column("Next due")
    status = column("Status", accessor="current_status")
    last_updated = column("Last updated", accessor="last_update_at")

    caption = "Activities"

    class Meta:
        empty_text = "No activities match these filters."
        template_name = "django_tables2/activity_table.html"

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.detail_url_parts: dict[str, tuple[str, str]] = {}  # per plan short name
        # A page repeats a few months and statuses down 25-50 rows: each is formatted once per
        # table (one request, one language), keyed by everything its text depends on.
        self.months: dict[tuple[int, int], str] = {}
        self.status_tags: dict[str, str] = {}

    def page_cells(self) -> list[list[tuple[str, object]]]:
        """The rows on this page as (column name, rendered cell) pairs, for activity_table.html."""
        renders = [(bound.name, getattr(self, f"render_{bound.name}")) for bound in self.columns]
        return [
            [(name, render(row.record)) for name, render in renders] for row in self.paginated_rows
        ]

    def detail_url(self, record) -> str:
        """record.get_absolute_url(), with reverse() done once per plan rather than per row (a
        list across plans, such as "my activities", links into each row's own plan)."""
        if not PLAIN_REFERENCE.fullmatch(record.reference):
            return record.get_absolute_url()
        short_name = record.plan.short_name
        if short_name not in self.detail_url_parts:
            address = reverse(
                "activities:detail", kwargs={"plan": short_name, "reference": "REFERENCE"}
            )
            head, _, tail = address.rpartition("REFERENCE")
            self.detail_url_parts[short_name] = (head, tail)
        head, tail = self.detail_url_parts[short_name]
        return f"{head}{record.reference}{tail}"

    def date_cell(self, value: datetime.date) -> str:
        """date_format(value, "j M Y"): the day, a space, then "M Y", formatted once per month.
        Abbreviated months keep the date columns narrow (GOV.UK style allows this in tables)."""
        key = (value.year, value.month)
        if key not in self.months:
            self.months[key] = date_format(value, "M Y")
        return f"{value.day} {self.months[key]}"

    def render_reference(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', self.detail_url(record), record.reference
        )

    def value_reference(self, value):
        return value

    def render_activity(self, record):
        return Truncator(record.text).chars(ACTIVITY_TEXT_CHARS)

    def value_activity(self, value):
        return value

    def render_theme(self, record):
        return record.theme.title

    def value_theme(self, record):
        return record.theme.title

    def render_owners(self, record):
        # format_html_join's markup, escaping each title, without a format_html call per owner.
        items = "".join(f"<li>{escape(role.title)}</li>" for role in record.owner_roles())
        return format_html(
            '<ul class="govuk-list govuk-!-font-size-16 govuk-!-margin-bottom-0">{}</ul>',
            mark_safe(items),
        )

    def value_owners(self, record):
        return "; ".join(role.title for role in record.owner_roles())

    def render_next_due(self, record):
        if record.next_due is None:
            return "Ongoing" if record.ongoing else "No date"
        return format_html(
            '<span class="plan-nowrap">{}</span>{}',
            self.date_cell(record.next_due),
            OVERDUE_TAG if record.is_overdue(self.today) else "",
        )

    def value_next_due(self, record):
        return record.next_due

    def order_next_due(self, queryset, is_descending):
        due = (
            F("next_due").desc(nulls_last=True)
            if is_descending
            else F("next_due").asc(nulls_last=True)
        )
        return queryset.order_by(due, *PLAN_ORDER), True

    def render_status(self, record):
        status = record.current_status
        if status not in self.status_tags:
            self.status_tags[status] = status_tag(status)
        return self.status_tags[status]

    def value_status(self, record):
        return record.get_current_status_display()

    def order_status(self, queryset, is_descending):
        rank = STATUS_RANK.desc() if is_descending else STATUS_RANK.asc()
        return queryset.order_by(rank, *PLAN_ORDER), True

    def render_last_updated(self, record):
        updated = record.last_update_at
        return self.date_cell(timezone.localdate(updated)) if updated else "Never"

    def value_last_updated(self, value):
        return value  # list_exports.safe_cell makes it local time

    def order_last_updated(self, queryset, is_descending):
        field = F("last_update_at")
        order = field.desc(nulls_last=True) if is_descending else field.asc(nulls_last=True)
        return queryset.order_by(order, *PLAN_ORDER), True


class ActivityExportTable(ActivityTable):
    """The export: full text, timescale, latest commentary and the plan; needs
    with_latest_commentary() and for_list() (the plan is read from the row)."""

    plan = tables.Column(accessor="plan__title", verbose_name="Plan", orderable=False)
    timescale = tables.Column(accessor="timescale_label", verbose_name="Timescale", orderable=False)
    latest_commentary = tables.Column(verbose_name="Latest commentary", default="", orderable=False)

    class Meta(ActivityTable.Meta):
        sequence = (
            "reference",
            "theme",
            "activity",
            "owners",
            "timescale",
            "next_due",
            "status",
            "last_updated",
            "latest_commentary",
            "plan",  # last, as in the overdue review's export: earlier columns keep their places
        )


class PlanActivityTable(ActivityTable):
    """A list across plans ("my activities"): every row names its plan, after the reference (the
    row's header). Needs for_list()."""

    plan = column("Plan", orderable=False)

    class Meta(ActivityTable.Meta):
        sequence = ("reference", "plan", "...")

    def render_plan(self, record):
        return record.plan.title

    def value_plan(self, record):
        return record.plan.title
