"""parse_timescale: every rule in a table, then properties over generated timescales."""

import calendar
import datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from activities.timescales import NO_TIMESCALE, DateOrder, MilestoneSpec, parse_timescale


def _due(text):
    return [milestone.due for milestone in parse_timescale(text).milestones]


def _date(iso):
    return datetime.date.fromisoformat(iso)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        # Month and year -> last day of that month; names full or short, any case, stray marks.
        ("March 2024", "2024-03-31"),
        ("Dec 2023", "2023-12-31"),
        ("December 2023", "2023-12-31"),
        ("Sept 2022", "2022-09-30"),
        ("Sep 2022", "2022-09-30"),
        ("Sep. 2022", "2022-09-30"),
        ("february 2024", "2024-02-29"),
        ("February 2023", "2023-02-28"),
        ("APRIL 2023", "2023-04-30"),
        ("  march   2024 ", "2024-03-31"),
        ("March-2024", "2024-03-31"),
        ("March – 2024", "2024-03-31"),
        ("March, 2024", "2024-03-31"),
        ("03/2024", "2024-03-31"),
        # Seasons.
        ("Spring 2024", "2024-05-31"),
        ("Summer 2023", "2023-08-31"),
        ("Autumn 2023", "2023-11-30"),
        ("Fall 2023", "2023-11-30"),
        ("Winter 2023", "2024-02-29"),
        ("Winter 2024", "2025-02-28"),
        ("Winter 2023/24", "2024-02-29"),
        ("Winter 2022/2023", "2023-02-28"),
        ("winter 2099-00", "2100-02-28"),  # 2100 is not a leap year
        # Financial years end on 31 March of the second year.
        ("2023/24", "2024-03-31"),
        ("2023-24", "2024-03-31"),
        ("2023 / 2024", "2024-03-31"),
        ("FY 2023/24", "2024-03-31"),
        ("FY2023/24", "2024-03-31"),
        ("FY23/24", "2024-03-31"),
        ("Financial year 2023/24", "2024-03-31"),
        ("1999/00", "2000-03-31"),
        # Quarters: financial when the year is a financial year, calendar otherwise.
        ("Q1 2023/24", "2023-06-30"),
        ("Q2 2023/24", "2023-09-30"),
        ("Q3 2023/24", "2023-12-31"),
        ("Q4 2023/24", "2024-03-31"),
        ("Q3 FY 2023/24", "2023-12-31"),
        ("Quarter 4 2023-2024", "2024-03-31"),
        ("Q1 2024", "2024-03-31"),
        ("Q2 2024", "2024-06-30"),
        ("q4 2024", "2024-12-31"),
        # Explicit dates, day first.
        ("31/03/2024", "2024-03-31"),
        ("1/4/2024", "2024-04-01"),
        ("01.04.2024", "2024-04-01"),
        ("31/03/24", "2024-03-31"),
        ("31 March 2024", "2024-03-31"),
        ("31st March 2024", "2024-03-31"),
        ("2nd Feb 2024", "2024-02-02"),
        ("1st of April 2024", "2024-04-01"),
        ("2024-03-31", "2024-03-31"),
        # Filler words around a date are read through.
        ("By March 2024", "2024-03-31"),
        ("by the end of Q3 2023/24", "2023-12-31"),
    ],
)
def test_one_dated_part_is_due_on_the_last_day_it_names(text, due):
    parsed = parse_timescale(text)
    assert parsed.problems == ()
    assert _due(text) == [_date(due)]
    assert parsed.ongoing is False


@pytest.mark.parametrize(
    "text", ["Ongoing", "ONGOING", "on-going", "Continuous", "BAU", "Business as usual"]
)
def test_ongoing_words_give_one_undated_milestone_labelled_as_written(text):
    parsed = parse_timescale(text)
    assert parsed.milestones == (MilestoneSpec(text, None),)
    assert parsed.ongoing is True
    assert parsed.problems == ()


@pytest.mark.parametrize(
    "value",
    [datetime.date(2024, 3, 31), datetime.datetime(2024, 3, 31, 17, 45)],
)
def test_a_real_date_cell_is_due_on_that_date(value):
    parsed = parse_timescale(value)
    assert parsed.milestones == (MilestoneSpec("31 March 2024", datetime.date(2024, 3, 31)),)
    assert parsed.label == "31 March 2024"
    assert parsed.problems == ()


