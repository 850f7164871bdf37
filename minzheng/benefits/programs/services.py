"""Writes on programs and standards, for the city administrator (``benefits.manage_standards``).

A standard is never changed or deleted once recorded: a new amount is a new row from a later
month, so past months keep the standard they were computed with and a run for 2025-01 picks the
new one (``selectors.standard_for``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from minzheng.benefits import messages
from minzheng.benefits.programs.models import Program, Standard
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User

PERMISSION = "benefits.manage_standards"
AMOUNT_MAX = Decimal("100000.00")
NOTE_MAX = 200
FIELDS = ["program", "region_prefix", "effective_from", "amount", "note"]


def _clean_amount(value: Decimal | str | None) -> Decimal:
    if value is None or value == "":
        raise ValidationError({"amount": [messages.STANDARD_AMOUNT_REQUIRED]})
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError({"amount": [messages.STANDARD_AMOUNT_REQUIRED]}) from exc
    if not amount.is_finite():
        raise ValidationError({"amount": [messages.STANDARD_AMOUNT_REQUIRED]})
    if amount < 0:
        raise ValidationError({"amount": [messages.STANDARD_AMOUNT_NEGATIVE]})
    if amount > AMOUNT_MAX:
        raise ValidationError({"amount": [messages.STANDARD_AMOUNT_TOO_LARGE.format(max=AMOUNT_MAX)]})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": [messages.STANDARD_AMOUNT_PLACES]})
    return amount.quantize(Decimal("0.01"))


def _clean_region_prefix(prefix: str) -> str:
    prefix = (prefix or "").strip()
    if not prefix.isdigit() or not 2 <= len(prefix) <= 12:
        raise ValidationError({"region_prefix": [messages.STANDARD_REGION_INVALID]})
    # The prefix must be a region's own prefix (3305, 330502, 330502003, or 12 digits).
    if not Region.objects.filter(code=prefix.ljust(12, "0")).exists() and not (
            len(prefix) == 12 and Region.objects.filter(code=prefix).exists()):
        raise ValidationError({"region_prefix": [messages.STANDARD_REGION_UNKNOWN.format(code=prefix)]})
    return prefix


@transaction.atomic
def standard_add(
    *,
    actor: User,
    program: Program,
    region_prefix: str,
    effective_from: dt.date,
    amount: Decimal | str,
    note: str = "",
) -> Standard:
    """Record a new standard for ``program`` in the regions under ``region_prefix`` from the month
    ``effective_from`` (the first of a month). The history is kept: a second standard for the
    same program, prefix and month is refused, naming the month."""
    if not actor.has_perm(PERMISSION):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)
    amount = _clean_amount(amount)
    region_prefix = _clean_region_prefix(region_prefix)
    if not isinstance(effective_from, dt.date) or effective_from.day != 1:
        raise ValidationError({"effective_from": [messages.STANDARD_MONTH_INVALID]})
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": [messages.STANDARD_NOTE_TOO_LONG.format(max=NOTE_MAX)]})
    exists = messages.STANDARD_EXISTS.format(month=f"{effective_from.year}年{effective_from.month}月")
    if Standard.objects.filter(program=program, region_prefix=region_prefix, effective_from=effective_from).exists():
        raise ValidationError({"effective_from": [exists]})
    try:
        with transaction.atomic():
            standard = Standard.objects.create(program=program, region_prefix=region_prefix,
                                               effective_from=effective_from, amount=amount, note=note,
                                               created_by=actor)
    except IntegrityError as exc:
        raise ValidationError({"effective_from": [exists]}) from exc
    audit_record(actor=actor, action="benefits.standard.added", obj=standard, region_code=region_prefix.ljust(12, "0"),
                 after=snapshot(standard, FIELDS))
    return standard
