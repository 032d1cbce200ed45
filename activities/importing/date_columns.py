"""Each sheet's timescale column: which way round its numeric dates are read, and saying so.

Pure (no ORM): raw rows in, a ColumnDateOrder per sheet and the problems that report it out.
"""

from activities.date_order import ColumnDateOrder, decide_date_order, is_ambiguous
from activities.importing.problems import Code, Problem, Severity
from activities.importing.raw import RawRow
from activities.timescales import DateOrder, parse_timescale


def timescale_text(raw: RawRow) -> str:
    """The timescale as text, or "" for a date cell (a real date has no order to decide)."""
    cell = raw.cells.get("timescale")
    return cell.value if cell is not None and cell.native is None else ""


def date_orders(rows: tuple[RawRow, ...]) -> dict[str, ColumnDateOrder]:
    """Sheet -> how its timescale column's numeric dates are read."""
    by_sheet: dict[str, list[RawRow]] = {}
    for raw in rows:
        by_sheet.setdefault(raw.sheet, []).append(raw)
    return {
        sheet: decide_date_order(timescale_text(raw) for raw in sheet_rows)
        for sheet, sheet_rows in by_sheet.items()
    }


def date_order_problems(rows: tuple[RawRow, ...], orders: dict[str, ColumnDateOrder]):
    """Warnings saying how each sheet's numeric dates were read, where that needed deciding."""
    problems: list[Problem] = []
    for sheet, order in orders.items():
        sheet_rows = [raw for raw in rows if raw.sheet == sheet]
        if order.conflicting:
            problems.extend(_conflicting(sheet_rows, order))
        elif order.undecided:
            problems.append(
                _warning(_first(sheet_rows, order.ambiguous_example), _undecided(order))
            )
        elif order.order == DateOrder.MONTH_FIRST and order.ambiguous_example:
            proof = _first(sheet_rows, order.month_first_proof)
            problems.append(_warning(proof, _month_first(order, proof.row)))
    return problems


def _first(rows: list[RawRow], text: str) -> RawRow:
    return next(raw for raw in rows if timescale_text(raw) == text)


def _warning(raw: RawRow, message: str) -> Problem:
    row, where = raw.locate("timescale")
    return Problem(raw.sheet, row, where, message, Severity.WARNING, Code.UNCERTAIN_DATE)


def _both_ways(text: str) -> str:
    day = _due(text, DateOrder.DAY_FIRST)
    month = _due(text, DateOrder.MONTH_FIRST)
    return f"{day:%-d %B %Y} (day first) or {month:%B %-d, %Y} (month first)"


def _due(text: str, order: DateOrder):
    dates = [m.due for m in parse_timescale(text, order=order).milestones if m.due]
    return dates[0] if dates else None


def _undecided(order: ColumnDateOrder) -> str:
    example = order.ambiguous_example
    return (
        f"Numeric dates in this column, such as “{example}”, could be {_both_ways(example)}, "
        "and none of them settles which: all were read day first (UK order). If the file means "
        "month first (US order), write the dates as “4 March 2024” or “2024-03-04” instead."
    )


def _month_first(order: ColumnDateOrder, row: int) -> str:
    example = order.ambiguous_example
    return (
        f"Numeric dates in this column are read month first (US order), as “"
        f"{order.month_first_proof}” (row {row}) can only be: so “{example}” is "
        f"{_due(example, DateOrder.MONTH_FIRST):%B %-d, %Y}."
    )


def _conflicting(rows: list[RawRow], order: ColumnDateOrder) -> list[Problem]:
    day = _first(rows, order.day_first_proof)
    month = _first(rows, order.month_first_proof)
    problems = [
        _warning(
            day,
            f"This column mixes day-first dates (“{order.day_first_proof}”, row {day.row}) and "
            f"month-first dates (“{order.month_first_proof}”, row {month.row}): each was read "
            "the only way it can be; dates that could be either are named one by one.",
        )
    ]
    for raw in rows:
        text = timescale_text(raw)
        if is_ambiguous(text):
            problems.append(
                _warning(
                    raw,
                    f"“{text}” could be {_both_ways(text)}, and this column has dates both ways: "
                    "read day first. Write it as “4 March 2024” or “2024-03-04” to be sure.",
                )
            )
    return problems
