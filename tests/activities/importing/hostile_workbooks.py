"""Builders for workbooks that cost a reader far more than their size: made in code, by hand.

openpyxl cannot write them compactly, so the parts are written straight into the zip: a sheet of
millions of small cells, a shared-strings part of 100 MB that packs into under 1 MB.
"""

import random
import zipfile
from collections.abc import Iterable
from pathlib import Path

from openpyxl.utils import get_column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OFFICE}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{OFFICE}.sharedStrings+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
    '<sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{RELATIONSHIPS}/worksheet"/>'
    f'<Relationship Id="rId2" Target="sharedStrings.xml" Type="{RELATIONSHIPS}/sharedStrings"/>'
    "</Relationships>"
)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Activity</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Owner</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Timescale</t></is></c></row>'
)


def write_parts(
    path: Path,
    sheet_rows: Iterable[str],
    *,
    shared_strings: Iterable[str] = (),
    dimension: str = "",
    compresslevel: int = 1,
) -> Path:
    """A workbook of one sheet "Plan": a header row, then sheet_rows (each a <row> as XML)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0"?><sst xmlns="{MAIN}">'.encode())
            for text in shared_strings:
                part.write(text.encode())
            part.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            declared = f'<dimension ref="{dimension}"/>' if dimension else ""
            part.write(f'<?xml version="1.0"?><worksheet xmlns="{MAIN}">{declared}'.encode())
            part.write(f"<sheetData>{HEADER_ROW}".encode())
            for row in sheet_rows:
                part.write(row.encode())
            part.write(b"</sheetData></worksheet>")
    return path


def number_rows(rows: int, columns: int, *, first_column: int = 4):
    """Rows 2.. of `columns` number cells each, from column D: blank where a plan has its text."""
    template = (
        '<row r="#">'
        + "".join(
            f'<c r="{get_column_letter(first_column + index)}#"><v>7</v></c>'
            for index in range(columns)
        )
        + "</row>"
    )
    for number in range(2, rows + 2):
        yield template.replace("#", str(number))


def shared_string_rows(rows: int, *, column: str = "A", index: int = 0):
    """Rows 2.. whose one cell refers to shared string `index`."""
    for number in range(2, rows + 2):
        yield f'<row r="{number}"><c r="{column}{number}" t="s"><v>{index}</v></c></row>'


def padded_strings(total_bytes: int, *, length: int = 2_000, seed: int = 1):
    """Shared strings of `length` characters, each ending in random letters so that the part
    packs about 120 to 1: under 1 MB for 100 MB, and under the zip-bomb ratio check's 200."""
    chooser = random.Random(seed)
    written = 0
    while written < total_bytes:
        tail = "".join(chooser.choices("abcdefghijklmnopqrstuvwxyz", k=16))
        text = f"<si><t>{'x' * length}{tail}</t></si>"
        written += len(text)
        yield text


def one_long_row(cells: int, *, seed: int = 3):
    """Row 2 of `cells` cells without coordinates, random numbers so that it packs about 9 to 1."""
    chooser = random.Random(seed)
    yield '<row r="2">' + "".join(f"<c><v>{chooser.randrange(100)}</v></c>" for _ in range(cells))
    yield "</row>"
