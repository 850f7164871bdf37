"""Writes on home services (六助). Each runs in one transaction, checks its input (a Chinese
``ValidationError`` keyed by the field at fault), writes, records one audit entry
``eldercare.service_order.<verb>`` / ``eldercare.supervision_threshold.added`` and returns what
it wrote; a refusal writes nothing.

- ``order_create``: a provider operator books a visit (elder, provider site, caregiver, kind,
  time, price, payer). The actor must see the site (otherwise 404) and hold
  ``eldercare.serve_home_service_orders``; the caregiver must work at the site now.
- ``order_cancel``: a booked visit not yet started.
- ``order_check_in`` / ``order_check_out``: the caregiver's phone, with the time (ISO 8601 with a
  zone) and the WGS-84 position. A time in the future, a check-out before the check-in, or a
  position outside China is refused on its field. Check-out sets ``minutes``; when the love card
  pays, it debits the price through ``love_card_debit`` keyed ``order:<id>`` in the same
  transaction, and it judges the order by the supervision rules. A repeated check-in or
  check-out (the phone sent it twice) changes nothing and returns the order: the order row is
  locked first, and the debit's key would refuse a second debit anyway.
- ``order_rate``: the elder's rating (1–5) of a done visit.
- ``threshold_add`` (``eldercare.manage_supervision_thresholds``, the city): a new threshold row.
- ``supervision_run_request``: an officer's on-demand run over their scope (or part of it).
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
from django.utils.dateparse import parse_datetime

from minzheng.benefits.money import parse_month
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.eldercare.caregivers.models import Caregiver
from minzheng.eldercare.home_services import messages, selectors, supervision
from minzheng.eldercare.home_services.models import (
    OrderStatus,
    Payer,
    ServiceKind,
    ServiceOrder,
    SupervisionRun,
    SupervisionThreshold,
    ThresholdKey,
)
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.eldercare.love_cards.services import love_card_debit
from minzheng.facilities.sites.models import Facility
from minzheng.people.models import Person

PERM_SERVE = selectors.PERM_SERVE
PERM_SUPERVISE = selectors.PERM_SUPERVISE
PERM_THRESHOLDS = selectors.PERM_THRESHOLDS
KEY_PREFIX = "order:"
ORDER_FIELDS = [
    "person",
    "provider",
    "caregiver",
    "kind",
    "scheduled_at",
    "status",
    "checked_in_at",
    "check_in_lng",
    "check_in_lat",
    "checked_out_at",
    "check_out_lng",
    "check_out_lat",
    "minutes",
    "price",
    "payer",
    "love_card_entry",
    "rating",
]
THRESHOLD_FIELDS = ["key", "kind", "region_prefix", "effective_from", "value", "note"]
PRICE_MAX = Decimal("2000.00")  # one visit; more is a slip of the finger
FEN = Decimal("0.01")
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # nothing in the registry goes back further
# A phone's clock runs a little ahead of the server's; a minute is allowed, more is refused.
CLOCK_SKEW = dt.timedelta(minutes=1)
# WGS-84 bounds of China (mainland and islands): a position outside is a GPS slip or a test value.
LNG_RANGE = (Decimal("73"), Decimal("136"))
LAT_RANGE = (Decimal("3"), Decimal("54"))
COORD = Decimal("0.0000001")
# A visit is checked in no earlier than the day before its booked time (a mistyped date).
EARLY_CHECK_IN = dt.timedelta(days=1)
THRESHOLD_MAX: dict[str, int] = {
    ThresholdKey.SHORT_VISIT: 480,
    ThresholdKey.FAR_CHECK_IN: 20_000,
    ThresholdKey.ON_TIME: 240,
}
PREFIX_LENGTHS = (4, 6, 9, 12)
NOTE_MAX = 200


def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value or "")).strip()


def price_error(value: Any) -> str:
    """Why ``value`` is not a visit's price, or "" when it is one: yuan from zero (a visit the
    subsidy pays in full is booked at its price; a free one at 0) to ``PRICE_MAX``, to the fen."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return messages.PRICE_REQUIRED
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        return messages.PRICE_INVALID.format(max=PRICE_MAX)
    try:
        price = value if isinstance(value, Decimal) else Decimal(_text(value))
    except InvalidOperation:
        return messages.PRICE_INVALID.format(max=PRICE_MAX)
    if not price.is_finite() or price < 0 or price > PRICE_MAX or price != price.quantize(FEN):
        return messages.PRICE_INVALID.format(max=PRICE_MAX)
    return ""