@pytest.mark.parametrize("value", [None, "", "   ", "\n"])
def test_an_empty_cell_has_no_milestones_and_says_so(value):
    parsed = parse_timescale(value)
    assert parsed.milestones == ()
    assert parsed.problems == (NO_TIMESCALE,)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 2023 COMPLETE", [("March 2023", "2023-03-31", True)]),
        ("August 2022\nCOMPLETE", [("August 2022", "2022-08-31", True)]),
        ("March 2023 - Completed", [("March 2023", "2023-03-31", True)]),
        ("Sept 2022 complete", [("Sept 2022", "2022-09-30", True)]),
        (
            "March 2022 – COMPLETE March 2023 – COMPLETE March 2024",
            [
                ("March 2022", "2022-03-31", True),
                ("March 2023", "2023-03-31", True),
                ("March 2024", "2024-03-31", False),
            ],
        ),
        (
            "Spring 2023, Autumn 2023 and March 2024",
            [
                ("Spring 2023", "2023-05-31", False),
                ("Autumn 2023", "2023-11-30", False),
                ("March 2024", "2024-03-31", False),
            ],
        ),
        (
            "March 2024 then ongoing",
            [("March 2024", "2024-03-31", False), ("ongoing", None, False)],
        ),
    ],
)
def test_complete_marks_the_part_before_it_and_parts_stay_in_order(text, expected):
    parsed = parse_timescale(text)
    got = [(m.label, m.due.isoformat() if m.due else None, m.completed) for m in parsed.milestones]
    assert got == expected
    assert parsed.problems == ()


def test_several_parts_with_an_ongoing_one_are_ongoing():
    assert parse_timescale("March 2024 then ongoing").ongoing is True


def test_label_is_the_whole_text_with_whitespace_collapsed():
    assert parse_timescale("  August 2022\n COMPLETE ").label == "August 2022 COMPLETE"


@pytest.mark.parametrize(
    ("text", "unreadable"),
    [
        ("by end of term", "by end of term"),
        ("March", "March"),  # a month with no year is not guessed
        ("2024", "2024"),  # a bare year could be calendar or financial
        ("TBC", "TBC"),
        ("–", "–"),
        ("31/02/2024", "31/02/2024"),
        ("2024-13-01", "2024-13-01"),
        ("2023/25", "2023/25"),
        ("Summer 2023/24", "Summer 2023/24"),
        ("Winter 2023/25", "Winter 2023/25"),
        ("Q3 FY2024", "Q3 FY2024"),
        ("Q5 2024", "Q5 2024"),
        ("Mar-24", "Mar-24"),
        ("Early 2024", "Early 2024"),
    ],
)
def test_unreadable_text_is_kept_and_named_without_inventing_a_milestone(text, unreadable):
    parsed = parse_timescale(text)
    assert parsed.milestones == ()
    assert parsed.label == text
    assert parsed.problems == (f'Cannot read "{unreadable}" as a date; kept as written.',)


def test_a_readable_part_survives_beside_an_unreadable_one():
    parsed = parse_timescale("March 2024 or whenever funding allows")
    assert _due("March 2024 or whenever funding allows") == [datetime.date(2024, 3, 31)]
    assert parsed.problems == (
        'Cannot read "or whenever funding allows" as a date; kept as written.',
    )


def test_complete_after_an_unreadable_part_does_not_mark_the_date_before_it():
    parsed = parse_timescale("March 2023 phase one COMPLETE")
    assert [m.completed for m in parsed.milestones] == [False]
    assert parsed.problems == ('Cannot read "phase one" as a date; kept as written.',)


def test_complete_with_nothing_before_it_is_a_problem():
    parsed = parse_timescale("COMPLETE March 2023")
    assert [m.completed for m in parsed.milestones] == [False]
    assert parsed.problems == ('Cannot tell what "COMPLETE" refers to: no date comes before it.',)


def test_a_month_name_inside_a_longer_word_is_not_a_month():
    assert parse_timescale("Marchington 2024").milestones == ()


# Properties over generated timescales.

_month_names = st.sampled_from(
    [(name, number) for number, name in enumerate(calendar.month_name) if name]
    + [(name, number) for number, name in enumerate(calendar.month_abbr) if name]
    + [("Sept", 9)]
)
_years = st.integers(min_value=1900, max_value=2200)
_case = st.sampled_from([str, str.upper, str.lower, str.title])


@given(_month_names, _years, _case, st.sampled_from([" ", "  ", " - ", ", ", "-", " – "]))
def test_any_month_and_year_is_due_on_the_last_day_of_that_month(month, year, case, gap):
    name, number = month
    parsed = parse_timescale(f"{case(name)}{gap}{year}")
    last_day = calendar.monthrange(year, number)[1]
    assert [m.due for m in parsed.milestones] == [datetime.date(year, number, last_day)]
    assert parsed.problems == ()


