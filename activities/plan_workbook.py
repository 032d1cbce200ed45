"""One whole plan -> one .xlsx workbook in the layout the importer reads back (into the same plan).

Sheet "Plan" (first, so the importer's default) holds one row per activity in plan order, with a
Theme column; "Status history" holds every status update and review comment, newest first per
activity. Rows stream from the database in chunks into openpyxl's write-only mode, so memory and
the number of queries stay flat as the plan grows.

Formula safety differs from the list exports (activities.list_exports prefixes a quote): here text must
come back identical on re-import, so every text cell is a string cell (data_type "s", an inline
string in the XML, never an <f> element). Spreadsheets never run a string cell, whatever it starts
with (=, +, -, @, tab, CR). openpyxl makes text a string cell by itself except text beginning with
"=", which it would store as a formula: that text, and all wrapped text, has data_type forced.
"""

import datetime
from dataclasses import dataclass
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from django.utils import timezone

from activities.models import Activity, ActivityOwner, Plan, Status, StatusUpdate

PLAN_SHEET = "Plan"
HISTORY_SHEET = "Status history"
CHUNK_SIZE = 2000
PLAN_ORDER = ("theme__position", "position", "reference")

# Cell kinds: how a column's values are written and styled.
TEXT, WRAPPED, DATE, DATETIME = "text", "wrapped", "date", "datetime"


@dataclass(frozen=True)
class Column:
    header: str  # the importer finds Theme … Status and Latest commentary by these words
    width: int  # in characters
    kind: str = TEXT


PLAN_COLUMNS = (
    Column("Theme", 44),
    Column("Reference", 11),
    Column("Activity", 60, WRAPPED),
    Column("Owner(s)", 34, WRAPPED),
    Column("Timescale", 24),
    Column("Next due", 13, DATE),
    Column("Status", 12),
    Column("Latest commentary", 60, WRAPPED),
    Column("Last updated", 18, DATETIME),
)
HISTORY_COLUMNS = (
    Column("Reference", 11),
    Column("When", 18, DATETIME),
    Column("Kind", 15),
    Column("Status", 12),
    Column("Commentary", 80, WRAPPED),
    Column("Author", 28),
)

STATUS_LABELS = {status.value: status.label for status in Status}
KIND_LABELS = {kind.value: kind.label for kind in StatusUpdate.Kind}


@dataclass(frozen=True)
class ExportSummary:
    activities: int
    themes: int
    status_updates: int

    def describe(self, destination: str) -> str:
        """'Exported 53 activities in 5 themes to plan.xlsx' — the command's one-line summary."""
        activities = f"{self.activities} activit{'y' if self.activities == 1 else 'ies'}"
        themes = f"{self.themes} theme{'' if self.themes == 1 else 's'}"
        return f"Exported {activities} in {themes} to {destination}"


