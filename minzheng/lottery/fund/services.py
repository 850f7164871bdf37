"""Writes on the rate table: the city adds a rate from a month on (never overwriting one)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record
from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for
from minzheng.lottery import messages
from minzheng.lottery.fund.compute import parse_amount, parse_month
from minzheng.lottery.fund.models import FundRate, GameType, UnclaimedPrize

PERM_MANAGE = "lottery.manage_lottery"
PERM_VIEW = "lottery.view_lottery"
CITY = "330500000000"


def require(actor: User | None, perm: str) -> None:
    if actor is None or not actor.has_perm(perm):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)


@transaction.atomic
def fund_rate_add(
    *,
    actor: User,
    game_type: GameType,
    effective_from: Any,
    rate: Any,
    approximate: bool = False,
    note: str = "",
) -> FundRate:
    """A new rate of ``game_type`` from the month ``effective_from`` (``2025-01`` or a date)."""
    require(actor, PERM_MANAGE)
    errors: dict[str, list[str]] = {}
    month: dt.date | None = None
    try:
        month = parse_month(effective_from)
    except ValueError:
        errors["effective_from"] = [messages.RATE_FROM_INVALID]
    try:
        value = Decimal(str(rate).strip())
        if not value.is_finite() or not (0 <= value <= 1) or value != value.quantize(Decimal("0.0001")):
            raise ValueError
    except (InvalidOperation, ValueError):
        errors["rate"] = [messages.RATE_INVALID]
        value = Decimal(0)
    if month is not None and "rate" not in errors:
        existing = FundRate.objects.filter(game_type=game_type, effective_from=month).first()
        if existing is not None:
            errors["effective_from"] = [
                messages.RATE_EXISTS.format(game=game_type.name, month=f"{month:%Y-%m}", rate=existing.rate)
            ]
    note = (note or "").strip()
    if len(note) > 200:
        errors["note"] = [messages.NOTE_TOO_LONG.format(field="依据", max=200)]
    if errors:
        raise ValidationError(errors)
    assert month is not None
    row = FundRate.objects.create(
        game_type=game_type,
        effective_from=month,
        rate=value,
        approximate=bool(approximate),
        note=note,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="lottery.fund_rate.added",
        obj=row,
        region_code=CITY,
        after={
            "game_type": game_type.code,
            "effective_from": month.isoformat(),
            "rate": str(value),
            "approximate": row.approximate,
        },
    )
    return row


@transaction.atomic
def unclaimed_prize_record(
    *, actor: User, month: Any, region_code: str, amount: Any, note: str = ""
) -> UnclaimedPrize:
    """Prizes of ``region_code`` that lapsed unclaimed in ``month`` (after 60 days): into the fund, local."""
    require(actor, PERM_MANAGE)
    errors: dict[str, list[str]] = {}
    day: dt.date | None = None
    try:
        day = parse_month(month)
    except ValueError:
        errors["month"] = [messages.MONTH_INVALID]
    code = str(region_code or "").strip()
    if not scope_for(actor).contains(code) or not Region.objects.filter(code=code).exists():
        errors["region_code"] = [messages.REGION_INVALID]
    value = Decimal(0)
    try:
        value = parse_amount(amount)
        if value <= 0:
            raise ValueError("invalid")
    except ValueError:
        errors["amount"] = [messages.UNCLAIMED_AMOUNT_INVALID]
    note = (note or "").strip()
    if len(note) > 200:
        errors["note"] = [messages.NOTE_TOO_LONG.format(field="说明", max=200)]
    if errors:
        raise ValidationError(errors)
    assert day is not None
    row = UnclaimedPrize.objects.create(
        month=day, region_code=code, amount=value, note=note, created_by=actor
    )
    audit_record(
        actor=actor,
        action="lottery.unclaimed_prize.recorded",
        obj=row,
        region_code=code,
        after={"month": day.isoformat(), "region_code": code, "amount": str(value), "note": note},
    )
    return row
