"""Builders for test spreadsheets, made in code in tmp_path (no binary files are committed).

write_workbook() saves rows with openpyxl; rewrite_part() edits one XML part of a saved workbook
for what openpyxl will not write (saved formula values, entity declarations, macro types).
"""

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook

EXPORT_HEADER = (
    "Theme",
    "Reference",
    "Activity",
    "Owner(s)",
    "Timescale",
    "Status",
    "Latest commentary",
    "Next due",
)


def write_workbook(
    path: Path,
    rows: Iterable[Iterable] = (),
    *,
    title: str = "Plan",
    merges: Iterable[str] = (),
    number_formats: dict[str, str] | None = None,
    sheets: dict[str, Iterable[Iterable]] | None = None,
    first: bool = True,
) -> Path:
    """A workbook whose sheet `title` holds rows (then any further named sheets).

    With first=False, the `sheets` come before `title` in the workbook."""
    workbook = Workbook()
    main = workbook.active
    main.title = title
    for row in rows:
        main.append(list(row))
    for cells in merges:
        main.merge_cells(cells)
    for cell, number_format in (number_formats or {}).items():
        main[cell].number_format = number_format
    for index, (name, sheet_rows) in enumerate((sheets or {}).items()):
        sheet = workbook.create_sheet(name, None if first else index)
        for row in sheet_rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def rewrite_part(path: Path, part: str, change: Callable[[str], str]) -> Path:
    """Replace one XML part of a saved workbook by change(its text); other parts copied as they are."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    assert part in {info.filename for info, _ in parts}, f"{path.name} has no part {part}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, data)
    return path


def save_formula_values(path: Path, values: dict[str, str]) -> Path:
    """Give formula cells the text Excel would have saved beside them ({"C5": "text"})."""

    def change(xml: str) -> str:
        for cell, value in values.items():
            pattern = re.compile(rf'<c r="{cell}"><f>(.*?)</f>(?:<v ?/>|<v></v>)</c>')
            saved = f'<c r="{cell}" t="str"><f>{{}}</f><v>{escape(value)}</v></c>'
            xml, count = pattern.subn(lambda found, saved=saved: saved.format(found.group(1)), xml)
            assert count == 1, f"no formula cell {cell}"
        return xml

    return rewrite_part(path, "xl/worksheets/sheet1.xml", change)


def write_csv(
    path: Path,
    rows: Iterable[Iterable[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    bom: bool = False,
) -> Path:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = text.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def zip_bomb(path: Path, *, unpacked_bytes: int) -> Path:
    """A workbook-shaped zip whose sheet part is unpacked_bytes of zeros (about 1,000 to 1)."""
    content_types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    )
    chunk = b"0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(unpacked_bytes // len(chunk)):
                sheet.write(chunk)
    return path
