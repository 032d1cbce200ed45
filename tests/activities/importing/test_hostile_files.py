"""Hostile and broken files: each refused with a clear error, quickly, the database untouched."""

import time
import zipfile
from pathlib import Path

import pytest

from django.conf import settings
from django.test import override_settings

from activities.models import Activity
from tests.activities.importing.hostile_workbooks import (
    number_rows,
    one_long_row,
    padded_strings,
    shared_string_rows,
    write_parts,
)
from tests.activities.importing.spreadsheets import rewrite_part, write_workbook, zip_bomb
from tests.activities.importing.support import plan_data_counts, run_failing_import, run_import
from tests.factories import make_role

pytestmark = pytest.mark.django_db
HEADER = ["Activity", "Owner", "Timescale"]


@pytest.fixture
def refused(db):
    """Run import_plan on a file expecting a refusal; prove nothing was written and it was quick."""
    make_role("X")

    def run(path, *arguments) -> tuple[str, str]:
        before = plan_data_counts()
        start = time.perf_counter()
        output, error = run_failing_import(path, *arguments)
        assert time.perf_counter() - start < 10
        assert plan_data_counts() == before
        return output, error

    return run


def test_text_renamed_xlsx_is_not_an_excel_workbook(tmp_path, refused):
    path = tmp_path / "plan.xlsx"
    path.write_text("Activity,Owner,Timescale\nWe will.,X,May 2024\n")
    _, error = refused(path)
    assert error.startswith("plan.xlsx is not an Excel workbook (.xlsx)")


def test_old_xls_workbook_is_refused_by_its_header_bytes(tmp_path, refused):
    path = tmp_path / "plan.xlsx"  # the name says .xlsx; the bytes say Excel 97-2003
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    _, error = refused(path)
    assert "old-style Excel 97–2003 workbook (.xls)" in error


def test_macro_workbook_is_refused_by_its_name(tmp_path, refused):
    path = write_workbook(tmp_path / "plan.xlsm", [HEADER, ["We will.", "X", "May 2024"]])
    _, error = refused(path)
    assert "macro-enabled workbook (.xlsm)" in error


def test_macro_workbook_is_refused_by_its_content_types(tmp_path, refused):
    path = write_workbook(tmp_path / "plan.xlsx", [HEADER, ["We will.", "X", "May 2024"]])
    rewrite_part(
        path,
        "[Content_Types].xml",
        lambda xml: xml.replace("sheet.main+xml", "sheet.macroEnabled.main+xml"),
    )
    _, error = refused(path)
    assert "macro-enabled workbook (.xlsm)" in error


def test_word_document_renamed_xlsx_is_refused(tmp_path, refused):
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
    _, error = refused(path)
    assert "zip file of another kind" in error


def test_damaged_workbook_is_refused(tmp_path, refused):
    data = write_workbook(tmp_path / "good.xlsx", [HEADER]).read_bytes()
    path = tmp_path / "plan.xlsx"
    path.write_bytes(data[: len(data) // 2])
    _, error = refused(path)
    assert error == "plan.xlsx is not an Excel workbook (.xlsx): it is a damaged zip file."


def test_empty_workbook_is_refused(tmp_path, refused):
    _, error = refused(write_workbook(tmp_path / "plan.xlsx"))
    assert error == "plan.xlsx is empty: no text in the first 30 rows of “Plan”."


def test_sheet_without_a_recognisable_header_is_refused(tmp_path, refused):
    path = write_workbook(tmp_path / "plan.xlsx", [["Budget"], ["Item", "Cost"], ["Pens", 3]])
    _, error = refused(path)
    assert error.startswith("plan.xlsx: no header row found in the first 30 rows of “Plan”.")


@override_settings(PLAN_IMPORT_MAX_BYTES=2_000)
def test_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, refused):
    rows = [HEADER] + [["We will " + "x" * 50, "X", "May 2024"]] * 100
    path = write_workbook(tmp_path / "plan.xlsx", rows)
    _, error = refused(path)
    assert error == f"plan.xlsx is {path.stat().st_size:,} bytes; the limit is 2,000 bytes."


@override_settings(PLAN_IMPORT_MAX_ROWS=5)
def test_more_rows_than_the_limit_stop_the_reading_at_the_limit(tmp_path, refused):
    path = write_workbook(tmp_path / "plan.xlsx", [HEADER] + [["We will.", "X", "May"]] * 50)
    _, error = refused(path)
    assert error == (
        "Sheet “Plan” has more than 5 activities (the import limit); reading stopped at row 7."
    )


@override_settings(PLAN_IMPORT_MAX_ROWS=5)
def test_a_sheet_running_on_far_past_its_data_is_refused(tmp_path, refused):
    path = write_workbook(tmp_path / "plan.xlsx", [HEADER, ["We will.", "X", "May"]])
    rewrite_part(  # one stray cell a million rows down
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            "</sheetData>", '<row r="1048576"><c r="A1048576" t="n"><v>1</v></c></row></sheetData>'
        ),
    )
    _, error = refused(path)
    assert error.startswith("Sheet “Plan” goes on past row 1,001")