@given(_years)
def test_winter_ends_on_the_last_day_of_the_next_february(year):
    next_february_end = 29 if calendar.isleap(year + 1) else 28
    expected = [datetime.date(year + 1, 2, next_february_end)]
    assert _due(f"Winter {year}") == expected
    assert _due(f"Winter {year}/{(year + 1) % 100:02d}") == expected


@given(_years, st.integers(min_value=1, max_value=4))
def test_a_financial_quarter_ends_in_june_september_december_or_march(year, quarter):
    due = _due(f"Q{quarter} {year}/{(year + 1) % 100:02d}")
    expected_month = {1: (year, 6), 2: (year, 9), 3: (year, 12), 4: (year + 1, 3)}[quarter]
    assert [(d.year, d.month) for d in due] == [expected_month]


@given(
    st.lists(st.tuples(_month_names, _years, st.booleans()), min_size=1, max_size=6),
    st.sampled_from([" ", " – ", ", ", "\n", " and "]),
)
def test_parts_joined_with_complete_markers_keep_count_order_and_flags(parts, separator):
    # Two dates joined by a dash, the first not complete, are a range (issue 13): one milestone,
    # proved by test_two_dates_joined_by_a_dash_or_to_are_one_range_due_at_its_end.
    assume(not (len(parts) == 2 and separator == " – " and not parts[0][2]))
    text = separator.join(
        f"{name} {year}" + (f"{separator}COMPLETE" if complete else "")
        for (name, _), year, complete in parts
    )
    parsed = parse_timescale(text)
    assert parsed.problems == ()
    assert [m.completed for m in parsed.milestones] == [complete for _, _, complete in parts]
    assert [(m.due.year, m.due.month) for m in parsed.milestones] == [
        (year, number) for (_, number), year, _ in parts
    ]


@given(st.one_of(st.none(), st.text(), st.dates(), st.datetimes()))
def test_parse_never_raises_and_every_milestone_has_a_label(value):
    parsed = parse_timescale(value)
    assert all(milestone.label for milestone in parsed.milestones)
    assert parsed.milestones or parsed.problems


@given(st.text(alphabet="0123456789/-. QqFfYy", max_size=20))
def test_digit_soup_never_raises(text):
    parse_timescale(text)


# The vocabulary of real plans (issue 13).


@pytest.mark.parametrize(
    ("text", "label", "due"),
    [
        # An Excel date saved as text: days since 30 December 1899, read only within 1990–2100.
        ("45231", "1 November 2023", "2023-11-01"),
        ("45231.0", "1 November 2023", "2023-11-01"),
        ("45231.75", "1 November 2023", "2023-11-01"),  # a date and time: the date
        ("32874", "1 January 1990", "1990-01-01"),
        # Month first with a comma, as US and Google Sheets write it.
        ("November 23, 2025", "November 23, 2025", "2025-11-23"),
        ("Nov 23 2025", "Nov 23 2025", "2025-11-23"),
        ("March 1st, 2024", "March 1st, 2024", "2024-03-01"),
        ("23 Nov 2025", "23 Nov 2025", "2025-11-23"),
        ("Nov 2025", "Nov 2025", "2025-11-30"),
        # ISO dates, with a time (a CSV of date cells) or slashes.
        ("2025-11-23 00:00:00", "2025-11-23 00:00:00", "2025-11-23"),
        ("2025-11-23T09:30", "2025-11-23T09:30", "2025-11-23"),
        ("2025/11/23", "2025/11/23", "2025-11-23"),
        # Ranges: one milestone at the end of the period, labelled as written.
        ("May 2016 – August 2018", "May 2016 – August 2018", "2018-08-31"),
        ("May 2016 - Aug 2018", "May 2016 - Aug 2018", "2018-08-31"),
        ("May 2016 to August 2018", "May 2016 to August 2018", "2018-08-31"),
        ("From May 2016 to August 2018", "May 2016 to August 2018", "2018-08-31"),
        ("2023/24 – 2025/26", "2023/24 – 2025/26", "2026-03-31"),
        ("Q1 2024 – Q3 2024", "Q1 2024 – Q3 2024", "2024-09-30"),
        ("Jan–Mar 2025", "Jan–Mar 2025", "2025-03-31"),
        ("January to March 2025", "January to March 2025", "2025-03-31"),
        ("1/4/2024 - 31/3/2025", "1/4/2024 - 31/3/2025", "2025-03-31"),
    ],
)
def test_real_plans_date_forms_give_one_milestone(text, label, due):
    parsed = parse_timescale(text)
    assert [(m.label, m.due) for m in parsed.milestones] == [(label, _date(due))]
    assert (parsed.problems, parsed.notes) == ((), ())


