"""Sheets read by python-calamine read exactly as openpyxl reads them, and only those: a sheet
calamine cannot read alike (formulas, error cells) or safely (cells far apart) goes to openpyxl."""

import datetime
import re
import zipfile
from html import escape
from pathlib import Path

import pytest

from django.conf import settings

from activities.importing import calamine_reader, xlsx
from activities.importing.problems import PlanFileError
from activities.importing.read import read_plan
from activities.importing.sheet_scan import scan_sheet, shared_string_sizes
from tests.activities.importing.hostile_workbooks import write_parts
from tests.activities.importing.spreadsheets import rewrite_part, write_workbook

HEADER = ["Ref", "Activity", "Owner", "Timescale", "Status"]
CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.xlsx")) if CORPUS.exists() else []


def read(data: bytes, name: str = "plan.xlsx"):
    try:
        return read_plan(data, file_name=name, max_bytes=10**8, max_rows=5_000)
    except PlanFileError as refused:
        return f"refused: {refused}"


def read_by_openpyxl(data: bytes, monkeypatch, name: str = "plan.xlsx"):
    with monkeypatch.context() as patched:
        patched.setattr(xlsx, "open_calamine", lambda *arguments: None)
        return read(data, name)


@pytest.fixture
def openpyxl_never_reads_cells(monkeypatch):
    """openpyxl's full read-only workbook (the one that reads cells) may not be opened."""

    def refuse(*arguments, **options):
        raise AssertionError("openpyxl read the cells")

    monkeypatch.setattr(xlsx, "open_workbook", refuse)


@pytest.fixture
def sheets_read_by_calamine(monkeypatch):
    """The names of the sheets calamine read, in the order read."""
    names, read_sheet = [], calamine_reader.read_sheet

    def spy(*arguments, worksheet, **options):
        sheet = read_sheet(*arguments, worksheet=worksheet, **options)
        if sheet is not None:
            names.append(worksheet.title)
        return sheet

    monkeypatch.setattr(xlsx, "read_sheet", spy)
    return names


def plain_plan(tmp_path) -> bytes:
    rows = [
        HEADER,
        [1.1, "We will  meet\nresidents.", "ACC Local", datetime.datetime(2024, 3, 5), "On track"],
        [1.1, "We will publish.", "Head of Comms\nACC Local", "Spring 2025", True],
        [3, "We will train.", "ACC Local", 45000, None],
        [None, "Neighbourhood policing", None, None, None],
        ["_x0007_2.1", "We will review.", "ACC Local", datetime.date(2025, 1, 31), 0.25],
    ]
    number_formats = {"A3": "0.00", "E6": "0%", "D4": "General"}
    path = write_workbook(tmp_path / "plan.xlsx", rows, number_formats=number_formats)
    return path.read_bytes()


def test_a_plain_plan_is_read_by_calamine_alone(
    tmp_path, monkeypatch, sheets_read_by_calamine, openpyxl_never_reads_cells
):
    plan = read(plain_plan(tmp_path))
    assert sheets_read_by_calamine == ["Plan"]
    assert [row.value("reference") for row in plan.rows] == ["1.1", "1.10", "3", "2.1"]
    assert plan.rows[0].cells["timescale"].native == datetime.datetime(2024, 3, 5)


def test_a_plain_plan_reads_the_same_by_calamine_and_by_openpyxl(tmp_path, monkeypatch):
    data = plain_plan(tmp_path)
    assert read(data) == read_by_openpyxl(data, monkeypatch)


def test_a_sheet_with_a_formula_is_read_by_openpyxl(tmp_path, sheets_read_by_calamine):
    path = write_workbook(
        tmp_path / "plan.xlsx",
        [HEADER[1:4], ['=UPPER("we will.")', "X", "May 2024"]],
        sheets={"Notes": [["Plain text only"]]},
        first=False,
    )
    rewrite_part(  # the value Excel saves beside a formula
        path,
        "xl/worksheets/sheet2.xml",
        lambda xml: re.sub(r"<v ?/>|<v></v>", "<v>WE WILL.</v>", xml).replace(
            'r="A2">', 'r="A2" t="str">'
        ),
    )
    plan = read(path.read_bytes())
    assert sheets_read_by_calamine == ["Notes"]  # searched for a header, by calamine
    assert plan.rows[0].value("activity") == "WE WILL."
    assert "holds a formula (=UPPER(" in plan.problems[0].message


def test_an_error_cell_is_read_by_openpyxl_as_its_error_text(
    tmp_path, monkeypatch, sheets_read_by_calamine
):
    path = write_workbook(tmp_path / "plan.xlsx", [HEADER, ["1.1", "We will.", "X", "May", "#N/A"]])
    plan = read(path.read_bytes())
    assert sheets_read_by_calamine == []
    assert plan.rows[0].value("status") == "#N/A"  # calamine would have read an empty cell
    assert plan == read_by_openpyxl(path.read_bytes(), monkeypatch)


