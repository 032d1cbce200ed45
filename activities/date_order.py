"""Which way round a column's numeric dates are (03/04/2024: 3 April or March 4), decided from
the column's own values that can be read only one way. Pure: no Django.

A column with no such value is read day first (UK order) and reported as ambiguous; a column with
values proving both orders is reported as conflicting, each value read the one way it can be.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from activities.timescales import DateOrder, numeric_dates


def proven_orders(text: str) -> set[DateOrder]:
    """The orders the text's numeric dates prove: 13/04/2024 only day first, 04/13/2024 only month
    first; 03/04/2024 proves nothing."""
    proven = set()
    for first, second in numeric_dates(text):
        if first > 12 >= second:
            proven.add(DateOrder.DAY_FIRST)
        elif second > 12 >= first:
            proven.add(DateOrder.MONTH_FIRST)
    return proven


def is_ambiguous(text: str) -> bool:
    """Whether a numeric date in the text reads as two different dates ("03/04/2024")."""
    return any(
        first != second and max(first, second) <= 12 for first, second in numeric_dates(text)
    )


@dataclass(frozen=True)
class ColumnDateOrder:
    """How one column's numeric dates are read, and the evidence."""

    order: DateOrder = DateOrder.DAY_FIRST
    day_first_proof: str | None = None  # a value only readable day first ("13/04/2024")
    month_first_proof: str | None = None  # a value only readable month first ("04/13/2024")
    ambiguous_example: str | None = None  # a value readable both ways ("03/04/2024")

    @property
    def conflicting(self) -> bool:
        return self.day_first_proof is not None and self.month_first_proof is not None

    @property
    def undecided(self) -> bool:
        """Values read both ways, and nothing in the column says which: read day first."""
        return self.ambiguous_example is not None and not (
            self.day_first_proof or self.month_first_proof
        )

    def order_for(self, text: str) -> DateOrder:
        """The order to read this value in: the column's, or in a conflicting column the one the
        value proves itself (else day first)."""
        if self.conflicting and proven_orders(text) == {DateOrder.MONTH_FIRST}:
            return DateOrder.MONTH_FIRST
        return DateOrder.DAY_FIRST if self.conflicting else self.order


def decide_date_order(values: Iterable[str]) -> ColumnDateOrder:
    """The order of a column's numeric dates, from its values in order (the first proof is kept)."""
    day = month = ambiguous = None
    for text in values:
        if not text or not any(character.isdigit() for character in text):
            continue
        proven = proven_orders(text)
        if DateOrder.DAY_FIRST in proven and day is None:
            day = text
        if DateOrder.MONTH_FIRST in proven and month is None:
            month = text
        if ambiguous is None and is_ambiguous(text):
            ambiguous = text
    order = DateOrder.MONTH_FIRST if month and not day else DateOrder.DAY_FIRST
    return ColumnDateOrder(order, day, month, ambiguous)
