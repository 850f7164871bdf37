"""Writes on funeral homes' cases and the waiver catalogue. Each checks its input (a Chinese
``ValidationError`` keyed by the field), runs in one transaction and writes one audit entry
``funeral.<object>.<verb>`` in it.

- ``funeral_case_open``: the case of a deceased registry person at a funeral home in the actor's scope;
  one case a person. Eligibility for the waiver is decided here, from the household-registration
  province and ``MINZHENG_FUNERAL_WAIVER_PROVINCES``, and kept on the case.
- ``funeral_service_add``: one service with its time, facility and fee; the waiver of the line is
  min(fee, the cap left in this case for its type) for an eligible case whose catalogue covers the
  type on that day, else 0. The case row is locked, so two lines recorded at once cannot both take
  the whole cap.
- ``funeral_service_void``: the line stops counting; later lines of the same type get back the
  cap it had taken.
- ``waiver_item_add`` / ``waiver_item_end``: the city's default items and a county's "+N".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.idnumber import IdNumberError, parse_id_number
from minzheng.core.models import User
from minzheng.core.regions import Level, level_of
from minzheng.core.scope import scope_for
from minzheng.facilities.sites.models import Facility
from minzheng.funeral.services import messages
from minzheng.funeral.services.catalogue import default_item, item_for
from minzheng.funeral.services.models import FuneralCase, FuneralService, ServiceType, WaiverItem
from minzheng.people.models import Person
from minzheng.people.selectors import person_by_full_id_number
from minzheng.people.services import person_id_number_looked_up

PERM_VIEW = "funeral.view_funeralcase"
PERM_MANAGE = "funeral.manage_funeral_cases"
PERM_CATALOGUE = "funeral.manage_waiver_catalogue"
SERVICE_PLACES = (
    Facility.Kind.FUNERAL_HOME,
    Facility.Kind.MOURNING_POINT,
    Facility.Kind.COLUMBARIUM,
    Facility.Kind.CEMETERY,
)
FEE_MAX = Decimal("99999999.99")
CAP_MAX = Decimal("100000.00")
CASE_FIELDS = ("person", "home", "region_code", "received_on", "hukou_province", "waiver_eligible", "family_contact")
SERVICE_FIELDS = ("case", "service_type", "facility", "performed_at", "fee", "waived", "waiver_item")
ITEM_FIELDS = ("service_type", "region_code", "cap", "valid_from", "valid_to", "note")


def require(actor: User | None, perm: str) -> None:
    if actor is None or not actor.has_perm(perm):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)


def _text(value: Any) -> str:
    return str(value or "").strip()


def waiver_provinces() -> tuple[str, ...]:
    return tuple(settings.MINZHENG_FUNERAL_WAIVER_PROVINCES)


def clean_date(value: Any, *, key: str, label: str, errors: dict[str, list[str]], future_ok: bool = False
               ) -> dt.date | None:
    if value in (None, ""):
        errors[key] = [messages.DATE_REQUIRED.format(field=label)]
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            errors[key] = [messages.DATE_INVALID.format(field=label)]
            return None
    if not isinstance(value, dt.date):
        errors[key] = [messages.DATE_INVALID.format(field=label)]
        return None
    if not future_ok and value > timezone.localdate():
        errors[key] = [messages.DATE_FUTURE.format(field=label)]
        return None
    return value


def clean_money(value: Any, *, key: str, required: str, invalid: str, too_big: str, maximum: Decimal,
                errors: dict[str, list[str]], positive: bool = False) -> Decimal | None:
    if value is None or _text(value) == "":
        errors[key] = [required]
        return None
    try:
        amount = Decimal(_text(value))
    except (InvalidOperation, ValueError):
        errors[key] = [invalid]
        return None
    if not amount.is_finite() or amount < 0 or (positive and amount == 0) or amount != amount.quantize(Decimal("0.01")):
        errors[key] = [invalid]
        return None
    if amount > maximum:
        errors[key] = [too_big.format(max=maximum)]
        return None
    return amount.quantize(Decimal("0.01"))


def _performed(value: Any, errors: dict[str, list[str]]) -> dt.datetime | None:
    if value in (None, ""):
        errors["performed_at"] = [messages.PERFORMED_REQUIRED]
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            errors["performed_at"] = [messages.PERFORMED_INVALID]
            return None
    if not isinstance(value, dt.datetime):
        errors["performed_at"] = [messages.PERFORMED_INVALID]
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now():
        errors["performed_at"] = [messages.PERFORMED_FUTURE]
        return None
    return value


def _in_scope(actor: User, obj: Any) -> None:
    if obj is None or not scope_for(actor).contains(obj.region_code):
        raise Http404(core_messages.NOT_FOUND)


@transaction.atomic
def funeral_case_open(
    *,
    actor: User,
    id_number: str,
    home: Facility | None,
    received_on: Any,
    hukou_province: str = "",
    family_contact: str = "",
    note: str = "",
) -> FuneralCase:
    """Open the case of a deceased person at a funeral home in the actor's scope. The person is
    found by the exact ID number anywhere in the registry (a home receives the dead of every
    county), and the look-up is logged."""
    require(actor, PERM_MANAGE)
    errors: dict[str, list[str]] = {}
    person: Person | None = None
    number = _text(id_number).upper()
    if not number:
        errors["id_number"] = [messages.ID_NUMBER_REQUIRED]
    else:
        try:
            number = parse_id_number(number).value
        except IdNumberError as exc:
            errors["id_number"] = [messages.ID_NUMBER_INVALID.format(reason=exc)]
        else:
            person = person_by_full_id_number(id_number=number)
            if person is None:
                errors["id_number"] = [messages.PERSON_UNKNOWN]
    if home is None:
        errors["home"] = [messages.HOME_REQUIRED]
    else:
        _in_scope(actor, home)
        if home.kind != Facility.Kind.FUNERAL_HOME:
            errors["home"] = [messages.HOME_NOT_FUNERAL]
        elif home.status == Facility.Status.CLOSED:
            errors["home"] = [messages.HOME_CLOSED.format(name=home.name)]
    day = clean_date(received_on, key="received_on", label="受理日期", errors=errors)
    province = _text(hukou_province) or number[:2]
    if not (len(province) == 2 and province.isdigit() and province[0] != "0"):
        errors["hukou_province"] = [messages.PROVINCE_INVALID]
    contact, note = _text(family_contact), _text(note)
    if len(contact) > 50:
        errors["family_contact"] = [messages.CONTACT_TOO_LONG]
    if len(note) > 200:
        errors["note"] = [messages.NOTE_TOO_LONG]
    if person is not None:
        # Locked, so two desks opening the same person's case at once get one case and one clear error.
        person = Person.objects.select_for_update().get(pk=person.pk)
        person_id_number_looked_up(actor=actor, person=person)
        existing = FuneralCase.objects.select_related("home").filter(person=person).first()
        if person.status != Person.Status.DECEASED:
            errors["id_number"] = [messages.PERSON_ALIVE.format(name=person.name)]
        elif existing is not None:
            errors["id_number"] = [
                messages.PERSON_HAS_CASE.format(name=person.name, home=existing.home.name,
                                                date=f"{existing.received_on:%Y-%m-%d}")
            ]
        elif day is not None and person.death_date and day < person.death_date:
            errors["received_on"] = [messages.RECEIVED_BEFORE_DEATH.format(date=f"{person.death_date:%Y-%m-%d}")]
    if errors:
        raise ValidationError(errors)
    assert person is not None and home is not None and day is not None
    case = FuneralCase(
        person=person,
        home=home,
        region_code=home.region_code,
        received_on=day,
        hukou_province=province,
        waiver_eligible=province in waiver_provinces(),
        family_contact=contact,
        note=note,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as exc:
        raise ValidationError({"id_number": [messages.PERSON_HAS_CASE.format(
            name=person.name, home=home.name, date=f"{day:%Y-%m-%d}")]}) from exc
    audit_record(actor=actor, action="funeral.case.opened", obj=case, after=snapshot(case, CASE_FIELDS))
    return case


def _used(case: FuneralCase, service_type: ServiceType, *, exclude: int | None = None) -> Decimal:
    rows = FuneralService.objects.filter(case=case, service_type=service_type, voided_at__isnull=True)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return rows.aggregate(total=Sum("waived"))["total"] or Decimal("0.00")


def waiver_of(*, case: FuneralCase, service_type: ServiceType, day: dt.date, fee: Decimal,
              used: Decimal) -> tuple[Decimal, WaiverItem | None]:
    """What a line of ``fee`` is waived: min(fee, cap − ``used``) when the case is eligible and the
    catalogue of its home's region covers the type on ``day``; else 0."""
    if not case.waiver_eligible:
        return Decimal("0.00"), None
    item = item_for(service_type=service_type, region_code=case.region_code, day=day)
    if item is None:
        return Decimal("0.00"), None
    return max(Decimal("0.00"), min(fee, item.cap - used)), item