def parse_time(value: Any, *, field: str, label: str, errors: dict[str, list[str]]) -> dt.datetime | None:
    """An aware datetime from a datetime or ISO 8601 text that carries its zone."""
    if value is None or value == "":
        errors[field] = [messages.AT_REQUIRED.format(field=label)]
        return None
    if not isinstance(value, dt.datetime):
        try:
            value = parse_datetime(_text(value).replace(" ", "T", 1))
        except ValueError:
            value = None
        if value is None:
            errors[field] = [messages.AT_INVALID.format(field=label)]
            return None
    if timezone.is_naive(value):
        errors[field] = [messages.AT_NO_ZONE.format(field=label)]
        return None
    return value


def _coordinate(
    value: Any,
    *,
    field: str,
    bounds: tuple[Decimal, Decimal],
    required: str,
    invalid: str,
    errors: dict[str, list[str]],
) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        errors[field] = [required]
        return None
    if isinstance(value, float):
        value = repr(value)  # a JSON number: its decimal text, not its binary value
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        errors[field] = [invalid]
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(_text(value))
    except InvalidOperation:
        errors[field] = [invalid]
        return None
    if not number.is_finite() or not bounds[0] <= number <= bounds[1]:
        errors[field] = [invalid]
        return None
    return number.quantize(COORD)


def _position(lng: Any, lat: Any, errors: dict[str, list[str]]) -> tuple[Decimal | None, Decimal | None]:
    return (
        _coordinate(lng, field="lng", bounds=LNG_RANGE, required=messages.LNG_REQUIRED,
                    invalid=messages.LNG_INVALID, errors=errors),
        _coordinate(lat, field="lat", bounds=LAT_RANGE, required=messages.LAT_REQUIRED,
                    invalid=messages.LAT_INVALID, errors=errors),
    )  # fmt: skip


def _authorize_provider(actor: User | None, provider: Facility) -> None:
    """404 for a site the actor cannot see, 403 without the power to serve."""
    if actor is None or not selectors.providers_visible(user=actor).filter(pk=provider.pk).exists():
        raise Http404(core_messages.NOT_FOUND)
    if not actor.has_perm(PERM_SERVE):
        raise PermissionDenied(messages.PERMISSION_SERVE)


def _authorize_order(actor: User | None, order: ServiceOrder) -> ServiceOrder:
    """The order again, locked, as the actor sees it (404 elsewhere), after the power check."""
    if actor is None:
        raise Http404(core_messages.NOT_FOUND)
    locked = selectors.order_get(user=actor, pk=order.pk, for_update=True)
    if not actor.has_perm(PERM_SERVE):
        raise PermissionDenied(messages.PERMISSION_SERVE)
    return locked


def _audit(actor: User, verb: str, order: ServiceOrder, before: dict[str, Any] | None = None) -> None:
    audit_record(
        actor=actor,
        action=f"eldercare.service_order.{verb}",
        obj=order,
        object_repr=f"{order.person.name} {order.get_kind_display()} @{order.provider.name}",
        before=before,
        after=snapshot(order, ORDER_FIELDS),
    )


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


# ---- orders -----------------------------------------------------------------------------------------