class SheetWriter:
    """Appends rows of plain values to a write-only sheet, turning each into the right cell.

    Cost per cell is kept close to openpyxl's own (`manage.py benchmark` measures the export against
    writing the bare values): plain text and dates go in as bare values, which openpyxl writes through one
    reused cell (dates get its date number formats); wrapped text goes through one reused styled
    cell per column (StringCell); only the header and unwrapped text beginning with "=" get cells
    of their own.
    """

    def __init__(self, workbook: Workbook, title: str, columns: tuple[Column, ...]):
        self.sheet = workbook.create_sheet(title)
        self.columns = columns
        self.rows = 0
        self.local = timezone.get_current_timezone()
        wrapped = self.style(alignment=Alignment(wrap_text=True, vertical="top"))
        converters = {TEXT: self.text, DATE: none_if_empty, DATETIME: self.local_datetime}
        self.converters = [
            StringCell(self.string_cell("", wrapped))
            if column.kind == WRAPPED
            else converters[column.kind]
            for column in columns
        ]
        self.start()

    def style(self, **attributes):
        template = Cell(self.sheet, row=1, column=1)
        for name, value in attributes.items():
            setattr(template, name, value)
        return template._style

    def start(self) -> None:
        """Widths and the frozen header must be set before the first row is streamed out."""
        for index, column in enumerate(self.columns, 1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        self.sheet.freeze_panes = "A2"
        bold = self.style(font=Font(bold=True), alignment=Alignment(wrap_text=True))
        self.sheet.append([self.string_cell(column.header, bold) for column in self.columns])

    def string_cell(self, value: str, style) -> Cell:
        cell = Cell(self.sheet, row=1, column=1, style_array=style)
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # a string, even when it begins with "=": never a formula
        return cell

    def text(self, value: str):
        if not value:
            return None
        if value[0] == "=" or ILLEGAL_CHARACTERS_RE.search(value):
            return self.string_cell(value, None)
        return value  # openpyxl stores any other text as a string cell

    def local_datetime(self, value: datetime.datetime | None):
        # xlsx has no time zones; people read the plan in UK time (as activities.list_exports does).
        return value.astimezone(self.local).replace(tzinfo=None, microsecond=0) if value else None

    def append(self, values) -> None:
        self.sheet.append(
            [convert(value) for convert, value in zip(self.converters, values, strict=True)]
        )
        self.rows += 1

    def finish(self) -> None:
        last = get_column_letter(len(self.columns))
        self.sheet.auto_filter.ref = f"A1:{last}{self.rows + 1}"


class StringCell:
    """One styled cell per column, refilled for every row (as openpyxl does for unstyled values):
    a write-only sheet writes a row out before append() returns, and a cell per value cost more
    than everything else the export adds to openpyxl's own work."""

    def __init__(self, cell: Cell):
        self.cell = cell

    def __call__(self, value: str):
        if not value:
            return None
        self.cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        self.cell.data_type = "s"  # a string, even when it begins with "=": never a formula
        return self.cell


def none_if_empty(value):
    return value or None


# The plan sheet's database columns, in sheet order apart from the owners (joined in Python).
PLAN_FIELDS = (
    "pk",
    "theme__title",
    "reference",
    "text",
    "timescale_label",
    "next_due",
    "current_status",
    "latest_commentary",
    "last_update_at",
)
HISTORY_FIELDS = (
    "activity__reference",
    "created_at",
    "kind",
    "status",
    "commentary",
    "author__first_name",
    "author__last_name",
    "author__username",
    "import_run__file_name",
)


def owner_titles(plan: Plan) -> dict[int, list[str]]:
    """Owner role titles of every activity of the plan, lead first, from one query."""
    owners: dict[int, list[str]] = {}
    links = ActivityOwner.objects.filter(activity__plan=plan).order_by("activity_id", "position")
    for activity_id, title in links.values_list("activity_id", "role__title").iterator(CHUNK_SIZE):
        owners.setdefault(activity_id, []).append(title)
    return owners


def plan_activities(plan: Plan):
    """Every activity of the plan in plan order as plain values (owners included): two queries.

    values_list rather than model instances: building 10,000 models cost more than writing them.
    """
    owners = owner_titles(plan)
    activities = Activity.objects.in_plans(plan).with_latest_commentary().order_by(*PLAN_ORDER)
    for pk, *values in activities.values_list(*PLAN_FIELDS).iterator(CHUNK_SIZE):
        yield pk, owners.get(pk, ()), values


def plan_row(activity) -> tuple:
    _, owners, (theme, reference, text, timescale, next_due, status, commentary, updated) = activity
    return (
        theme,
        reference,
        text,
        "\n".join(owners),
        timescale,
        next_due,
        STATUS_LABELS[status],
        commentary,
        updated,
    )


def status_history(plan: Plan):
    """Every status update and review comment of the plan as plain values: activities in plan
    order, newest first within each."""
    updates = StatusUpdate.objects.filter(activity__plan=plan).order_by(
        *(f"activity__{field}" for field in PLAN_ORDER), "-created_at", "-id"
    )
    return updates.values_list(*HISTORY_FIELDS).iterator(CHUNK_SIZE)


def history_row(update) -> tuple:
    reference, created_at, kind, status, commentary, *author = update
    return (
        reference,
        created_at,
        KIND_LABELS[kind],
        STATUS_LABELS[status],
        commentary,
        author_name(*author),
    )


def author_name(first_name, last_name, username, import_file) -> str:
    """StatusUpdate.author_name, from values instead of related objects."""
    if username is not None:
        return f"{first_name} {last_name}".strip() or username
    if import_file is not None:
        return f"Import of {import_file}"
    return "System"


def workbook_file_name(plan: Plan, day: datetime.date) -> str:
    """The download's name says which plan and which day: engagement-2022-2024-2026-12-02.xlsx."""
    return f"{plan.short_name}-{day:%Y-%m-%d}.xlsx"


def export_plan(plan: Plan, destination: str | IO[bytes]) -> ExportSummary:
    """Write the plan as .xlsx to a path or a binary file object; say what was written. The
    workbook's title property is the plan's title, so the file says which plan it holds."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = plan.title
    workbook.properties.subject = plan.period
    workbook.properties.creator = plan.organisation or "Plan Tracker"
    plan_sheet = SheetWriter(workbook, PLAN_SHEET, PLAN_COLUMNS)
    themes = set()
    for activity in plan_activities(plan):
        row = plan_row(activity)
        plan_sheet.append(row)
        themes.add(row[0])
    plan_sheet.finish()
    history = SheetWriter(workbook, HISTORY_SHEET, HISTORY_COLUMNS)
    for update in status_history(plan):
        history.append(history_row(update))
    history.finish()
    workbook.save(destination)
    return ExportSummary(
        activities=plan_sheet.rows, themes=len(themes), status_updates=history.rows
    )
