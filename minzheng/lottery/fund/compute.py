"""The 公益金 of sales, by the rate table.

Rounding (stated once, used everywhere: the API, the fund page, the figures):

- each game type's 公益金 is its sales × the rate in force that month, rounded half up to the fen;
- the total is the sum of those;
- the central half is total × the central share (``settings.LOTTERY_CENTRAL_SHARE``, default
  0.5: the fund is split 50:50), rounded half up to the fen; the local half is total − central,
  so the halves always add up to the total.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings

from minzheng.lottery import messages
from minzheng.lottery.fund.models import FundRate, GameType

FEN = Decimal("0.01")
MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
AMOUNT_MAX = Decimal("1000000000000")  # a trillion yuan: beyond any month of any city


def central_share() -> Decimal:
    return Decimal(str(getattr(settings, "LOTTERY_CENTRAL_SHARE", "0.5")))


def yuan(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def parse_month(value: Any) -> dt.date:
    """``2024-05`` (or a date) as the month's first day; ``ValueError`` for anything else."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(day=1)
    match = MONTH_RE.match(str(value or "").strip())
    if not match:
        raise ValueError(value)
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise ValueError(value)
    return dt.date(year, month, 1)


def parse_amount(value: Any) -> Decimal:
    """A non-negative amount to the fen. ``ValueError("invalid"|"negative"|"fraction"|"big")``."""
    if isinstance(value, bool) or value is None:
        raise ValueError("invalid")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError("invalid") from exc
    if not amount.is_finite():
        raise ValueError("invalid")
    if amount < 0:
        raise ValueError("negative")
    if amount != amount.quantize(FEN):
        raise ValueError("fraction")
    if amount >= AMOUNT_MAX:
        raise ValueError("big")
    return amount.quantize(FEN)


def rates_in_force(month: dt.date, games: Iterable[GameType] | None = None) -> dict[int, FundRate]:
    """The rate of each game type in force in ``month``: the latest ``effective_from`` not after it."""
    qs = FundRate.objects.filter(effective_from__lte=month).select_related("game_type")
    if games is not None:
        qs = qs.filter(game_type__in=list(games))
    found: dict[int, FundRate] = {}
    for rate in qs.order_by("game_type_id", "-effective_from"):
        found.setdefault(rate.game_type_id, rate)
    return found


def rate_history() -> list[FundRate]:
    return list(
        FundRate.objects.select_related("game_type").order_by("game_type__ordering", "-effective_from")
    )


@dataclass(frozen=True)
class FundLine:
    game_type: GameType
    sales: Decimal
    rate: Decimal
    approximate: bool
    fund: Decimal


@dataclass(frozen=True)
class Fund:
    month: dt.date
    lines: list[FundLine]
    sales_total: Decimal
    total: Decimal
    central: Decimal
    local: Decimal
    central_share: Decimal


def split(total: Decimal) -> tuple[Decimal, Decimal]:
    """(central, local) of a total: central rounded half up to the fen, local the rest."""
    central = yuan(total * central_share())
    return central, total - central


def fund_for(month: dt.date, sales: Mapping[GameType, Decimal]) -> Fund:
    """The 公益金 of one month's sales by game type. A game type without a rate in force that
    month is a ``ValueError`` naming it (``messages.MONTH_NO_RATE``)."""
    rates = rates_in_force(month, sales.keys())
    lines = []
    for game, amount in sorted(sales.items(), key=lambda item: (item[0].ordering, item[0].code)):
        rate = rates.get(game.pk)
        if rate is None:
            raise ValueError(messages.MONTH_NO_RATE.format(month=f"{month:%Y年%m月}", game=game.name))
        lines.append(
            FundLine(
                game_type=game,
                sales=amount,
                rate=rate.rate,
                approximate=rate.approximate,
                fund=yuan(amount * rate.rate),
            )
        )
    total = sum((line.fund for line in lines), Decimal("0.00"))
    central, local = split(total)
    return Fund(
        month=month,
        lines=lines,
        sales_total=sum((line.sales for line in lines), Decimal("0.00")),
        total=total,
        central=central,
        local=local,
        central_share=central_share(),
    )


def fund_of_rows(rows: Iterable[tuple[dt.date, int, Decimal]]) -> dict[dt.date, Decimal]:
    """The 公益金 per month of (month, game type id, sales) sums, each rounded as ``fund_for`` does:
    what the fund page and the figures count from the stored sales."""
    rows = list(rows)
    by_month: dict[dt.date, Decimal] = {}
    cache: dict[dt.date, dict[int, FundRate]] = {}
    for month, game_id, amount in rows:
        if month not in cache:
            cache[month] = rates_in_force(month)
        rate = cache[month].get(game_id)
        fund = yuan(amount * rate.rate) if rate is not None else Decimal("0.00")
        by_month[month] = by_month.get(month, Decimal("0.00")) + fund
    return by_month