@transaction.atomic
def order_create(
    *,
    actor: User,
    person: Person | None,
    provider: Facility,
    caregiver: Caregiver | None,
    kind: str,
    scheduled_at: dt.datetime | str,
    price: Decimal | str,
    payer: str,
) -> ServiceOrder:
    """Book one visit (see the module's docstring)."""
    _authorize_provider(actor, provider)
    errors: dict[str, list[str]] = {}
    if person is None:
        errors["person"] = [messages.PERSON_REQUIRED]
    if kind not in ServiceKind.values:
        errors["kind"] = [messages.KIND_INVALID]
    if payer not in Payer.values:
        errors["payer"] = [messages.PAYER_INVALID]
    if error := price_error(price):
        errors["price"] = [error]
    when = parse_time(scheduled_at, field="scheduled_at", label="预约时间", errors=errors)
    if when is not None and when < EARLIEST:
        errors["scheduled_at"] = [messages.SCHEDULED_TOO_EARLY.format(earliest=EARLIEST.date().isoformat())]
    if caregiver is not None:
        if caregiver.employer_id != provider.pk:
            errors["caregiver"] = [messages.CAREGIVER_ELSEWHERE.format(name=caregiver.person.name)]
        elif caregiver.left_on is not None:
            errors["caregiver"] = [messages.CAREGIVER_LEFT.format(name=caregiver.person.name)]
    if (
        person is not None
        and when is not None
        and "scheduled_at" not in errors
        and person.death_date is not None
        and _local_date(when) > person.death_date
    ):
        errors["person"] = [
            messages.PERSON_DECEASED.format(name=person.name, date=person.death_date.isoformat())
        ]
    if person is not None and payer == Payer.LOVE_CARD:
        card = LoveCard.objects.filter(person=person).first()
        if card is None:
            errors["payer"] = [messages.NO_CARD]
        elif card.status != LoveCard.Status.ACTIVE:
            errors["payer"] = [messages.CARD_NOT_ACTIVE.format(reason=card.get_frozen_reason_display())]
    if errors:
        raise ValidationError(errors)
    assert person is not None and when is not None
    order = ServiceOrder.objects.create(
        person=person,
        provider=provider,
        caregiver=caregiver,
        region_code=provider.region_code,
        kind=kind,
        scheduled_at=when,
        period=_local_date(when).replace(day=1),
        price=(price if isinstance(price, Decimal) else Decimal(_text(price))).quantize(FEN),
        payer=payer,
        created_at=timezone.now(),
    )
    _audit(actor, "created", order)
    return order


def _status_error(order: ServiceOrder, verb: str) -> ValidationError:
    return ValidationError(
        {"status": [messages.STATUS_NOT_SCHEDULED.format(status=order.get_status_display(), verb=verb)]}
    )


@transaction.atomic
def order_cancel(*, actor: User, order: ServiceOrder) -> ServiceOrder:
    """Cancel a visit not yet started; cancelling a cancelled one again changes nothing."""
    order = _authorize_order(actor, order)
    if order.status == OrderStatus.CANCELLED:
        return order
    if order.status != OrderStatus.SCHEDULED:
        raise _status_error(order, "取消")
    before = snapshot(order, ORDER_FIELDS)
    order.status = OrderStatus.CANCELLED
    order.save(update_fields=["status"])
    # Its own findings go with it; the month's next run judges the others (a duplicate of it) anew.
    supervision.order_findings_compute(order=order)
    _audit(actor, "cancelled", order, before)
    return order


def _visit_time(value: Any, *, field: str, label: str, errors: dict[str, list[str]]) -> dt.datetime | None:
    when = parse_time(value, field=field, label=label, errors=errors)
    if when is not None and when > timezone.now() + CLOCK_SKEW:
        errors[field] = [messages.AT_FUTURE.format(field=label)]
        return None
    return when


@transaction.atomic
def order_check_in(*, actor: User, order: ServiceOrder, at: Any, lng: Any, lat: Any) -> ServiceOrder:
    """The caregiver arrives. Checked in already (the phone sent it twice), the order is
    returned unchanged."""
    order = _authorize_order(actor, order)
    if order.status in (OrderStatus.IN_SERVICE, OrderStatus.DONE):
        return order
    if order.status != OrderStatus.SCHEDULED:
        raise _status_error(order, "签到")
    errors: dict[str, list[str]] = {}
    when = _visit_time(at, field="at", label="签到时间", errors=errors)
    if when is not None and when < order.scheduled_at - EARLY_CHECK_IN:
        errors["at"] = [messages.AT_TOO_EARLY.format(field="签到时间")]
    lng_value, lat_value = _position(lng, lat, errors)
    if errors:
        raise ValidationError(errors)
    before = snapshot(order, ORDER_FIELDS)
    order.status = OrderStatus.IN_SERVICE
    order.checked_in_at, order.check_in_lng, order.check_in_lat = when, lng_value, lat_value
    order.save(update_fields=["status", "checked_in_at", "check_in_lng", "check_in_lat"])
    _audit(actor, "checked_in", order, before)
    return order


