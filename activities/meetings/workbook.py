"""A pack as an Excel workbook (openpyxl): one sheet per section, dates as real dates, every text
cell neutralised (list_exports.safe_cell) so a spreadsheet never runs it as a formula."""

import io

from openpyxl import Workbook

from activities.list_exports import safe_row
from activities.meetings.wording import since_text, to_date, to_moment

DATE = "d mmmm yyyy"
MOMENT = "d mmmm yyyy hh:mm"


def _sheet(workbook, title: str, headers: list[str], rows: list[list], formats: dict[int, str]):
    sheet = workbook.create_sheet(title)
    sheet.append(safe_row(headers))
    for row in rows:
        sheet.append(safe_row(row))
    for column, number_format in formats.items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = number_format
    sheet.freeze_panes = "A2"
    return sheet


def _summary_rows(content: dict) -> list[list]:
    summary = content["summary"]
    rows = [[c["label"], c["previous"], c["now"], c["change"]] for c in summary["counts"]]
    rows.append(["All activities", summary["total_previous"], summary["total_now"], None])
    return rows


def _exception_rows(content: dict) -> list[list]:
    rows = []
    for group in content["exceptions"]:
        for row in group["activities"]:
            missed = row["missed_milestone"] or {}
            commentary = row["commentary"] or {}
            rows.append([
                group["role"], ", ".join(row["co_owners"]), row["plan_title"], row["reference"],
                row["text"], row["days_overdue"], missed.get("label"), to_date(missed.get("due")),
                row["status_label"], commentary.get("text"), to_date(commentary.get("at")),
                "\n".join(since_text(row)),
            ])  # fmt: skip
    return rows


def pack_workbook(content: dict) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, "Summary", ["Status", "Previous meeting", "Now", "Change"],
           _summary_rows(content), {})  # fmt: skip
    exception_headers = [
        "Lead owner role", "Co-owners", "Plan", "Reference", "Activity", "Days overdue",
        "Missed milestone", "Missed milestone due", "Status", "Latest commentary",
        "Latest commentary date", "Since the last meeting",
    ]  # fmt: skip
    _sheet(workbook, "Exceptions", exception_headers, _exception_rows(content), {8: DATE, 11: DATE})
    changes = [
        [c["plan"], c["reference"], c["kind_label"], c["old"], c["new"], c["reason"], c["author"],
         to_moment(c["at"])]
        for c in content["changes"]
    ]  # fmt: skip
    _sheet(workbook, "Changes", ["Plan", "Reference", "Change", "From", "To", "Reason", "Who",
                                 "When"], changes, {8: MOMENT})  # fmt: skip
    quiet = [
        [group["role"], r["plan"], r["reference"], r["text"], r["status_label"],
         to_date(r["last_update"])]
        for group in content["no_update_since"] for r in group["activities"]
    ]  # fmt: skip
    _sheet(workbook, "No update since", ["Lead owner role", "Plan", "Reference", "Activity",
                                         "Status", "Last status update"], quiet, {6: DATE})  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