def test_zip_bomb_is_refused_by_its_compression_ratio_before_it_is_opened(tmp_path, refused):
    path = zip_bomb(tmp_path / "plan.xlsx", unpacked_bytes=40 * 1024 * 1024)
    assert path.stat().st_size < 200_000
    _, error = refused(path)
    assert "“xl/worksheets/sheet1.xml” packs 41,943,040 bytes into" in error
    assert "may be a zip bomb" in error


@override_settings(PLAN_IMPORT_MAX_UNPACKED_BYTES=50_000)
def test_workbook_unpacking_past_the_limit_is_refused_before_it_is_opened(tmp_path, refused):
    path = write_workbook(tmp_path / "plan.xlsx", [HEADER] + [["We will.", "X", "May"]] * 2_000)
    _, error = refused(path)
    assert error == (
        "plan.xlsx unpacks to more than 50,000 bytes (the limit); refused unopened, as it may "
        "be a zip bomb."
    )


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
)


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_xml_entity_expansion_is_refused_as_unsafe(tmp_path, refused, part):
    path = write_workbook(tmp_path / "plan.xlsx", [HEADER, ["We will.", "X", "May 2024"]])

    def laugh(xml: str) -> str:
        body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
        return BILLION_LAUGHS + body.replace("We will.", "&lol4;", 1)

    rewrite_part(path, part, laugh)
    _, error = refused(path)
    assert error.startswith("plan.xlsx contains XML entity or document type declarations")


def test_hundred_thousand_character_cell_is_an_error_naming_the_cell(tmp_path, refused):
    path = write_workbook(tmp_path / "plan.xlsx", [HEADER, ["LONG", "X", "May 2024"]])
    # Excel and openpyxl stop at 32,767 characters; a hand-made file need not.
    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace("LONG", "x" * 100_000))
    output, _ = refused(path)
    assert (
        "plan.xlsx, Plan, row 2, Activity (A): error: Cell A2 holds 100,000 characters; the limit "
        "for this column is 5,000."
    ) in output
    assert len(output) < 2_000  # the cell is not echoed back


def test_control_characters_in_a_workbook_are_removed_with_a_warning(tmp_path, db):
    make_role("X")
    # Excel stores a control character in a cell as _xHHHH_; a bell, then a NUL.
    path = write_workbook(tmp_path / "plan.xlsx", [HEADER, ["We will_x0007_._x0000_", "X", "May"]])
    output = run_import(path)
    assert "row 2, Activity (A): warning: Cell A2 held 2 invisible control character(s)" in output
    assert Activity.objects.get().text == "We will."


def test_formulas_are_flagged_not_calculated_and_a_missing_saved_value_refuses(tmp_path, refused):
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [HEADER, ['=WEBSERVICE("http://example.invalid/")', "X", "May 2024"]],
    )
    output, error = refused(path)
    assert "row 2, Activity (A): error: Cell A2 holds a formula (=WEBSERVICE(" in output
    assert "row 2, Activity (A): error: No activity text." in output
    assert error == "plan.xlsx has 2 error(s); nothing was imported."


# The work of reading: cells, shared strings, text and time, each bounded and named (budget.py).


def refusal(path) -> str:
    """import_plan's refusal of path, nothing written (how quickly is the report's figure: this
    machine's load varies too much for a timed test)."""
    before = plan_data_counts()
    _, error = run_failing_import(path)
    assert plan_data_counts() == before
    return error