@transaction.atomic
def funeral_service_add(
    *,
    actor: User,
    case: FuneralCase,
    service_type: ServiceType | None,
    facility: Facility | None,
    performed_at: Any,
    fee: Any,
    note: str = "",
) -> FuneralService:
    """Record one service of ``case`` and its waiver; the family pays fee − waived."""
    require(actor, PERM_MANAGE)
    _in_scope(actor, case)
    case = FuneralCase.objects.select_for_update().select_related("person").get(pk=case.pk)
    errors: dict[str, list[str]] = {}
    if service_type is None:
        errors["service_type"] = [messages.SERVICE_TYPE_REQUIRED]
    if facility is None:
        errors["facility"] = [messages.FACILITY_REQUIRED]
    elif facility.kind not in SERVICE_PLACES:
        errors["facility"] = [messages.FACILITY_KIND]
    elif not scope_for(actor).contains(facility.region_code):
        errors["facility"] = [messages.FACILITY_OUT_OF_SCOPE]
    when = _performed(performed_at, errors)
    death = case.person.death_date
    if when is not None and death is not None and timezone.localtime(when).date() < death:
        errors["performed_at"] = [messages.PERFORMED_BEFORE_DEATH.format(date=f"{death:%Y-%m-%d}")]
    amount = clean_money(fee, key="fee", required=messages.FEE_REQUIRED, invalid=messages.FEE_INVALID,
                         too_big=messages.FEE_TOO_BIG, maximum=FEE_MAX, errors=errors)
    note = _text(note)
    if len(note) > 200:
        errors["note"] = [messages.NOTE_TOO_LONG]
    if errors:
        raise ValidationError(errors)
    assert service_type is not None and facility is not None and when is not None and amount is not None
    waived, item = waiver_of(case=case, service_type=service_type, day=timezone.localtime(when).date(),
                             fee=amount, used=_used(case, service_type))
    line = FuneralService.objects.create(
        case=case, service_type=service_type, facility=facility, region_code=case.region_code,
        performed_at=when, fee=amount, waived=waived, waiver_item=item, note=note, created_by=actor,
    )
    audit_record(actor=actor, action="funeral.service.recorded", obj=line,
                 after={**snapshot(line, SERVICE_FIELDS), "family_pays": str(line.family_pays)},
                 object_repr=f"{case.person.name} {service_type.name}")
    return line