def test_two_cells_far_apart_never_reach_calamine(tmp_path, sheets_read_by_calamine):
    # calamine would allocate every cell between A1 and XFD1048576 (half a terabyte) and abort.
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far</t></is></c></row>'
    path = write_parts(tmp_path / "plan.xlsx", [far])
    assert read(path.read_bytes()).startswith("refused: Sheet “Plan” goes on past row")
    assert sheets_read_by_calamine == []


def scanned_rows():
    """Rows 2-301: a shared string, a number, a number styled, an inline string (A, B, D, E)."""
    for n in range(2, 302):
        yield (
            f'<row r="{n}"><c r="A{n}" t="s"><v>{n % 50}</v></c><c r="B{n}" t="n"><v>{n}.5</v>'
            f'</c><c r="D{n}" s="0"><v>{n}</v></c><c r="E{n}" t="inlineStr"><is><t>x</t></is>'
            "</c></row>"
        )


def sheet_and_strings(tmp_path, strings) -> tuple[bytes, bytes]:
    path = write_parts(tmp_path / "plan.xlsx", scanned_rows(), shared_strings=strings)
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml"), archive.read("xl/sharedStrings.xml")


def pieces(data: bytes, size: int):
    return [data[start : start + size] for start in range(0, len(data), size)]


@pytest.mark.parametrize("chunk", [7, 100, 4096])
def test_the_scan_counts_alike_whatever_the_chunk_size(tmp_path, chunk):
    texts = [f"We will {n}." for n in range(50)]
    sheet, strings = sheet_and_strings(tmp_path, [f"<si><t>{text}</t></si>" for text in texts])
    sizes = shared_string_sizes([strings])
    assert shared_string_sizes(pieces(strings, chunk)) == sizes
    whole = scan_sheet([sheet], sizes, max_cells=10**6, max_row_bytes=10**6)
    assert (whole.cells, whole.rows, whole.last_row, whole.last_column) == (1_203, 301, 301, 5)
    assert (len(whole.number_cells), whole.shared_cells, whole.unusual) == (600, 300, None)
    assert whole.shared_text >= sum(len(texts[n % 50]) for n in range(2, 302))
    assert scan_sheet(pieces(sheet, chunk), sizes, max_cells=10**6, max_row_bytes=10**6) == whole


def test_each_shared_string_size_is_at_least_its_length(tmp_path):
    texts = ["", "We will.", "Café & “quotes” <b>", "x" * 5_000]
    written = [f"<si><t>{escape(text)}</t></si>" for text in texts]
    _, strings = sheet_and_strings(
        tmp_path, [written[0], "<si><r><t>a</t></r><r><t>b</t></r></si>", *written[1:]]
    )
    sizes = shared_string_sizes(pieces(strings, 5))
    assert len(sizes) == 5
    assert all(size >= len(text) for size, text in zip(sizes, ["", "ab", *texts[1:]], strict=True))


def test_the_scan_rules_out_what_calamine_reads_otherwise(tmp_path):
    sheet, strings = sheet_and_strings(tmp_path, ["<si><t>x</t></si>"] * 50)
    sizes = shared_string_sizes([strings])

    def reason(xml: bytes, **limits):
        scan = scan_sheet([xml], sizes, max_cells=10**6, max_row_bytes=10**6)
        return scan.reason_not_to_read(
            max_cells=limits.get("max_cells", 10**6), max_text=10**6, part_bytes=len(xml)
        )

    assert reason(sheet) is None
    assert reason(sheet.replace(b'<c r="B2" t="n">', b'<c r="B2" t="e">')) == (
        "an error, date or unknown cell type"
    )
    assert reason(sheet.replace(b"<v>2.5</v>", b"<f>1+1.5</f><v>2.5</v>")) == "a formula"
    assert reason(sheet.replace(b'<c r="D2" s="0">', b'<c s="0">')) == (
        "a cell or row without its reference"
    )
    assert reason(sheet.replace(b"<sheetData>", b"<!-- <c r='A1'/> --><sheetData>")) == (
        "an XML comment, declaration or instruction"
    )
    assert reason(sheet, max_cells=1_000) == "more cells than a read may parse"


@pytest.mark.skipif(not CORPUS_FILES, reason=f"{CORPUS} is not here (it is in CI)")
def test_every_corpus_workbook_reads_the_same_by_calamine_and_by_openpyxl(
    monkeypatch, sheets_read_by_calamine, db
):
    read_by_calamine = 0
    for path in CORPUS_FILES:
        data = path.read_bytes()
        sheets_read_by_calamine.clear()
        assert read(data, path.name) == read_by_openpyxl(data, monkeypatch, path.name), path.name
        read_by_calamine += bool(sheets_read_by_calamine)
    assert read_by_calamine > len(CORPUS_FILES) // 2  # most are plain: calamine reads them