def test_three_million_cell_sheet_is_refused_by_the_cell_limit(tmp_path, db):
    # 30,000 rows of 100 number cells from column D on: blank where a plan's text would be, so
    # neither the row limit nor the blank-row limit stops it, and it packs into under 10 MB.
    path = write_parts(tmp_path / "plan.xlsx", number_rows(30_000, 100))
    assert path.stat().st_size < settings.PLAN_IMPORT_MAX_BYTES
    error = refusal(path)
    # Cells are counted as parsed: the 30 rows searched for the header (2,903 cells), then the
    # header and 1,970 rows of 100, and the 200,001st cell is in row 1,972.
    assert error.startswith(
        "plan.xlsx, sheet “Plan”: more than 200,000 cells, the most an import reads; reading "
        "stopped at row 1,972."
    )
    assert error.endswith("Delete the rows and columns the plan does not use (or copy the plan "
                          "alone into a new file) and import that.")  # fmt: skip


def test_one_row_of_200000_cells_is_refused_before_the_row_is_built_in_memory(tmp_path, db):
    # 3 MB of XML in one row: the XML parser would build all of it (some 20 times its size in
    # memory) before openpyxl, and so the cell count, sees a single cell.
    path = write_parts(tmp_path / "plan.xlsx", one_long_row(200_000))
    assert refusal(path).startswith(
        "plan.xlsx, sheet “Plan”: more than 2 MB of sheet XML after row 1 before the next row "
        "ends, far more than a plan's row holds."
    )


@override_settings(PLAN_IMPORT_MAX_CELLS=1_000)
def test_sheet_declaring_more_cells_than_the_limit_is_refused_before_reading(tmp_path, db):
    path = write_parts(tmp_path / "plan.xlsx", number_rows(100, 20), dimension="A1:W101")
    assert refusal(path).startswith(
        "plan.xlsx, sheet “Plan”: it spans A1:W101, more than the 1,000 cells an import reads; "
        "refused before reading."
    )


@override_settings(PLAN_IMPORT_MAX_CELLS=1_000)
def test_a_sheet_declaring_too_many_cells_refuses_only_when_it_is_the_one_read(tmp_path, db):
    make_role("X")
    data = [[f"Figure {n}"] * 20 for n in range(100)]  # openpyxl declares A1:T100
    path = write_workbook(
        tmp_path / "plan.xlsx", [HEADER, ["We will.", "X", "May 2024"]], sheets={"Data": data}
    )
    assert run_import(path, "--dry-run").startswith("1 activities: 1 created")
    _, error = run_failing_import(path, "--sheet", "Data")
    assert error.startswith("plan.xlsx: no header row found")  # searched, never read whole


@override_settings(PLAN_IMPORT_MAX_CELLS=1_000)
def test_a_whole_sheet_dimension_over_a_few_rows_is_not_believed(tmp_path, db):
    make_role("X")
    rows = ['<row r="2"><c r="A2" t="inlineStr"><is><t>We will.</t></is></c><c r="B2" '
            't="inlineStr"><is><t>X</t></is></c><c r="C2" t="inlineStr"><is><t>May 2024</t>'
            "</is></c></row>"]  # fmt: skip
    path = write_parts(tmp_path / "plan.xlsx", rows, dimension="A1:XFD1048576")
    assert run_import(path).startswith("1 activities: 1 created")


def test_hundred_megabyte_shared_strings_part_is_refused_unopened(tmp_path, db):
    path = write_parts(
        tmp_path / "plan.xlsx",
        shared_string_rows(1),
        shared_strings=padded_strings(100_000_000),
        compresslevel=6,
    )
    part = zipfile.ZipFile(path).getinfo("xl/sharedStrings.xml")
    # It passes the file checks: under 1 MB, under the unpacked total, under 200 to 1.
    assert path.stat().st_size < 1_000_000
    assert part.file_size < settings.PLAN_IMPORT_MAX_UNPACKED_BYTES
    assert part.file_size < 200 * part.compress_size
    assert refusal(path) == (
        f"plan.xlsx: its shared text (the part “xl/sharedStrings.xml”) unpacks to "
        f"{part.file_size:,} bytes, more than the 20,971,520 an import reads; refused unopened."
    )