@transaction.atomic
def funeral_service_void(*, actor: User, service: FuneralService, reason: str) -> FuneralService:
    """Void a recorded line (entered by mistake, or not rendered). It keeps its numbers but counts
    in no sum; the later lines of the same type in the case are waived again, in time order, so
    the cap it held goes to them."""
    require(actor, PERM_MANAGE)
    _in_scope(actor, service)
    case = FuneralCase.objects.select_for_update().get(pk=service.case_id)
    line = FuneralService.objects.select_related("service_type").get(pk=service.pk)
    reason = _text(reason)
    if line.voided_at is not None:
        raise ValidationError({"reason": [messages.SERVICE_ALREADY_VOID.format(
            date=f"{timezone.localtime(line.voided_at):%Y-%m-%d}")]})
    if not reason or len(reason) > 200:
        raise ValidationError({"reason": [messages.VOID_REASON_REQUIRED]})
    line.voided_at, line.void_reason, line.voided_by = timezone.now(), reason, actor
    line.save(update_fields=["voided_at", "void_reason", "voided_by"])
    rewaived: dict[str, list[str]] = {}
    used = Decimal("0.00")
    for other in FuneralService.objects.filter(case=case, service_type=line.service_type_id,
                                               voided_at__isnull=True).order_by("performed_at", "id"):
        waived, item = waiver_of(case=case, service_type=line.service_type,
                                 day=timezone.localtime(other.performed_at).date(), fee=other.fee, used=used)
        used += waived
        if waived != other.waived or (item.pk if item else None) != other.waiver_item_id:
            rewaived[str(other.pk)] = [str(other.waived), str(waived)]
            other.waived, other.waiver_item = waived, item
            other.save(update_fields=["waived", "waiver_item"])
    audit_record(actor=actor, action="funeral.service.voided", obj=line,
                 before={"voided_at": None}, after={"void_reason": reason, "rewaived": rewaived},
                 object_repr=f"{line.service_type.name} {line.fee}元")
    return line


