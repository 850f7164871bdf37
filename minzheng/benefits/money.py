"""Money and periods for every program: Decimal yuan with 2 places, periods as first-of-month
dates. Amounts are rounded half up to the fen once, at the end of a calculation, never on the way
(docs/DOMAIN.md, "Rounding")."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def yuan(value: Decimal | int | str) -> Decimal:
    """``value`` rounded half up to the fen: the one rounding of a calculation."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def to_decimal(value: object, default: Decimal = ZERO) -> Decimal:
    """A Decimal from a program parameter stored as JSON (a string, an int, a float) or ``default``."""
    if value is None or value == "":
        return default
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return default


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_add(month: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``month`` (negative goes back)."""
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def date_add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it has no such day
    (2024-08-31 + 6 months = 2025-02-28)."""
    first = month_add(day.replace(day=1), months)
    following = month_add(first, 1)
    return first.replace(day=min(day.day, (following - dt.timedelta(days=1)).day))


def parse_month(text: str) -> dt.date:
    """``2024-06`` as 2024-06-01. ValueError when it is not a month."""
    year, _, month = (text or "").strip().partition("-")
    if len(year) != 4 or not year.isdigit() or not month.isdigit() or len(month) > 2:
        raise ValueError(text)
    return dt.date(int(year), int(month), 1)
