"""Columns of the activities list and its exports: what each cell shows, exports and sorts by."""

import re
from collections.abc import Callable

import django_tables2 as tables
from django_tables2.utils import A, signature

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, F, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length

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


def cell_renderer(bound_column, model) -> Callable[[object], object]:
    """One column's cell as django-tables2's BoundRow.get_cell renders it, with the work that is
    the same for every row (the render method's signature, the accessor, choices) done once.

    django-tables2 inspects the render method's signature for every cell; on a 50-row page that
    was most of the list's rendering time."""
    column = bound_column.column
    if bound_column.link:
        raise ValueError(f"{bound_column.name}: linked columns are not supported here")
    accessor = A(bound_column.accessor)
    parts = accessor.bits
    display = None
    if len(parts) == 1:
        try:
            field = model._meta.get_field(parts[0])
        except FieldDoesNotExist:
            field = None
        if field is not None and getattr(field, "choices", ()):
            display = f"get_{parts[0]}_display"
    render = bound_column.render
    wanted, catch_all = signature(render)
    if catch_all:
        raise ValueError(f"{bound_column.name}: render(**kwargs) is not supported here")
    static = {"column": column, "bound_column": bound_column, "table": bound_column._table}
    if set(wanted) - {"value", "record", *static}:
        raise ValueError(f"{bound_column.name}: render wants {wanted}, not supported here")
    empty_values = column.empty_values
    default = bound_column.default
    # A value nobody reads is not resolved: the owners column's would be a many-to-many manager
    # built per row, the status column's a choice label looked up per row.
    if "value" not in wanted and not empty_values:

        def cell_from_record(record):
            arguments = {"record": record, **static}
            return render(**{name: arguments[name] for name in wanted})

        return cell_from_record

    def cell(record):
        if display:
            value = getattr(record, display)()
        elif len(parts) == 1:
            value = getattr(record, parts[0])
        else:
            value = accessor.resolve(record)
        if value in empty_values:
            return default
        arguments = {"value": value, "record": record, **static}
        return render(**{name: arguments[name] for name in wanted})

    return cell


OVERDUE_TAG = mark_safe(' <strong class="govuk-tag govuk-tag--red">Overdue</strong>')


def table_date(value) -> str:
    # Abbreviated months keep the date columns narrow (GOV.UK style allows this in tables).
    return date_format(value, "j M Y")


