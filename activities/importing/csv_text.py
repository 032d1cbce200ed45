"""A .csv file -> raw rows: UTF-8 (with or without BOM) or Windows-1252, comma, semicolon or tab.

The delimiter is the one under which a header row can be found (then the one splitting the top
rows most); row numbers are records, as a spreadsheet program shows them, not text lines.
"""

import csv
import io
from itertools import islice

from activities.importing.budget import ReadBudget, ReadLimits
from activities.importing.headers import SCAN_ROWS, find_header
from activities.importing.problems import PlanFileError
from activities.importing.raw import RawPlan
from activities.importing.table import Sheet, choose_sheet, read_table

CSV = "csv"
DELIMITERS = (",", ";", "\t")
SHEET_NAME = "Plan"  # a CSV file has no sheet names; its rows go to a theme of this name


def decode_csv(data: bytes, *, file_name: str) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252: what Excel writes on Windows."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise PlanFileError(
            f"{file_name} is neither UTF-8 nor Windows-1252 text (byte {error.start + 1} "
            "cannot be read); save it again as “CSV UTF-8”."
        ) from None


def records(text: str, delimiter: str):
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def choose_delimiter(text: str) -> str:
    """The delimiter whose top rows hold the best header; failing that, the most splitting one."""

    def quality(delimiter: str):
        try:
            top = list(islice(records(text, delimiter), SCAN_ROWS))
        except csv.Error:
            return (False, (0, 0), 0)
        header = find_header(list(enumerate(map(tuple, top), start=1)))
        widest = max((len(row) for row in top), default=0)
        return (header is not None, header.score if header else (0, 0), widest)

    return max(DELIMITERS, key=quality)  # max() keeps the first of equals: comma


def unreadable_record(file_name: str, line: int) -> PlanFileError:
    """The one way the csv module fails on text: a field past its limit, often an unclosed quote."""
    return PlanFileError(
        f"{file_name} cannot be read as CSV: near line {line:,} a field runs on for more than "
        f'{csv.field_size_limit():,} characters, often because a quote mark (") is never '
        "closed. Check the file in a spreadsheet program and save it again as CSV."
    )


def read_csv(
    data: bytes, *, file_name: str, sheet: str | None, max_rows: int, limits: ReadLimits
) -> RawPlan:
    if sheet:
        raise PlanFileError(f"{file_name} is a CSV file: it has no sheets to choose from.")
    text = decode_csv(data, file_name=file_name)
    delimiter = choose_delimiter(text)
    budget = ReadBudget(limits, file_name)

    def rows(first: int, width: int):
        reader = records(text, delimiter)
        try:
            for number, row in enumerate(islice(reader, first - 1, None), start=first):
                budget.charge(len(row), sum(map(len, row)), sheet=None, row=number)
                yield tuple(cell or None for cell in row)
        except csv.Error:
            raise unreadable_record(file_name, reader.line_num) from None

    source = Sheet(SHEET_NAME, rows)
    chosen, header = choose_sheet([source], None, file_name=file_name)
    found, problems = read_table(chosen, header, max_rows=max_rows, default_theme=SHEET_NAME)
    return RawPlan(CSV, tuple(found), tuple(problems))
