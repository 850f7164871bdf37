"""Writes on meals for the elderly (老年助餐). Each runs in one transaction, checks its input (a
Chinese ``ValidationError`` keyed by the field at fault), writes, records one audit entry
``eldercare.meal.<verb>`` / ``eldercare.meal_subsidy_rate.<verb>`` and returns what it wrote; a
refusal writes nothing.

- ``meal_record``: one meal of one elder at a meal site. The actor must see the site (an officer
  whose scope holds it, or a provider operator of its operator: otherwise 404) and hold
  ``eldercare.record_meals``. The subsidy is the elder's age tier's rate in force for the site's
  region that month, never more than the price. When the love card pays, the elder's share is
  debited through ``love_cards.services.love_card_debit`` with the key ``meal:<record id>`` in
  the same transaction: a frozen card or a short balance refuses the meal and nothing is written.
  The same meal recorded again (same elder, day and meal) returns the first record and debits
  nothing; recorded again differently, it is refused.
- ``meal_subsidy_rate_add`` (``eldercare.manage_meal_subsidy_rates``, the city) adds a rate.

There is no voiding of a meal: the love card ledger has no refund kind (a meal entry can only
debit), so a wrong debit is put right by a top-up, as for any other ledger mistake.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.benefits.money import parse_month
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for
from minzheng.eldercare.love_cards.models import LoveCard
from minzheng.eldercare.love_cards.services import love_card_debit
from minzheng.eldercare.meals import messages, selectors
from minzheng.eldercare.meals.models import Meal, MealMode, MealRecord, MealSubsidyRate, MealTier, PaidWith
from minzheng.facilities.sites.models import Facility
from minzheng.facilities.sites.selectors import facilities_visible
from minzheng.people.models import Person

PERM_RECORD = selectors.PERM_RECORD
PERM_RATES = "eldercare.manage_meal_subsidy_rates"
KEY_PREFIX = "meal:"
SOURCE_TYPE = "eldercare.mealrecord"
RECORD_FIELDS = [
    "person",
    "site",
    "served_on",
    "meal",
    "mode",
    "tier",
    "price",
    "subsidy",
    "elder_share",
    "paid_with",
    "love_card_entry",
]
RATE_FIELDS = ["tier", "region_prefix", "effective_from", "amount", "note"]
PRICE_MAX = Decimal("100.00")  # one meal; more is a slip of the finger
RATE_MAX = Decimal("100.00")
NOTE_MAX = 200
# Nothing in the registry goes back further; a date before it is a typing slip.
EARLIEST = dt.date(2000, 1, 1)
PREFIX_LENGTHS = (4, 6, 9, 12)
FEN = Decimal("0.01")


def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value or "")).strip()


def price_error(value: Any) -> str:
    """Why ``value`` is not a meal's price, or "" when it is one: yuan above zero, at most
    ``PRICE_MAX``, exact to the fen."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return messages.PRICE_REQUIRED
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        return messages.PRICE_INVALID.format(max=PRICE_MAX)
    try:
        price = value if isinstance(value, Decimal) else Decimal(_text(value))
    except InvalidOperation:
        return messages.PRICE_INVALID.format(max=PRICE_MAX)
    if not price.is_finite() or price <= 0 or price > PRICE_MAX or price != price.quantize(FEN):
        return messages.PRICE_INVALID.format(max=PRICE_MAX)
    return ""