@transaction.atomic
def order_check_out(*, actor: User, order: ServiceOrder, at: Any, lng: Any, lat: Any) -> ServiceOrder:
    """The caregiver leaves (see the module's docstring). Checked out already, the order is
    returned unchanged and nothing is debited."""
    order = _authorize_order(actor, order)
    if order.status == OrderStatus.DONE:
        return order
    if order.status != OrderStatus.IN_SERVICE:
        raise ValidationError(
            {"status": [messages.STATUS_NOT_IN_SERVICE.format(status=order.get_status_display())]}
        )
    errors: dict[str, list[str]] = {}
    when = _visit_time(at, field="at", label="签退时间", errors=errors)
    assert order.checked_in_at is not None
    if when is not None and when < order.checked_in_at:
        errors["at"] = [
            messages.AT_BEFORE_CHECK_IN.format(
                check_in=timezone.localtime(order.checked_in_at).strftime("%Y-%m-%d %H:%M:%S")
            )
        ]
    lng_value, lat_value = _position(lng, lat, errors)
    if errors:
        raise ValidationError(errors)
    assert when is not None
    before = snapshot(order, ORDER_FIELDS)
    order.status = OrderStatus.DONE
    order.checked_out_at, order.check_out_lng, order.check_out_lat = when, lng_value, lat_value
    order.minutes = int((when - order.checked_in_at).total_seconds() // 60)
    fields = ["status", "checked_out_at", "check_out_lng", "check_out_lat", "minutes"]
    if order.payer == Payer.LOVE_CARD and order.price > 0:
        card = LoveCard.objects.filter(person_id=order.person_id).first()
        if card is None:
            raise ValidationError({"payer": [messages.NO_CARD]})
        try:
            order.love_card_entry = love_card_debit(
                card=card,
                amount=order.price,
                idempotency_key=f"{KEY_PREFIX}{order.pk}",
                source=order,
                kind=LoveCardEntry.Kind.HOME_SERVICE,
                on=_local_date(when),
                actor=actor,
                note=f"{order.provider.name} {order.get_kind_display()} {_local_date(when).isoformat()}",
            )
        except ValidationError as exc:
            card.refresh_from_db()
            if card.status != LoveCard.Status.ACTIVE:
                raise ValidationError(
                    {"payer": [messages.CARD_NOT_ACTIVE.format(reason=card.get_frozen_reason_display())]}
                ) from exc
            if card.balance < order.price:
                raise ValidationError(
                    {
                        "payer": [
                            messages.CARD_SHORT.format(
                                balance=f"{card.balance:.2f}", amount=f"{order.price:.2f}"
                            )
                        ]
                    }
                ) from exc
            raise ValidationError(
                {"payer": [f"支付方：{text}" for texts in exc.message_dict.values() for text in texts]}
            ) from exc
        fields.append("love_card_entry")
    order.save(update_fields=fields)
    supervision.order_findings_compute(order=order)
    _audit(actor, "checked_out", order, before)
    return order


@transaction.atomic
def order_rate(*, actor: User, order: ServiceOrder, rating: Any) -> ServiceOrder:
    """The elder's rating of a done visit, as told to the provider; rated again, it is replaced."""
    order = _authorize_order(actor, order)
    if order.status != OrderStatus.DONE:
        raise ValidationError(
            {"rating": [messages.RATING_NOT_DONE.format(status=order.get_status_display())]}
        )
    try:
        value = int(_text(rating)) if not isinstance(rating, bool) else None
    except ValueError:
        value = None
    if value is None or not 1 <= value <= 5 or _text(rating) != str(value):
        raise ValidationError({"rating": [messages.RATING_INVALID]})
    if order.rating == value:
        return order
    before = snapshot(order, ORDER_FIELDS)
    order.rating = value
    order.save(update_fields=["rating"])
    _audit(actor, "rated", order, before)
    return order


# ---- thresholds -------------------------------------------------------------------------------------


def _prefix(value: Any, *, actor: User, field: str, message: str) -> str:
    prefix = _text(value)
    if (
        not prefix.isdigit()
        or len(prefix) not in PREFIX_LENGTHS
        or not selectors.prefix_allowed(user=actor, prefix=prefix)
    ):
        raise ValidationError({field: [message]})
    if not Region.objects.filter(code=prefix.ljust(12, "0")).exists():
        raise ValidationError({field: [message]})
    return prefix


@transaction.atomic
def threshold_add(
    *,
    actor: User,
    key: str,
    kind: str = "",
    region_prefix: str,
    effective_from: str | dt.date,
    value: Any,
    note: str = "",
) -> SupervisionThreshold:
    """A new threshold for a key (and kind), a region prefix and a month on. Thresholds are never
    overwritten: past months keep the findings they were judged by."""
    if actor is None or not actor.has_perm(PERM_THRESHOLDS):
        raise PermissionDenied(messages.PERMISSION_THRESHOLDS)
    errors: dict[str, list[str]] = {}
    kind = _text(kind)
    if key not in ThresholdKey.values:
        errors["key"] = [messages.THRESHOLD_KEY_INVALID]
    elif key == ThresholdKey.SHORT_VISIT and kind not in ServiceKind.values:
        errors["kind"] = [messages.THRESHOLD_KIND_REQUIRED]
    elif key != ThresholdKey.SHORT_VISIT and kind:
        errors["kind"] = [messages.THRESHOLD_KIND_FORBIDDEN]
    prefix = month = number = None
    try:
        prefix = _prefix(
            region_prefix, actor=actor, field="region_prefix", message=messages.THRESHOLD_PREFIX_INVALID
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if isinstance(effective_from, dt.date):
        month = effective_from.replace(day=1)
    else:
        try:
            month = parse_month(_text(effective_from))
        except ValueError:
            errors["effective_from"] = [messages.THRESHOLD_MONTH_INVALID]
    top = THRESHOLD_MAX.get(key, 0)
    text = _text(value)
    if not text.isdigit() or not 1 <= int(text) <= max(top, 1) or isinstance(value, bool):
        errors["value"] = [messages.THRESHOLD_VALUE_INVALID.format(max=top or "上限")]
    else:
        number = int(text)
    note = _text(note)
    if len(note) > NOTE_MAX:
        errors["note"] = [f"依据：不超过{NOTE_MAX}字。"]
    if errors:
        raise ValidationError(errors)
    assert prefix is not None and month is not None and number is not None
    existing = SupervisionThreshold.objects.filter(
        key=key, kind=kind, region_prefix=prefix, effective_from=month
    ).first()
    if existing is not None:
        raise ValidationError({"effective_from": [messages.THRESHOLD_EXISTS.format(value=existing.value)]})
    try:
        with transaction.atomic():
            row = SupervisionThreshold.objects.create(
                key=key, kind=kind, region_prefix=prefix, effective_from=month, value=number, note=note,
                created_by=actor,
            )  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError({"effective_from": [messages.THRESHOLD_EXISTS.format(value=number)]}) from exc
    audit_record(
        actor=actor,
        action="eldercare.supervision_threshold.added",
        obj=row,
        region_code=prefix.ljust(12, "0"),
        after=snapshot(row, THRESHOLD_FIELDS),
    )
    return row


# ---- supervision on demand --------------------------------------------------------------------------


def supervision_run_request(
    *, actor: User, period: str | dt.date, region_prefix: str | None = None
) -> SupervisionRun:
    """An officer runs the supervision for a month over their scope (or a region inside it)."""
    if actor is None or not actor.has_perm(PERM_SUPERVISE):
        raise PermissionDenied(messages.PERMISSION_SUPERVISE)
    own = selectors.scope_prefix_of(actor)
    if not own:
        raise PermissionDenied(messages.PERMISSION_SUPERVISE)
    errors: dict[str, list[str]] = {}
    month = None
    if isinstance(period, dt.date):
        month = period.replace(day=1)
    else:
        try:
            month = parse_month(_text(period))
        except ValueError:
            errors["period"] = [messages.PERIOD_INVALID]
    if month is not None and month > timezone.localdate().replace(day=1):
        errors["period"] = [messages.PERIOD_FUTURE]
    prefix = own
    if region_prefix:
        try:
            prefix = _prefix(
                region_prefix, actor=actor, field="region_prefix", message=messages.REGION_PREFIX_INVALID
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    assert month is not None
    return supervision.supervision_run(period=month, region_prefix=prefix, actor=actor)
