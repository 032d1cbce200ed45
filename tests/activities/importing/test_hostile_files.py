"""Hostile and broken files: each refused with a clear error, quickly, the database untouched."""

import time
import zipfile

import pytest

from django.test import override_settings

from activities.models import Activity
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