def _served_on(value: Any, errors: dict[str, list[str]]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if value is None or value == "":
        errors["served_on"] = [messages.SERVED_ON_REQUIRED]
        return None
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(_text(value))
        except ValueError:
            errors["served_on"] = [messages.SERVED_ON_INVALID]
            return None
    if value > timezone.localdate():
        errors["served_on"] = [messages.SERVED_ON_FUTURE]
    elif value < EARLIEST:
        errors["served_on"] = [messages.SERVED_ON_TOO_EARLY.format(earliest=EARLIEST.isoformat())]
    return value


def _authorize_site(actor: User, site: Facility) -> None:
    """404 for a site the actor cannot see (nobody learns it exists), 403 without the power, and
    a facility of another kind refused on its field."""
    if actor is None or not facilities_visible(user=actor).filter(pk=site.pk).exists():
        raise Http404(core_messages.NOT_FOUND)
    if not actor.has_perm(PERM_RECORD):
        raise PermissionDenied(messages.PERMISSION_RECORD)
    if site.kind != Facility.Kind.MEAL_SITE:
        raise ValidationError({"site": [messages.SITE_NOT_MEAL_SITE.format(kind=site.get_kind_display())]})


def _same(record: MealRecord, *, site: Facility, mode: str, price: Decimal, paid_with: str) -> MealRecord:
    """The record of a meal recorded before, when this is the same recording again."""
    if (record.site_id, record.mode, record.price, record.paid_with) != (site.pk, mode, price, paid_with):
        raise ValidationError(
            {
                "meal": [
                    messages.ALREADY_RECORDED.format(
                        date=record.served_on.isoformat(),
                        meal=record.get_meal_display(),
                        site=record.site.name,
                        price=f"{record.price:.2f}",
                        paid_with=record.get_paid_with_display(),
                    )
                ]
            }
        )
    return record


def _card_check(card: LoveCard | None, share: Decimal) -> None:
    """Refuse, on the field the payment was chosen with, a card that cannot pay ``share``."""
    if card is None:
        raise ValidationError({"paid_with": [messages.NO_CARD]})
    if card.status != LoveCard.Status.ACTIVE:
        raise ValidationError(
            {"paid_with": [messages.CARD_FROZEN.format(reason=card.get_frozen_reason_display())]}
        )
    if card.balance < share:
        raise ValidationError(
            {"paid_with": [messages.CARD_SHORT.format(balance=f"{card.balance:.2f}", amount=f"{share:.2f}")]}
        )


def _card_refusal(card: LoveCard, share: Decimal, exc: ValidationError) -> ValidationError:
    """The debit's refusal, said on the field the payment was chosen with."""
    try:
        _card_check(card, share)
    except ValidationError as refusal:
        return refusal
    return ValidationError(
        {"paid_with": [f"支付方式：{text}" for texts in exc.message_dict.values() for text in texts]}
    )


@transaction.atomic
def meal_record(
    *,
    actor: User,
    site: Facility,
    person: Person | None,
    served_on: dt.date | str,
    meal: str,
    mode: str,
    price: Decimal | str,
    paid_with: str,
) -> tuple[MealRecord, bool]:
    """Record one meal (see the module's docstring). Returns (record, created): the same meal
    recorded again returns the first record and ``False``, and changes nothing."""
    _authorize_site(actor, site)
    errors: dict[str, list[str]] = {}
    if person is None:
        errors["person"] = [messages.PERSON_REQUIRED]
    day = _served_on(served_on, errors)
    if meal not in Meal.values:
        errors["meal"] = [messages.MEAL_INVALID]
    if mode not in MealMode.values:
        errors["mode"] = [messages.MODE_INVALID]
    if paid_with not in PaidWith.values:
        errors["paid_with"] = [messages.PAID_WITH_INVALID]
    if error := price_error(price):
        errors["price"] = [error]
    if person is not None and day is not None and "served_on" not in errors:
        if person.death_date is not None and day >= person.death_date:
            errors["person"] = [
                messages.PERSON_DECEASED.format(name=person.name, date=person.death_date.isoformat())
            ]
        elif day < person.birth_date:
            errors["served_on"] = [messages.PERSON_BORN_AFTER]
    if errors:
        raise ValidationError(errors)
    assert person is not None and day is not None
    amount = (price if isinstance(price, Decimal) else Decimal(_text(price))).quantize(FEN)
    existing = selectors.record_of(person=person, served_on=day, meal=meal)
    if existing is not None:
        return _same(existing, site=site, mode=mode, price=amount, paid_with=paid_with), False
    tier, subsidy = selectors.subsidy_for(
        birth_date=person.birth_date, region_code=site.region_code, day=day, price=amount
    )
    share = amount - subsidy
    card = selectors.card_of(person=person) if paid_with == PaidWith.LOVE_CARD else None
    if paid_with == PaidWith.LOVE_CARD and share > 0:
        _card_check(card, share)  # said before anything is written; the debit checks again, atomically
    record = MealRecord(
        person=person,
        site=site,
        region_code=site.region_code,
        served_on=day,
        period=day.replace(day=1),
        meal=meal,
        mode=mode,
        tier=tier,
        price=amount,
        subsidy=subsidy,
        elder_share=share,
        paid_with=paid_with,
        recorded_by=actor,
        created_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # The same meal, sent at the same moment, committed first: we waited for it at the index.
        existing = selectors.record_of(person=person, served_on=day, meal=meal)
        if existing is None:
            raise
        return _same(existing, site=site, mode=mode, price=amount, paid_with=paid_with), False
    if paid_with == PaidWith.LOVE_CARD and share > 0:
        assert card is not None
        try:
            entry = love_card_debit(
                card=card,
                amount=share,
                idempotency_key=f"{KEY_PREFIX}{record.pk}",
                source=record,
                on=day,
                actor=actor,
                note=f"{site.name} {day.isoformat()} {record.get_meal_display()}",
            )
        except ValidationError as exc:
            # Someone got there first (the card froze, or other debits took the money meanwhile).
            raise _card_refusal(LoveCard.objects.get(pk=card.pk), share, exc) from exc
        record.love_card_entry = entry
        record.save(update_fields=["love_card_entry"])
    audit_record(
        actor=actor,
        action="eldercare.meal.recorded",
        obj=record,
        object_repr=f"{person.name} {day.isoformat()} {record.get_meal_display()} @{site.name}",
        after=snapshot(record, RECORD_FIELDS),
    )
    return record, True


# ---- rates ------------------------------------------------------------------------------------------


def _rate_region(value: Any, *, actor: User) -> str:
    """A rate's region prefix: 4, 6, 9 or 12 digits of a region inside the actor's scope."""
    prefix = _text(value)
    if not prefix.isdigit() or len(prefix) not in PREFIX_LENGTHS:
        raise ValidationError({"region_prefix": [messages.REGION_INVALID]})
    if not Region.objects.filter(code=prefix.ljust(12, "0")).exists() and not (
        len(prefix) == 12 and Region.objects.filter(code=prefix).exists()
    ):
        raise ValidationError({"region_prefix": [messages.REGION_UNKNOWN.format(code=prefix)]})
    if not scope_for(actor).contains(prefix.ljust(12, "0")):
        raise ValidationError({"region_prefix": [messages.REGION_OUT_OF_SCOPE.format(code=prefix)]})
    return prefix


def _rate_amount(value: Any) -> Decimal:
    try:
        amount = Decimal(_text(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": [messages.RATE_AMOUNT_INVALID.format(max=RATE_MAX)]}) from None
    if not amount.is_finite() or amount < 0 or amount > RATE_MAX or amount != amount.quantize(FEN):
        raise ValidationError({"amount": [messages.RATE_AMOUNT_INVALID.format(max=RATE_MAX)]})
    return amount.quantize(FEN)


@transaction.atomic
def meal_subsidy_rate_add(
    *,
    actor: User,
    tier: str,
    region_prefix: str,
    effective_from: str | dt.date,
    amount: str | Decimal,
    note: str = "",
) -> MealSubsidyRate:
    """A new subsidy per meal for an age tier, a region prefix and a month on. Rates are never
    overwritten: meals already recorded keep the subsidy they had."""
    if actor is None or not actor.has_perm(PERM_RATES):
        raise PermissionDenied(messages.PERMISSION_RATES)
    errors: dict[str, list[str]] = {}
    if tier not in MealTier.values:
        errors["tier"] = [messages.RATE_TIER_INVALID]
    prefix = month = value = None
    try:
        prefix = _rate_region(region_prefix, actor=actor)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if isinstance(effective_from, dt.date):
        month = effective_from.replace(day=1)
    else:
        try:
            month = parse_month(_text(effective_from))
        except ValueError:
            errors["effective_from"] = [messages.RATE_MONTH_INVALID.format(value=_text(effective_from))]
    try:
        value = _rate_amount(amount)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    note = _text(note)
    if len(note) > NOTE_MAX:
        errors["note"] = [messages.RATE_NOTE_TOO_LONG.format(max=NOTE_MAX)]
    if errors or prefix is None or month is None or value is None:
        raise ValidationError(errors)
    existing = MealSubsidyRate.objects.filter(tier=tier, region_prefix=prefix, effective_from=month).first()
    if existing is not None:
        raise ValidationError(
            {
                "effective_from": [
                    messages.RATE_EXISTS.format(
                        region=prefix, month=month.strftime("%Y-%m"), amount=existing.amount
                    )
                ]
            }
        )
    try:
        with transaction.atomic():
            rate = MealSubsidyRate.objects.create(
                tier=tier,
                region_prefix=prefix,
                effective_from=month,
                amount=value,
                note=note,
                created_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {
                "effective_from": [
                    messages.RATE_EXISTS.format(region=prefix, month=month.strftime("%Y-%m"), amount=value)
                ]
            }
        ) from exc
    audit_record(
        actor=actor,
        action="eldercare.meal_subsidy_rate.added",
        obj=rate,
        region_code=prefix.ljust(12, "0"),
        after=snapshot(rate, RATE_FIELDS),
    )
    return rate