@pytest.mark.parametrize(
    "text",
    ["12345", "99999", "00001"],  # five digits outside 1990–2100 are not a date
)
def test_a_number_outside_the_sane_range_is_not_read_as_an_excel_date(text):
    parsed = parse_timescale(text)
    assert parsed.milestones == ()
    assert parsed.problems == (f'Cannot read "{text}" as a date; kept as written.',)


@pytest.mark.parametrize(
    ("text", "due"),
    [("2023-2027", "2027-12-31"), ("2023 – 2027", "2027-12-31"), ("2023 to 2027", "2027-12-31")],
)
def test_a_span_of_years_is_due_at_the_end_of_the_last_and_says_how_it_was_read(text, due):
    parsed = parse_timescale(text)
    assert _due(text) == [_date(due)]
    assert parsed.problems == ()
    assert parsed.notes == (
        f'Read "{text}" as the calendar years 2023 to 2027, due 31 December 2027; write '
        "2026/27 if the plan means financial years.",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Not a period: the second is not later, or the first is already complete.
        ("Aug 2018 – May 2016", ["2018-08-31", "2016-05-31"]),
        ("March 2023 COMPLETE – March 2024", ["2023-03-31", "2024-03-31"]),
        ("March 2023, March 2024", ["2023-03-31", "2024-03-31"]),
        ("March 2023 and March 2024", ["2023-03-31", "2024-03-31"]),
        ("Jan 2024 – Mar 2024 – Jun 2024", ["2024-01-31", "2024-03-31", "2024-06-30"]),
    ],
)
def test_dates_that_are_not_one_period_stay_separate_milestones(text, expected):
    assert _due(text) == [_date(due) for due in expected]


def test_a_range_then_complete_is_one_completed_milestone():
    parsed = parse_timescale("May 2016 – August 2018 COMPLETE")
    assert parsed.milestones == (
        MilestoneSpec("May 2016 – August 2018", _date("2018-08-31"), completed=True),
    )


def test_from_without_a_range_is_not_read_through():
    parsed = parse_timescale("from March 2024")
    assert _due("from March 2024") == [_date("2024-03-31")]
    assert parsed.problems == ('Cannot read "from" as a date; kept as written.',)


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        ("Monthly", "monthly"),
        ("Quarterly", "quarterly"),
        ("Biannually", "six-monthly"),
        ("Bi-annually", "six-monthly"),
        ("Six-monthly", "six-monthly"),
        ("six monthly", "six-monthly"),
        ("Annually", "annually"),
        ("Yearly", "annually"),
        ("Weekly", "weekly"),
        ("every quarter", "quarterly"),
        ("Every Quarter", "quarterly"),
        ("each month", "monthly"),
        ("once a year", "annually"),
        ("every six months", "six-monthly"),
    ],
)
def test_recurrence_words_are_ongoing_work_with_the_cycle_kept(text, recurrence):
    parsed = parse_timescale(text)
    assert parsed.milestones == (MilestoneSpec(text, None),)
    assert (parsed.ongoing, parsed.recurrence, parsed.problems) == (True, recurrence, ())


def test_a_recurrence_beside_a_date_keeps_both():
    parsed = parse_timescale("Quarterly until March 2025")
    assert [(m.label, m.due) for m in parsed.milestones] == [
        ("Quarterly", None),
        ("March 2025", _date("2025-03-31")),
    ]
    assert parsed.recurrence == "quarterly"


def test_numeric_dates_read_in_the_order_given():
    assert _due("03/04/2024") == [_date("2024-04-03")]
    assert [
        m.due for m in parse_timescale("03/04/2024", order=DateOrder.MONTH_FIRST).milestones
    ] == [_date("2024-03-04")]
    assert parse_timescale("13/04/2024", order=DateOrder.MONTH_FIRST).milestones == ()


@given(st.integers(min_value=32874, max_value=73415))
def test_every_serial_in_range_is_that_many_days_after_excel_s_epoch(days):
    [milestone] = parse_timescale(str(days)).milestones
    assert milestone.due == datetime.date(1899, 12, 30) + datetime.timedelta(days=days)


@given(_month_names, _years, _month_names, st.integers(min_value=1, max_value=30))
def test_two_dates_joined_by_a_dash_or_to_are_one_range_due_at_its_end(first, year, last, more):
    text = f"{first[0]} {year} – {last[0]} {year + more}"
    [milestone] = parse_timescale(text).milestones
    end = year + more
    assert milestone.due == datetime.date(end, last[1], calendar.monthrange(end, last[1])[1])
    assert milestone.label == text


@given(st.text(max_size=40), st.sampled_from(list(DateOrder)))
def test_parse_never_raises_in_either_date_order(text, order):
    parsed = parse_timescale(text, order=order)
    assert parsed.milestones or parsed.problems