@override_settings(PLAN_IMPORT_MAX_SHARED_STRINGS=1_000)
def test_more_shared_strings_than_the_limit_are_refused_before_they_are_parsed(tmp_path, db):
    strings = (f"<si><t>{n}</t></si>" for n in range(1_001))
    path = write_parts(tmp_path / "plan.xlsx", shared_string_rows(1), shared_strings=strings)
    assert refusal(path) == (
        "plan.xlsx: its shared text (the part “xl/sharedStrings.xml”) holds more than 1,000 "
        "strings, more than an import reads; refused unopened."
    )


def test_one_long_shared_string_read_over_and_over_is_refused_by_the_text_limit(tmp_path, db):
    # 700 cells refer to one 30,000-character string: 21 million characters from a 40 KB file.
    # Rows 2-30 are read twice (the header search, then the table): the count passes 20 million
    # in row 639.
    path = write_parts(
        tmp_path / "plan.xlsx",
        shared_string_rows(700, column="D"),
        shared_strings=[f"<si><t>{'x' * 30_000}</t></si>"],
    )
    assert refusal(path).startswith(
        "plan.xlsx, sheet “Plan”: more than 20,000,000 characters of text, the most an import "
        "reads; reading stopped at row 639."
    )


@override_settings(PLAN_IMPORT_MAX_SECONDS=0)
def test_reading_past_the_time_limit_is_refused_naming_the_limit(tmp_path, db):
    path = write_workbook(tmp_path / "plan.xlsx", [HEADER, ["We will.", "X", "May 2024"]])
    error = refusal(path)
    assert error.startswith("plan.xlsx")
    assert "reading took more than 0 seconds, the import's time limit" in error
    assert "Try again when the system is less busy" in error


CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpus"


def test_password_protected_workbook_is_named_as_one(tmp_path, db):
    protected = CORPUS / "calamine__tests_pass_protected.xlsx"  # Excel's own encryption
    if not protected.exists():
        pytest.skip(f"{CORPUS} is not here (it is in CI)")
    path = tmp_path / "plan.xlsx"
    path.write_bytes(protected.read_bytes())
    error = refusal(path)
    assert error.startswith("plan.xlsx is protected by a password, so it cannot be read.")
    assert "remove the password" in error
    assert "Excel 97" not in error


def flip_a_packed_byte(path):
    """A byte in the middle of the sheet's packed data changed: its checksum no longer matches."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))


BROKEN_PARTS = {
    "a shared string that does not exist": (
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace('t="inlineStr"><is><t>We will.</t></is>', 't="s"><v>99</v>'),
    ),
    "a number cell holding letters": (
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace('t="inlineStr"><is><t>X</t></is>', 't="n"><v>abc</v>'),
    ),
    "sheet XML cut short": ("xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2]),
    "workbook XML that is not XML": ("xl/workbook.xml", lambda xml: "not xml at all"),
    "styles that are not XML": ("xl/styles.xml", lambda xml: "<styleSheet"),
    "a sheet named but missing": (
        "xl/workbook.xml",
        lambda xml: xml.replace("</sheets>", '<sheet name="Gone" sheetId="9" r:id="rId99"/></sheets>'),
    ),
}  # fmt: skip
RAW_TEXT = ("Error", "index out of range", "invalid literal", "no element", "rId", "Traceback")


@pytest.mark.parametrize("damage", sorted(BROKEN_PARTS))
def test_broken_workbooks_are_refused_without_raw_exception_text(tmp_path, db, damage):
    path = write_workbook(tmp_path / "plan.xlsx", [HEADER, ["We will.", "X", "May 2024"]])
    part, change = BROKEN_PARTS[damage]
    rewrite_part(path, part, change)
    before = plan_data_counts()
    try:
        output, error = run_failing_import(path)
    except AssertionError:  # openpyxl read past the damage: it imported, which is no refusal
        pytest.fail(f"{damage}: imported")
    assert plan_data_counts() == before
    assert error.startswith("plan.xlsx"), error
    assert not [text for text in RAW_TEXT if text in error + output], error


def test_workbook_whose_packed_data_is_damaged_is_named_a_damaged_zip(tmp_path, db):
    path = write_workbook(tmp_path / "plan.xlsx", [HEADER] + [["We will.", "X", "May"]] * 50)
    flip_a_packed_byte(path)
    assert refusal(path) == "plan.xlsx is not an Excel workbook (.xlsx): it is a damaged zip file."
