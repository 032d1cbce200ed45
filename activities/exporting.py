"""The whole plan -> one .xlsx workbook in the layout the importer reads back.

Sheet "Plan" (first, so the importer's default) holds one row per activity in plan order, with a
Theme column; "Status history" holds every status update and review comment, newest first per
activity. Rows stream from the database in chunks into openpyxl's write-only mode, so memory and
the number of queries stay flat as the plan grows.

Formula safety differs from the list exports (activities.exports prefixes a quote): here text must
come back identical on re-import, so every text cell is written as an explicit string cell
(data_type "s", an inline string in the XML). A string cell is never a formula, whatever it starts
with; openpyxl would otherwise store text beginning with "=" as one.
"""

from dataclasses import dataclass
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from activities.exports import safe_cell
from activities.models import Activity, Status, StatusUpdate

PLAN_SHEET = "Plan"
HISTORY_SHEET = "Status history"
CHUNK_SIZE = 2000
DATE_FORMAT = "d mmm yyyy"
DATETIME_FORMAT = "d mmm yyyy hh:mm"
PLAN_ORDER = ("theme__position", "position", "reference")

# Cell kinds: how a column's values are written and styled.
TEXT, WRAPPED, DATE, DATETIME = "text", "wrapped", "date", "datetime"


@dataclass(frozen=True)
class Column:
    header: str  # the importer finds Theme … Status and Latest commentary by these words
    width: int  # in characters
    kind: str = TEXT


PLAN_COLUMNS = (
    Column("Theme", 28, WRAPPED),
    Column("Reference", 11),
    Column("Activity", 60, WRAPPED),
    Column("Owner(s)", 34, WRAPPED),
    Column("Timescale", 22, WRAPPED),
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

    Styles are resolved once per sheet and shared by every cell of a column (a StyleArray copy per
    cell, no per-cell style lookups); plain unwrapped text is passed through as a bare value unless
    openpyxl would read it as a formula.
    """

    def __init__(self, workbook: Workbook, title: str, columns: tuple[Column, ...]):
        self.sheet = workbook.create_sheet(title)
        self.columns = columns
        self.rows = 0
        self.styles = {
            TEXT: None,
            WRAPPED: self.style(alignment=Alignment(wrap_text=True, vertical="top")),
            DATE: self.style(number_format=DATE_FORMAT, alignment=Alignment(vertical="top")),
            DATETIME: self.style(
                number_format=DATETIME_FORMAT, alignment=Alignment(vertical="top")
            ),
        }
        self.kinds = [column.kind for column in columns]
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
        self.sheet.append([self.text_cell(column.header, bold) for column in self.columns])

    def text_cell(self, value: str, style) -> Cell:
        cell = Cell(self.sheet, row=1, column=1, style_array=style)
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # a string, even when it begins with "=": never a formula
        return cell

    def cell(self, value, kind: str):
        if value is None or value == "":
            return None
        if kind in (DATE, DATETIME):
            cell = Cell(self.sheet, row=1, column=1, style_array=self.styles[kind])
            cell.value = safe_cell(value)  # aware datetimes -> naive UK local time
            return cell
        if kind == TEXT and not value.startswith("=") and not ILLEGAL_CHARACTERS_RE.search(value):
            return value  # openpyxl stores this as a string cell already
        return self.text_cell(value, self.styles[kind])

    def append(self, values) -> None:
        self.sheet.append(
            [self.cell(value, kind) for value, kind in zip(values, self.kinds, strict=True)]
        )
        self.rows += 1

    def finish(self) -> None:
        last = get_column_letter(len(self.columns))
        self.sheet.auto_filter.ref = f"A1:{last}{self.rows + 1}"


def plan_activities():
    """Every activity in plan order with theme, owners and latest commentary: two queries a chunk."""
    return (
        Activity.objects.select_related("theme")
        .with_owners()
        .with_latest_commentary()
        .order_by(*PLAN_ORDER)
        .iterator(chunk_size=CHUNK_SIZE)
    )


def plan_row(activity: Activity) -> tuple:
    return (
        activity.theme.title,
        activity.reference,
        activity.text,
        "\n".join(role.title for role in activity.owner_roles()),  # lead first
        activity.timescale_label,
        activity.next_due,
        STATUS_LABELS[activity.current_status],
        activity.latest_commentary,
        activity.last_update_at,
    )


def status_history():
    """Every status update and review comment, activities in plan order, newest first in each."""
    return (
        StatusUpdate.objects.select_related("activity", "author", "import_run")
        .only(
            *("kind", "status", "commentary", "created_at", "activity__reference"),
            *("author__username", "author__first_name", "author__last_name"),
            "import_run__file_name",
        )
        .order_by(*(f"activity__{field}" for field in PLAN_ORDER), "-created_at", "-id")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def history_row(update: StatusUpdate) -> tuple:
    return (
        update.activity.reference,
        update.created_at,
        KIND_LABELS[update.kind],
        STATUS_LABELS[update.status],
        update.commentary,
        update.author_name,
    )


def export_plan(destination: str | IO[bytes]) -> ExportSummary:
    """Write the whole plan as .xlsx to a path or a binary file object; say what was written."""
    workbook = Workbook(write_only=True)
    plan = SheetWriter(workbook, PLAN_SHEET, PLAN_COLUMNS)
    themes = set()
    for activity in plan_activities():
        plan.append(plan_row(activity))
        themes.add(activity.theme_id)
    plan.finish()
    history = SheetWriter(workbook, HISTORY_SHEET, HISTORY_COLUMNS)
    for update in status_history():
        history.append(history_row(update))
    history.finish()
    workbook.save(destination)
    return ExportSummary(activities=plan.rows, themes=len(themes), status_updates=history.rows)
