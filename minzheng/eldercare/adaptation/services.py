"""Writes on home adaptation (适老化改造 / 以旧换新). Each runs in one transaction, checks its
input (a Chinese ``ValidationError`` keyed by the field at fault), writes, records one audit entry
``eldercare.adaptation_application.<verb>`` / ``eldercare.adaptation_item.added`` and returns what
it wrote; a refusal writes nothing.

- ``application_submit`` (``eldercare.manage_adaptation``, the township): an elder of 60 or over
  in the actor's scope, the lines (catalogue items in use, quantities, unit prices not above the
  catalogue price; the catalogue price when none is given) and the subsidy rate. The total is the
  sum of the lines, the subsidy ``total × rate`` rounded half up to the fen once.
- ``application_approve`` / ``application_refuse`` (``eldercare.approve_adaptation``, the county):
  the review, never by the maker (also a database constraint), once (a conditional update decides
  a race).
- ``application_pay`` (the same power): the subsidy of an approved application paid, once.
- ``item_add`` (``eldercare.manage_adaptation_catalogue``, the city): a catalogue item.

An application outside the actor's scope answers 404, so nobody learns it exists.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.benefits.applications.counting import age_on
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.eldercare.adaptation import messages, selectors
from minzheng.eldercare.adaptation.models import (
    AdaptationApplication,
    AdaptationItem,
    AdaptationLine,
    ApplicationStatus,
    ItemCategory,
)
from minzheng.people.models import Person

ELDER_AGE = 60
FEN = Decimal("0.01")
QUANTITY_MAX = 100
PRICE_MAX = Decimal("100000.00")
NAME_MAX, UNIT_MAX, NOTE_MAX = 60, 10, 200
APPLICATION_FIELDS = [
    "person",
    "applied_on",
    "subsidy_rate",
    "total",
    "subsidy",
    "status",
    "note",
    "reviewed_by",
    "refusal_reason",
    "paid_on",
]
ITEM_FIELDS = ["code", "name", "category", "unit", "price"]


@dataclass(frozen=True)
class LineInput:
    """One line of an application as asked: the item, the quantity and (optionally) the unit
    price; the catalogue price when none is given."""

    item: AdaptationItem | None
    quantity: Any
    unit_price: Any = None


def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value or "")).strip()


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(_text(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def subsidy_of(total: Decimal, rate: Decimal) -> Decimal:
    """The subsidy of an application: its total × the rate, rounded half up to the fen once."""
    return (total * rate).quantize(FEN, rounding=ROUND_HALF_UP)


def rate_error(value: Any) -> bool:
    rate = _decimal(value)
    return rate is None or rate <= 0 or rate > 1 or rate != rate.quantize(FEN)


def _require(actor: User | None, permission: str, message: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied(message)


def _in_scope(actor: User | None, region_code: str) -> None:
    if actor is None or not scope_for(actor).contains(region_code):
        raise Http404(core_messages.NOT_FOUND)


def _day(
    value: Any, *, field: str, required: str, future: str, errors: dict[str, list[str]]
) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(_text(value))
        except ValueError:
            errors[field] = [required]
            return None
    if value > timezone.localdate():
        errors[field] = [future]
        return None
    return value


def _lines(lines: list[LineInput], errors: dict[str, list[str]]) -> list[AdaptationLine]:
    """The lines as rows to write (amount = quantity × unit price), or the reasons on ``lines``,
    ``quantity`` and ``unit_price``."""
    out: list[AdaptationLine] = []
    seen: set[int] = set()
    if not lines:
        errors["lines"] = [messages.LINES_REQUIRED]
    for n, line in enumerate(lines, start=1):
        item = line.item
        if item is None or not item.active:
            errors.setdefault("lines", []).append(messages.LINE_ITEM_UNKNOWN.format(n=n))
            continue
        if item.pk in seen:
            errors.setdefault("lines", []).append(messages.LINE_ITEM_REPEATED.format(name=item.name))
            continue
        seen.add(item.pk)
        quantity = _decimal(line.quantity)
        if quantity is None or quantity != quantity.to_integral_value() or not 1 <= quantity <= QUANTITY_MAX:
            errors.setdefault("quantity", []).append(
                messages.LINE_QUANTITY_INVALID.format(name=item.name, max=QUANTITY_MAX)
            )
            continue
        price = item.price if line.unit_price in (None, "") else _decimal(line.unit_price)
        if price is None or price <= 0 or price > item.price or price != price.quantize(FEN):
            errors.setdefault("unit_price", []).append(
                messages.LINE_PRICE_INVALID.format(name=item.name, price=f"{item.price:.2f}")
            )
            continue
        out.append(
            AdaptationLine(
                item=item,
                quantity=int(quantity),
                unit_price=price.quantize(FEN),
                amount=(price * int(quantity)).quantize(FEN),
            )
        )
    return out


@transaction.atomic
def application_submit(
    *,
    actor: User,
    person: Person | None,
    applied_on: dt.date | str,
    subsidy_rate: Decimal | str,
    lines: list[LineInput],
    note: str = "",
) -> AdaptationApplication:
    """An elder's application with its lines (see the module's docstring), waiting for review."""
    _require(actor, selectors.PERM_MANAGE, messages.PERMISSION_MANAGE)
    if person is None:
        raise ValidationError({"person": [messages.PERSON_REQUIRED]})
    _in_scope(actor, person.region_code)
    errors: dict[str, list[str]] = {}
    day = _day(
        applied_on,
        field="applied_on",
        required=messages.APPLIED_ON_REQUIRED,
        future=messages.APPLIED_ON_FUTURE,
        errors=errors,
    )
    if rate_error(subsidy_rate):
        errors["subsidy_rate"] = [messages.RATE_INVALID]
    rows = _lines(lines, errors)
    if day is not None:
        if person.death_date is not None and person.death_date <= day:
            errors["person"] = [
                messages.PERSON_DECEASED.format(name=person.name, date=person.death_date.isoformat())
            ]
        elif age_on(person.birth_date, day) < ELDER_AGE:
            errors["person"] = [messages.PERSON_TOO_YOUNG.format(name=person.name)]
    text = _text(note)
    if len(text) > NOTE_MAX:
        errors["note"] = [messages.NOTE_TOO_LONG.format(max=NOTE_MAX)]
    if errors:
        raise ValidationError(errors)
    assert day is not None
    rate = Decimal(_text(subsidy_rate)).quantize(FEN)
    total = sum((row.amount for row in rows), Decimal("0.00"))
    application = AdaptationApplication.objects.create(
        person=person,
        region_code=person.region_code,
        applied_on=day,
        subsidy_rate=rate,
        total=total,
        subsidy=subsidy_of(total, rate),
        note=text,
        created_by=actor,
        created_at=timezone.now(),
    )
    for row in rows:
        row.application = application
    AdaptationLine.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="eldercare.adaptation_application.submitted",
        obj=application,
        object_repr=f"{person.name} 适老化改造 {day}",
        after={
            **snapshot(application, APPLICATION_FIELDS),
            "lines": [[row.item.code, row.quantity, f"{row.unit_price:.2f}"] for row in rows],
        },
    )
    return application


def _locked(actor: User, application: AdaptationApplication) -> AdaptationApplication:
    _require(actor, selectors.PERM_APPROVE, messages.PERMISSION_APPROVE)
    _in_scope(actor, application.region_code)
    return AdaptationApplication.objects.select_for_update().get(pk=application.pk)


def _review(
    actor: User, application: AdaptationApplication, *, status: str, reason: str = ""
) -> AdaptationApplication:
    row = _locked(actor, application)
    if row.status != ApplicationStatus.SUBMITTED:
        raise ValidationError({"status": [messages.NOT_SUBMITTED.format(status=row.get_status_display())]})
    if row.created_by_id is not None and row.created_by_id == actor.pk:
        raise ValidationError({"reviewed_by": [messages.REVIEW_OWN]})
    before = snapshot(row, APPLICATION_FIELDS)
    changed = AdaptationApplication.objects.filter(pk=row.pk, status=ApplicationStatus.SUBMITTED).update(
        status=status, reviewed_by=actor, reviewed_at=timezone.now(), refusal_reason=reason
    )
    if changed != 1:
        raise ValidationError({"status": [messages.NOT_SUBMITTED.format(status="—")]})
    row.refresh_from_db()
    verb = "approved" if status == ApplicationStatus.APPROVED else "refused"
    audit_record(
        actor=actor,
        action=f"eldercare.adaptation_application.{verb}",
        obj=row,
        before=before,
        after=snapshot(row, APPLICATION_FIELDS),
    )
    return row


@transaction.atomic
def application_approve(*, actor: User, application: AdaptationApplication) -> AdaptationApplication:
    """Approve an application waiting for review: by someone other than its maker, once."""
    return _review(actor, application, status=ApplicationStatus.APPROVED)


@transaction.atomic
def application_refuse(
    *, actor: User, application: AdaptationApplication, reason: str
) -> AdaptationApplication:
    """Refuse an application waiting for review, with the reason: by someone other than its maker."""
    _require(actor, selectors.PERM_APPROVE, messages.PERMISSION_APPROVE)
    text = _text(reason)
    if not text or len(text) > NOTE_MAX:
        raise ValidationError({"refusal_reason": [messages.REASON_REQUIRED.format(max=NOTE_MAX)]})
    return _review(actor, application, status=ApplicationStatus.REFUSED, reason=text)


@transaction.atomic
def application_pay(
    *, actor: User, application: AdaptationApplication, paid_on: dt.date | str
) -> AdaptationApplication:
    """Record the subsidy of an approved application as paid on ``paid_on``, once."""
    row = _locked(actor, application)
    if row.status != ApplicationStatus.APPROVED:
        raise ValidationError({"status": [messages.NOT_APPROVED.format(status=row.get_status_display())]})
    errors: dict[str, list[str]] = {}
    day = _day(
        paid_on,
        field="paid_on",
        required=messages.PAID_ON_REQUIRED,
        future=messages.PAID_ON_FUTURE,
        errors=errors,
    )
    if day is not None and day < row.applied_on:
        errors["paid_on"] = [messages.PAID_BEFORE_APPLIED.format(date=row.applied_on.isoformat())]
    if errors:
        raise ValidationError(errors)
    before = snapshot(row, APPLICATION_FIELDS)
    AdaptationApplication.objects.filter(pk=row.pk, status=ApplicationStatus.APPROVED).update(
        status=ApplicationStatus.PAID, paid_on=day, paid_by=actor
    )
    row.refresh_from_db()
    audit_record(
        actor=actor,
        action="eldercare.adaptation_application.paid",
        obj=row,
        before=before,
        after=snapshot(row, APPLICATION_FIELDS),
    )
    return row


@transaction.atomic
def item_add(
    *, actor: User, code: str, name: str, category: str, unit: str, price: Decimal | str
) -> AdaptationItem:
    """A new catalogue item (the city's reference data)."""
    _require(actor, selectors.PERM_CATALOGUE, messages.PERMISSION_CATALOGUE)
    errors: dict[str, list[str]] = {}
    code_text, name_text, unit_text = _text(code).upper(), _text(name), _text(unit)
    if not (2 <= len(code_text) <= 20) or not all(
        c.isascii() and (c.isalnum() or c == "-") for c in code_text
    ):
        errors["code"] = [messages.ITEM_CODE_INVALID]
    elif AdaptationItem.objects.filter(code=code_text).exists():
        errors["code"] = [messages.ITEM_CODE_EXISTS.format(code=code_text)]
    if not name_text or len(name_text) > NAME_MAX:
        errors["name"] = [messages.ITEM_NAME_REQUIRED.format(max=NAME_MAX)]
    if category not in ItemCategory.values:
        errors["category"] = [messages.ITEM_CATEGORY_INVALID]
    if not unit_text or len(unit_text) > UNIT_MAX:
        errors["unit"] = [messages.ITEM_UNIT_REQUIRED.format(max=UNIT_MAX)]
    amount = _decimal(price)
    if amount is None or amount <= 0 or amount > PRICE_MAX or amount != amount.quantize(FEN):
        errors["price"] = [messages.ITEM_PRICE_INVALID.format(max=PRICE_MAX)]
    if errors:
        raise ValidationError(errors)
    assert amount is not None
    try:
        with transaction.atomic():
            item = AdaptationItem.objects.create(
                code=code_text,
                name=name_text,
                category=category,
                unit=unit_text,
                price=amount.quantize(FEN),
                created_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError({"code": [messages.ITEM_CODE_EXISTS.format(code=code_text)]}) from exc
    audit_record(
        actor=actor,
        action="eldercare.adaptation_item.added",
        obj=item,
        region_code="330500000000",
        after=snapshot(item, ITEM_FIELDS),
    )
    return item