class ActivityTable(tables.Table):
    """The activities list on screen; `today` decides which rows are marked overdue."""

    reference = tables.Column(verbose_name="Reference", order_by=PLAN_ORDER)
    activity = tables.Column(verbose_name="Activity", accessor="text", orderable=False)
    theme = tables.Column(
        verbose_name="Theme", order_by=("theme__position", "position", "reference")
    )
    owners = tables.Column(verbose_name="Owners", empty_values=(), orderable=False)
    next_due = tables.Column(verbose_name="Next due", empty_values=())
    # Never empty (a check constraint keeps it to the vocabulary), so no empty values to look for.
    status = tables.Column(verbose_name="Status", accessor="current_status", empty_values=())
    last_updated = tables.Column(
        verbose_name="Last updated", accessor="last_update_at", empty_values=()
    )

    caption = "Activities"

    class Meta:
        empty_text = "No activities match these filters."
        template_name = "django_tables2/activity_table.html"

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        # Work that repeats down a page (months, next due cells, status tags) is done once per
        # table; so is reading the request's time zone and reversing the detail URL.
        self.rendered: dict[tuple, object] = {}
        self.timezone = timezone.get_current_timezone()
        self.detail_url_parts: tuple[str, str] | None = None

    def detail_url(self, record) -> str:
        """record.get_absolute_url(), with reverse() done once per table rather than per row."""
        if not PLAIN_REFERENCE.fullmatch(record.reference):
            return record.get_absolute_url()
        if self.detail_url_parts is None:
            head, _, tail = reverse(
                "activities:detail", kwargs={"reference": "REFERENCE"}
            ).rpartition("REFERENCE")
            self.detail_url_parts = (head, tail)
        head, tail = self.detail_url_parts
        return f"{head}{record.reference}{tail}"

    def once(self, key: tuple, render: Callable[[], object]):
        """render(), called the first time this table asks for `key`."""
        if key not in self.rendered:
            self.rendered[key] = render()
        return self.rendered[key]

    def date_cell(self, value) -> str:
        """table_date(value): "j M Y" is the day, a space, then "M Y", formatted once per month."""
        month = self.once(("month", value.year, value.month), lambda: date_format(value, "M Y"))
        return f"{value.day} {month}"

    def page_cells(self) -> list[list[tuple[str, object]]]:
        """The rows on this page as (column name, rendered cell) pairs, for activity_table.html."""
        columns = list(self.columns)
        model = self.data.model
        renderers = [(column.name, cell_renderer(column, model)) for column in columns]
        return [
            [(name, render(row.record)) for name, render in renderers]
            for row in self.paginated_rows
        ]

    def render_reference(self, value, record):
        return format_html('<a class="govuk-link" href="{}">{}</a>', self.detail_url(record), value)

    def value_reference(self, value):
        return value

    def render_activity(self, value):
        # What Truncator(value).chars(ACTIVITY_TEXT_CHARS) returns, without its per-character walk
        # where the answer is plain: short text is kept; ASCII text has no combining characters
        # (which Truncator does not count) and needs no normalising.
        if len(value) <= ACTIVITY_TEXT_CHARS:
            return value
        if value.isascii():
            kept = self.once(
                ("kept",), lambda: calculate_truncate_chars_length(ACTIVITY_TEXT_CHARS, None)
            )
            return add_truncation_text(value[:kept])
        return Truncator(value).chars(ACTIVITY_TEXT_CHARS)

    def value_activity(self, value):
        return value

    def value_theme(self, record):
        return record.theme.title

    def render_owners(self, record):
        # format_html_join's markup, without a format_html call per owner.
        items = "".join(
            [f"<li>{conditional_escape(role.title)}</li>" for role in record.owner_roles()]
        )
        return format_html(
            '<ul class="govuk-list govuk-!-font-size-16 govuk-!-margin-bottom-0">{}</ul>',
            mark_safe(items),
        )

    def value_owners(self, record):
        return "; ".join(role.title for role in record.owner_roles())

    def render_next_due(self, record):
        if record.next_due is None:
            return "Ongoing" if record.ongoing else "No date"
        overdue = record.is_overdue(self.today)
        return self.once(
            ("next_due", record.next_due, overdue),
            lambda: format_html(
                '<span class="plan-nowrap">{}</span>{}',
                self.date_cell(record.next_due),
                OVERDUE_TAG if overdue else "",
            ),
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

    # django-tables2 hands choice columns their display text; the tag needs the stored value.
    def render_status(self, record):
        status = record.current_status
        return self.once(("status", status), lambda: status_tag(status))

    def value_status(self, record):
        return record.get_current_status_display()

    def order_status(self, queryset, is_descending):
        rank = STATUS_RANK.desc() if is_descending else STATUS_RANK.asc()
        return queryset.order_by(rank, *PLAN_ORDER), True

    def render_last_updated(self, value):
        return self.date_cell(timezone.localdate(value, self.timezone)) if value else "Never"

    def value_last_updated(self, value):
        return value  # exports.safe_cell makes it local time

    def order_last_updated(self, queryset, is_descending):
        field = F("last_update_at")
        order = field.desc(nulls_last=True) if is_descending else field.asc(nulls_last=True)
        return queryset.order_by(order, *PLAN_ORDER), True


class ActivityExportTable(ActivityTable):
    """The export: full text, timescale and latest commentary; needs with_latest_commentary()."""

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
        )
