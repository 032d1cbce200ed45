"""A pack as a Word document (python-docx): A4 portrait, the meeting in the header, page numbers
in the footer, and the page's sections as headings and tables, so a board paper can be edited."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from activities.meetings.wording import (
    compared_with,
    missed_text,
    show_date,
    show_moment,
    since_text,
)


def _page_number(paragraph) -> None:
    """A PAGE field: Word fills in each page's number."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _set_up_page(document, heading: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    section.header.paragraphs[0].text = heading
    footer = section.footer.paragraphs[0]
    footer.text = "Page "
    _page_number(footer)
    document.styles["Normal"].font.size = Pt(10)


def _table(document, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = str(text)


def _bullets(document, title: str, lines: list[str]) -> None:
    document.add_heading(title, level=2)
    if not lines:
        document.add_paragraph("None.")
    for line in lines:
        document.add_paragraph(line, style="List Bullet")


def _summary(document, summary: dict) -> None:
    document.add_heading("Summary", level=1)
    rows = [
        [c["label"], c["previous"], c["now"], f"{c['change']:+d}" if c["change"] else "0"]
        for c in summary["counts"]
    ]
    rows.append(["All activities", summary["total_previous"], summary["total_now"], ""])
    _table(document, ["Status", "Previous meeting", "Now", "Change"], rows)
    named = lambda r: f"{r['reference']} {r['text']}"  # noqa: E731
    _bullets(
        document,
        "Newly overdue",
        [f"{named(r)} ({r['days_overdue']} days)" for r in summary["newly_overdue"]],
    )
    _bullets(document, "Newly complete", [named(r) for r in summary["newly_complete"]])
    _bullets(
        document,
        "Re-dated",
        [f"{r['reference']}: {r['old']} → {r['new']}" for r in summary["redated"]],
    )
    _bullets(document, "Re-worded", [named(r) for r in summary["reworded"]])
    _bullets(
        document,
        "Status moved up",
        [f"{r['reference']}: {r['old']} → {r['status_label']}" for r in summary["status_up"]],
    )
    _bullets(
        document,
        "Status moved down",
        [f"{r['reference']}: {r['old']} → {r['status_label']}" for r in summary["status_down"]],
    )
    _bullets(
        document,
        "No status update since the last meeting",
        [f"{g['role']}: {g['count']}" for g in summary["no_update_since"]],
    )
    if summary.get("due_update"):  # packs issued before the count, and plans without a cycle
        _bullets(
            document,
            "Reporting period",
            [
                f"{r['plan_title']}: {r['label']}: {r['count']} ({r['period']}; updates due by "
                f"{r['deadline_text']})"
                for r in summary["due_update"]
            ],
        )


def _exceptions(document, groups: list[dict]) -> None:
    document.add_heading("Exceptions", level=1)
    if not groups:
        document.add_paragraph("Nothing is overdue, off track or at risk.")
    for group in groups:
        document.add_heading(group["role"], level=2)
        rows = []
        for row in group["activities"]:
            owners = f"\nAlso: {', '.join(row['co_owners'])}" if row["co_owners"] else ""
            commentary = row["commentary"]
            latest = (
                f"{commentary['text']} ({show_date(commentary['at'])})" if commentary else "None"
            )
            overdue = str(row["days_overdue"]) if row["days_overdue"] is not None else ""
            rows.append(
                [
                    row["reference"],
                    row["text"] + owners,
                    overdue,
                    missed_text(row),
                    row["status_label"],
                    latest,
                    "\n".join(since_text(row)),
                ]
            )
        _table(
            document,
            [
                "Ref",
                "Activity",
                "Days overdue",
                "Missed milestone",
                "Status",
                "Latest commentary",
                "Since the last meeting",
            ],
            rows,
        )


def _changes(document, changes: list[dict], notes: list[dict], quiet: list[dict]) -> None:
    document.add_heading("Changes since the last meeting", level=1)
    rows = [
        [
            c["reference"],
            c["kind_label"] + (f" ({c['reason']})" if c["reason"] else ""),
            c["old"],
            c["new"],
            c["author"],
            show_moment(c["at"]),
        ]
        for c in changes
    ]
    if rows:
        _table(document, ["Ref", "Change", "From", "To", "Who", "When"], rows)
    else:
        document.add_paragraph("Nothing has changed.")
    _bullets(
        document,
        "Notes and actions from the previous meeting",
        [
            f"{n['reference']} ({n['kind_label']}, {n['author']}, {show_date(n['at'])}): {n['text']}"
            for n in notes
        ],
    )
    document.add_heading("No status update since the last meeting", level=1)
    for group in quiet:
        _bullets(
            document, group["role"], [f"{r['reference']} {r['text']}" for r in group["activities"]]
        )


def xml_safe(value):
    """The pack with control characters (which XML, so Word, cannot hold) taken out of its text:
    a pasted vertical tab in commentary must not stop the download."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, list):
        return [xml_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    return value


def pack_document(content: dict) -> bytes:
    content = xml_safe(content)
    meeting = content["meeting"]
    when = show_date(meeting["date"] or content["as_of"])
    document = Document()
    _set_up_page(document, f"{meeting['title']}, {when}")
    document.add_heading(f"{meeting['title']}: {when}", level=0)
    plans = ", ".join(plan["title"] for plan in meeting["plans"])
    chair = f" Chair: {meeting['chair']}." if meeting["chair"] else ""
    document.add_paragraph(
        f"{plans}, as of {show_date(content['as_of'])}, compared with {compared_with(content)}.{chair}"
    )
    _summary(document, content["summary"])
    _exceptions(document, content["exceptions"])
    _changes(document, content["changes"], content["notes"], content["no_update_since"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
