import pytest

from activities.importing.problems import PlanFileError, Severity
from activities.importing.read import (
    PUBLISHED_TEXT,
    normalise,
    read_file_bytes,
    read_plan,
    read_published_text,
)
from tests.activities.importing.support import CAPTION, HEADER, PLAN_PATH, synthetic_plan
from tests.published_plan_expected import EXPECTED_ROWS


def read_published_plan():
    data = PLAN_PATH.read_bytes()
    return read_plan(data, file_name=PLAN_PATH.name, max_bytes=len(data), max_rows=53)


def test_reader_extracts_exactly_the_53_rows_of_the_published_plan():
    plan = read_published_plan()
    assert plan.file_format == PUBLISHED_TEXT
    assert plan.problems == ()
    assert len(plan.rows) == len(EXPECTED_ROWS) == 53
    for raw, expected in zip(plan.rows, EXPECTED_ROWS, strict=True):
        assert f"{raw.theme_position}.{raw.position}" == expected.reference
        assert raw.theme_position == expected.theme_position
        assert raw.value("activity").startswith(normalise(expected.activity_start))
        assert raw.value("owners") == normalise(expected.owners_text), expected.reference
        assert raw.value("timescale") == normalise(expected.timescale_text), expected.reference


def test_reader_ignores_page_chrome_before_the_first_table():
    plan = read_published_plan()
    texts = " ".join(raw.value("activity") for raw in plan.rows)
    assert "cookie" not in texts.lower()
    assert plan.rows[0].value("activity").startswith("We will deliver a ‘Community Contract’")


def test_reader_joins_a_cell_whose_bar_stands_on_the_next_line():
    plan = read_published_plan()
    by_reference = {f"{r.theme_position}.{r.position}": r for r in plan.rows}
    assert by_reference["1.7"].value("timescale") == "March 2023 COMPLETE"
    assert by_reference["1.18"].value("timescale") == "August 2022 COMPLETE"


def test_reader_locates_each_cell_by_the_line_it_starts_on():
    plan = read_published_plan()
    first = plan.rows[0]
    assert (first.sheet, first.row) == ("Table 1", 12)
    assert first.locate("owners") == (13, "Owner(s)")
    assert first.locate("timescale") == (14, "Timescale")


def test_file_without_a_table_is_refused():
    with pytest.raises(PlanFileError, match="No plan table found"):
        read_published_text("Cookie banner\nSorry, there was a technical problem.\n", max_rows=10)


def test_table_without_the_expected_headers_is_an_error():
    plan = read_published_text(f"{CAPTION}\nName |\nWhen |\nA |\nB |\n", max_rows=10)
    assert plan.rows == ()
    [problem] = plan.problems
    assert problem.severity == Severity.ERROR
    assert "“activity”" in problem.message


def test_incomplete_last_row_is_an_error_naming_where_it_starts():
    text = f"{CAPTION}\n{HEADER}First activity |\nACC Local Policing |\nMarch 2024 |\nSecond |\nNo bar\n"
    plan = read_published_text(text, max_rows=10)
    assert len(plan.rows) == 1
    [problem] = plan.problems
    assert (problem.sheet, problem.row, problem.severity) == ("Table 1", 8, Severity.ERROR)
    assert "incomplete" in problem.message


def test_text_after_the_last_cell_is_ignored_with_a_warning():
    text = f"{CAPTION}\n{HEADER}An activity |\nACC Local Policing |\nMarch 2024 |\nBack to top\n"
    plan = read_published_text(text, max_rows=10)
    assert len(plan.rows) == 1
    [problem] = plan.problems
    assert problem.severity == Severity.WARNING
    assert "Back to top" in problem.message


def test_more_rows_than_the_limit_are_refused():
    with pytest.raises(PlanFileError, match="more than 5 rows"):
        read_published_text(synthetic_plan(6, owners="ACC Local Policing"), max_rows=5)


def test_bytes_over_the_limit_are_refused_before_parsing():
    data = PLAN_PATH.read_bytes()
    with pytest.raises(PlanFileError, match="limit"):
        read_plan(data, file_name="plan.txt", max_bytes=len(data) - 1, max_rows=100)


def test_file_over_the_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(PlanFileError, match="101 bytes; the limit is 100 bytes"):
        read_file_bytes(path, max_bytes=100)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(PlanFileError, match="does not exist"):
        read_file_bytes(tmp_path / "absent.txt", max_bytes=100)


def test_text_that_is_not_utf8_is_refused():
    with pytest.raises(PlanFileError, match="not UTF-8"):
        read_plan(b"caf\xe9", file_name="plan.txt", max_bytes=100, max_rows=10)


def test_unsupported_file_type_is_refused():
    with pytest.raises(PlanFileError, match="cannot read .pdf files"):
        read_plan(b"%PDF", file_name="plan.pdf", max_bytes=100, max_rows=10)
