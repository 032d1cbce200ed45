"""date_order.py: a column's numeric dates are read the way its unambiguous values prove."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from activities.date_order import decide_date_order, is_ambiguous, proven_orders
from activities.timescales import DateOrder


@pytest.mark.parametrize(
    ("text", "proven"),
    [
        ("13/04/2024", {DateOrder.DAY_FIRST}),
        ("04/13/2024", {DateOrder.MONTH_FIRST}),
        ("03/04/2024", set()),
        ("13/13/2024", set()),  # no date either way
        ("31.12.24", {DateOrder.DAY_FIRST}),
        ("March 2024", set()),
        ("2024-04-13", set()),  # ISO is always year, month, day
    ],
)
def test_a_value_proves_an_order_only_when_one_number_is_above_twelve(text, proven):
    assert proven_orders(text) == proven


def test_one_us_value_decides_the_column_so_03_04_becomes_4_march():
    order = decide_date_order(["03/04/2024", "", "March 2024", "04/13/2024"])
    assert order.order == DateOrder.MONTH_FIRST
    assert (order.month_first_proof, order.ambiguous_example) == ("04/13/2024", "03/04/2024")
    assert not order.conflicting and not order.undecided
    assert order.order_for("03/04/2024") == DateOrder.MONTH_FIRST


def test_a_column_with_nothing_settling_it_is_read_day_first_and_called_undecided():
    order = decide_date_order(["03/04/2024", "05/06/2024"])
    assert (order.order, order.undecided) == (DateOrder.DAY_FIRST, True)


def test_same_numbers_both_ways_are_not_ambiguous():
    assert not is_ambiguous("05/05/2024")
    assert decide_date_order(["05/05/2024"]).undecided is False


def test_a_column_proving_both_orders_reads_each_value_its_own_way():
    order = decide_date_order(["13/04/2024", "04/13/2024", "03/04/2024"])
    assert order.conflicting
    assert order.order_for("04/13/2024") == DateOrder.MONTH_FIRST
    assert order.order_for("13/04/2024") == DateOrder.DAY_FIRST
    assert order.order_for("03/04/2024") == DateOrder.DAY_FIRST


@given(
    st.lists(
        st.tuples(st.integers(1, 28), st.integers(1, 12), st.integers(2000, 2030)), min_size=1
    ),
    st.booleans(),
)
def test_a_column_written_one_way_is_never_read_the_other(dates, month_first):
    texts = [f"{m:02d}/{d:02d}/{y}" if month_first else f"{d:02d}/{m:02d}/{y}" for d, m, y in dates]
    order = decide_date_order(texts)
    assert not order.conflicting
    if any(d > 12 for d, m, _ in dates if d != m):
        assert order.order == (DateOrder.MONTH_FIRST if month_first else DateOrder.DAY_FIRST)