def _catalogue_region(actor: User) -> str:
    code = getattr(actor, "region_id", None) or ""
    if not code or level_of(code) not in (Level.CITY, Level.COUNTY):
        raise ValidationError({"region_code": [messages.CATALOGUE_LEVEL]})
    return code


@transaction.atomic
def waiver_item_add(
    *, actor: User, service_type: ServiceType | None, cap: Any, valid_from: Any, note: str = ""
) -> WaiverItem:
    """A catalogue item of the actor's own region from ``valid_from``: the city's are the default
    catalogue, a county's the "+N" (types outside the default only). A new cap for a type the
    region already has ends the open item the day before."""
    require(actor, PERM_CATALOGUE)
    region = _catalogue_region(actor)
    errors: dict[str, list[str]] = {}
    if service_type is None:
        errors["service_type"] = [messages.SERVICE_TYPE_REQUIRED]
    amount = clean_money(cap, key="cap", required=messages.CAP_REQUIRED, invalid=messages.CAP_INVALID,
                         too_big=messages.CAP_TOO_BIG, maximum=CAP_MAX, errors=errors, positive=True)
    # A catalogue change may be announced ahead: its day may be in the future.
    day = clean_date(valid_from, key="valid_from", label="起始日期", errors=errors, future_ok=True)
    note = _text(note)
    if len(note) > 200:
        errors["note"] = [messages.NOTE_TOO_LONG]
    if service_type is not None and day is not None:
        if level_of(region) == Level.COUNTY and default_item(service_type=service_type, day=day) is not None:
            errors["service_type"] = [messages.ITEM_IN_DEFAULT.format(name=service_type.name)]
        latest = (WaiverItem.objects.select_for_update()
                  .filter(region_code=region, service_type=service_type).order_by("-valid_from").first())
        if latest is not None and day <= latest.valid_from:
            errors["valid_from"] = [messages.ITEM_FROM_NOT_AFTER.format(
                name=service_type.name, date=f"{latest.valid_from:%Y-%m-%d}")]
    if errors:
        raise ValidationError(errors)
    assert service_type is not None and amount is not None and day is not None
    open_item = WaiverItem.objects.filter(region_code=region, service_type=service_type, valid_to__isnull=True).first()
    if open_item is not None:
        open_item.valid_to = day - dt.timedelta(days=1)
        open_item.save(update_fields=["valid_to"])
    item = WaiverItem.objects.create(service_type=service_type, region_code=region, cap=amount, valid_from=day,
                                     note=note, created_by=actor)
    audit_record(actor=actor, action="funeral.waiver_item.added", obj=item,
                 after={**snapshot(item, ITEM_FIELDS), "ended": open_item.pk if open_item else None})
    return item


@transaction.atomic
def waiver_item_end(*, actor: User, item: WaiverItem, valid_to: Any) -> WaiverItem:
    """Stop waiving an item after ``valid_to`` (a county dropping one of its "+N")."""
    require(actor, PERM_CATALOGUE)
    region = _catalogue_region(actor)
    item = WaiverItem.objects.select_for_update().select_related("service_type").get(pk=item.pk)
    if item.region_code != region:
        raise ValidationError({"valid_to": [messages.ITEM_NOT_OURS]})
    if item.valid_to is not None:
        raise ValidationError({"valid_to": [messages.ITEM_ALREADY_ENDED.format(date=f"{item.valid_to:%Y-%m-%d}")]})
    errors: dict[str, list[str]] = {}
    day = clean_date(valid_to, key="valid_to", label="截止日期", errors=errors, future_ok=True)
    if day is not None and day < item.valid_from:
        errors["valid_to"] = [messages.ITEM_END_BEFORE.format(date=f"{item.valid_from:%Y-%m-%d}")]
    if errors:
        raise ValidationError(errors)
    before = snapshot(item, ITEM_FIELDS)
    item.valid_to = day
    item.save(update_fields=["valid_to"])
    audit_record(actor=actor, action="funeral.waiver_item.ended", obj=item, before=before,
                 after=snapshot(item, ITEM_FIELDS))
    return item
