"""Writes on the facility registry.

Every service checks its input (a Chinese ``ValidationError`` keyed by the field, every wrong
field at once, from ``facilities.messages``), runs in one transaction and writes one audit entry
``facilities.facility.<verb>`` in it.

- ``facility_create`` and ``facility_update``: staff with ``facilities.manage_facilities``,
  inside their scope.
- ``facility_operation_update``: opening hours and status only; what a provider operator may
  change on their own operator's sites (``facilities.operate_facilities``), and managers too.

Coordinates are stored in WGS-84. They come typed (in WGS-84, GCJ-02 or BD-09, converted here)
or, when none are given, from the standard address.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from minzheng.core import geo
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.core.regions import CODE_RE, scope_prefix
from minzheng.core.scope import scope_for
from minzheng.facilities import messages
from minzheng.facilities.operators.models import Operator
from minzheng.facilities.operators.selectors import operator_ids_of, operator_visible
from minzheng.facilities.sites.models import Facility
from minzheng.places.addresses.models import Address

PERM_MANAGE = "facilities.manage_facilities"
PERM_OPERATE = "facilities.operate_facilities"

FIELDS = ["name", "kind", "operator", "region_code", "address", "address_text", "lng", "lat", "capacity",
          "floor_area", "opened_on", "rebuilt_on", "status", "opening_hours", "service_phone", "public", "tags"]
# What a provider operator may change on their own sites.
OPERATION_FIELDS = ["opening_hours", "status"]

NAME_MAX = 100
ADDRESS_TEXT_MAX = 200
HOURS_MAX = 200
CAPACITY_MAX = 100_000
FLOOR_AREA_MAX = Decimal("1000000")
EARLIEST_DATE = dt.date(1900, 1, 1)
SEVEN_PLACES = Decimal("0.0000001")
TWO_PLACES = Decimal("0.01")
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}\d{7,8}|[48]00\d{7}|\d{3,5})$")


def _require(actor: User | None, perm: str) -> None:
    if actor is None or not actor.has_perm(perm):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)


# ---- field checks -------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value or "")).strip() if value is not None else ""


def clean_date(value: Any, *, field: str, errors: dict[str, list[str]]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            errors[field] = [messages.FACILITY_DATE_INVALID]
            return None
    if not isinstance(value, dt.date):
        errors[field] = [messages.FACILITY_DATE_INVALID]
        return None
    if value > timezone.localdate():
        errors[field] = [messages.FACILITY_DATE_FUTURE]
        return None
    if value < EARLIEST_DATE:
        errors[field] = [messages.FACILITY_DATE_TOO_EARLY.format(earliest=f"{EARLIEST_DATE:%Y年%m月%d日}")]
        return None
    return value


def clean_phone(value: Any) -> str:
    """A mobile, a landline with its area code, a 400/800 number or a short service number
    (12349); full-width digits, spaces, dashes and brackets forgiven."""
    digits = re.sub(r"[\s\-()（）]", "", _text(value))
    if not digits:
        return ""
    if not PHONE_RE.match(digits):
        raise ValidationError({"service_phone": [messages.FACILITY_PHONE_INVALID]})
    return digits


def clean_tags(value: Any) -> list[str]:
    """Known tags only (``Facility.Tag``), each once, in the order given."""
    if value in (None, ""):
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable):
        raise ValidationError({"tags": [messages.FACILITY_TAGS_INVALID.format(tags=value, choices=_tag_choices())]})
    tags: list[str] = []
    for item in items:
        tag = str(item).strip()
        if tag and tag not in tags:
            tags.append(tag)
    unknown = [t for t in tags if t not in Facility.Tag.values]
    if unknown:
        raise ValidationError({"tags": [messages.FACILITY_TAGS_INVALID.format(tags="、".join(unknown),
                                                                             choices=_tag_choices())]})
    if len(tags) > len(Facility.Tag.values):
        raise ValidationError({"tags": [messages.FACILITY_TAGS_TOO_MANY.format(max=len(Facility.Tag.values))]})
    return tags


def _tag_choices() -> str:
    return "、".join(f"{value}（{label}）" for value, label in Facility.Tag.choices)


def _kind_choices() -> str:
    return "、".join(f"{value}（{label}）" for value, label in Facility.Kind.choices)


def _number(value: Any) -> Decimal | None:
    """A finite decimal from a number or its text, or ``None`` for anything else."""
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def clean_coordinates(lng: Any, lat: Any, coord: Any, errors: dict[str, list[str]]) -> tuple[Decimal, Decimal] | None:
    """(lng, lat) in WGS-84 with seven places, converted from ``coord``; ``None`` when neither
    is given. A point outside China is refused: there, it is a typo (swapped, or a sign lost)."""
    if lng in (None, "") and lat in (None, ""):
        return None
    if lng in (None, "") or lat in (None, ""):
        errors["lng" if lng in (None, "") else "lat"] = [messages.FACILITY_COORDINATES_PAIR]
        return None
    x, y = _number(lng), _number(lat)
    if x is None:
        errors["lng"] = [messages.FACILITY_LNG_INVALID]
    if y is None:
        errors["lat"] = [messages.FACILITY_LAT_INVALID]
    try:
        system = geo.System(str(coord or geo.System.WGS84))
    except ValueError:
        errors["coord"] = [messages.FACILITY_COORD_SYSTEM_INVALID]
        return None
    if x is None or y is None:
        return None
    if geo.outside_china(float(x), float(y)):
        errors["lng"] = [messages.FACILITY_COORDINATES_OUTSIDE_CHINA]
        return None
    wlng, wlat = geo.convert(float(x), float(y), source=system, target=geo.System.WGS84)
    return (Decimal(str(wlng)).quantize(SEVEN_PLACES, rounding=ROUND_HALF_UP),
            Decimal(str(wlat)).quantize(SEVEN_PLACES, rounding=ROUND_HALF_UP))


def _clean_capacity(value: Any, errors: dict[str, list[str]]) -> int | None:
    if value in (None, ""):
        return None
    number = _number(value)
    if number is None or number != number.to_integral_value() or not 0 <= number <= CAPACITY_MAX:
        errors["capacity"] = [messages.FACILITY_CAPACITY_INVALID.format(max=CAPACITY_MAX)]
        return None
    return int(number)


def _clean_floor_area(value: Any, errors: dict[str, list[str]]) -> Decimal | None:
    if value in (None, ""):
        return None
    number = _number(value)
    if number is None or number <= 0 or number > FLOOR_AREA_MAX or number != number.quantize(TWO_PLACES):
        errors["floor_area"] = [messages.FACILITY_FLOOR_AREA_INVALID.format(max=f"{FLOOR_AREA_MAX:,.0f}")]
        return None
    return number.quantize(TWO_PLACES)


def _clean_region(actor: User, region_code: str, address: Address | None, errors: dict[str, list[str]]) -> str:
    region_code = _text(region_code)
    if not region_code and address is not None:
        region_code = address.region_code
    if not region_code:
        errors["region_code"] = [messages.FACILITY_REGION_REQUIRED]
    elif not CODE_RE.match(region_code):
        errors["region_code"] = [messages.FACILITY_REGION_INVALID]
    elif not Region.objects.filter(code=region_code).exists():
        errors["region_code"] = [messages.FACILITY_REGION_UNKNOWN.format(code=region_code)]
    elif not scope_for(actor).contains(region_code):
        errors["region_code"] = [messages.FACILITY_REGION_OUT_OF_SCOPE]
    elif address is not None and not address.region_code.startswith(scope_prefix(region_code)):
        errors["address"] = [messages.FACILITY_ADDRESS_OUTSIDE_REGION]
    return region_code


def _clean_address(actor: User, address: Any, errors: dict[str, list[str]]) -> Address | None:
    if address in (None, ""):
        return None
    if not isinstance(address, Address) or not scope_for(actor).contains(address.region_code):
        errors["address"] = [messages.FACILITY_ADDRESS_NOT_FOUND]
        return None
    if address.status != Address.Status.ACTIVE:
        errors["address"] = [messages.FACILITY_ADDRESS_RETIRED]
        return None
    return address


def _clean_operator(actor: User, operator: Any, errors: dict[str, list[str]]) -> Operator | None:
    if operator in (None, ""):
        return None
    if not isinstance(operator, Operator) or not operator_visible(actor, operator):
        errors["operator"] = [messages.FACILITY_OPERATOR_NOT_FOUND]
        return None
    return operator


def _clean_status(value: Any, errors: dict[str, list[str]]) -> str:
    status = _text(value) or Facility.Status.OPEN
    if status not in Facility.Status.values:
        errors["status"] = [messages.FACILITY_STATUS_INVALID]
    return status


def _clean_hours(value: Any, errors: dict[str, list[str]]) -> str:
    hours = _text(value)
    if len(hours) > HOURS_MAX:
        errors["opening_hours"] = [messages.FACILITY_HOURS_TOO_LONG.format(max=HOURS_MAX)]
    return hours


def _clean(actor: User, values: dict[str, Any]) -> dict[str, Any]:
    """Every field checked at once; the cleaned values, or one ValidationError naming each wrong field."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    name = _text(values.get("name"))
    if not name:
        errors["name"] = [messages.FACILITY_NAME_REQUIRED]
    elif len(name) > NAME_MAX:
        errors["name"] = [messages.FACILITY_NAME_TOO_LONG.format(max=NAME_MAX)]
    out["name"] = name
    kind = _text(values.get("kind"))
    if kind not in Facility.Kind.values:
        errors["kind"] = [messages.FACILITY_KIND_INVALID.format(choices=_kind_choices())]
    out["kind"] = kind
    out["operator"] = _clean_operator(actor, values.get("operator"), errors)
    address = _clean_address(actor, values.get("address"), errors)
    out["address"] = address
    out["region_code"] = _clean_region(actor, values.get("region_code") or "", address, errors)
    if address is not None:
        out["address_text"] = address.full_text
    else:
        text = _text(values.get("address_text"))
        if not text:
            errors["address_text"] = [messages.FACILITY_ADDRESS_TEXT_REQUIRED]
        elif len(text) > ADDRESS_TEXT_MAX:
            errors["address_text"] = [messages.FACILITY_ADDRESS_TEXT_TOO_LONG.format(max=ADDRESS_TEXT_MAX)]
        out["address_text"] = text
    point = clean_coordinates(values.get("lng"), values.get("lat"), values.get("coord"), errors)
    if point is None and address is not None and address.lng is not None and address.lat is not None:
        point = (address.lng, address.lat)
    out["lng"], out["lat"] = point if point is not None else (None, None)
    out["capacity"] = _clean_capacity(values.get("capacity"), errors)
    out["floor_area"] = _clean_floor_area(values.get("floor_area"), errors)
    out["opened_on"] = clean_date(values.get("opened_on"), field="opened_on", errors=errors)
    out["rebuilt_on"] = clean_date(values.get("rebuilt_on"), field="rebuilt_on", errors=errors)
    if out["opened_on"] and out["rebuilt_on"] and out["rebuilt_on"] < out["opened_on"]:
        errors["rebuilt_on"] = [messages.FACILITY_REBUILT_BEFORE_OPENED]
    out["status"] = _clean_status(values.get("status"), errors)
    out["opening_hours"] = _clean_hours(values.get("opening_hours"), errors)
    try:
        out["service_phone"] = clean_phone(values.get("service_phone"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    public = values.get("public", True)
    if not isinstance(public, bool):
        errors["public"] = [messages.FACILITY_PUBLIC_INVALID]
    out["public"] = public
    try:
        out["tags"] = clean_tags(values.get("tags"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return out


# ---- services -----------------------------------------------------------------------------------


@transaction.atomic
def facility_create(
    *,
    actor: User,
    name: str,
    kind: str,
    region_code: str = "",
    operator: Operator | None = None,
    address: Address | None = None,
    address_text: str = "",
    lng: Any = None,
    lat: Any = None,
    coord: str = geo.System.WGS84,
    capacity: int | None = None,
    floor_area: Decimal | None = None,
    opened_on: dt.date | None = None,
    rebuilt_on: dt.date | None = None,
    status: str = Facility.Status.OPEN,
    opening_hours: str = "",
    service_phone: str = "",
    public: bool = True,
    tags: Iterable[str] = (),
) -> Facility:
    """Register a facility in the actor's scope. ``region_code`` may be left out when a standard
    address is given (the facility then belongs to the address's village); ``lng``/``lat`` in
    ``coord`` (wgs84, gcj02 or bd09) may be left out when the address has coordinates."""
    _require(actor, PERM_MANAGE)
    values = _clean(actor, {
        "name": name, "kind": kind, "region_code": region_code, "operator": operator, "address": address,
        "address_text": address_text, "lng": lng, "lat": lat, "coord": coord, "capacity": capacity,
        "floor_area": floor_area, "opened_on": opened_on, "rebuilt_on": rebuilt_on, "status": status,
        "opening_hours": opening_hours, "service_phone": service_phone, "public": public, "tags": tags})
    facility = Facility.objects.create(**values)
    audit_record(actor=actor, action="facilities.facility.created", obj=facility, after=snapshot(facility, FIELDS))
    return facility


def _locked(facility: Facility) -> Facility:
    row = (Facility.objects.select_for_update(of=("self",)).select_related("address", "operator")
           .filter(pk=facility.pk).first())
    if row is None:
        raise Http404(core_messages.NOT_FOUND)
    return row


@transaction.atomic
def facility_update(*, actor: User, facility: Facility, **changes: Any) -> Facility:
    """Change any of a facility's fields (``FIELDS``, plus ``coord`` for the system of a new
    ``lng``/``lat``); fields not given keep their values. A new standard address without new
    coordinates brings its own coordinates. The facility must be, and stay, in the actor's scope."""
    unknown = set(changes) - {*FIELDS, "coord"}
    if unknown:
        raise TypeError(f"unknown facility fields: {sorted(unknown)}")
    _require(actor, PERM_MANAGE)
    if not scope_for(actor).contains(facility.region_code):
        raise Http404(core_messages.NOT_FOUND)
    row = _locked(facility)
    before = snapshot(row, FIELDS)
    current: dict[str, Any] = {name: getattr(row, name) for name in FIELDS}
    if not {"lng", "lat"} & set(changes):
        # Stored coordinates are WGS-84 whatever ``coord`` says; it only names new ones.
        changes.pop("coord", None)
        if "address" in changes and changes["address"] != row.address:
            current["lng"] = current["lat"] = None
    values = _clean(actor, {**current, **changes})
    for key, value in values.items():
        setattr(row, key, value)
    row.save()
    audit_record(actor=actor, action="facilities.facility.updated", obj=row, before=before,
                 after=snapshot(row, FIELDS))
    return row


def may_operate(user: User, facility: Facility) -> bool:
    """Whether ``user`` may change the opening hours and status of ``facility``: a provider
    operator on their own operator's sites, a facility manager inside their scope."""
    ids = operator_ids_of(user)
    if ids is not None:
        return user.has_perm(PERM_OPERATE) and facility.operator_id in ids
    return user.has_perm(PERM_MANAGE) and scope_for(user).contains(facility.region_code)


@transaction.atomic
def facility_operation_update(*, actor: User, facility: Facility, opening_hours: str | None = None,
                              status: str | None = None) -> Facility:
    """Change the opening hours and the status (open, suspended, closed) of a facility: what its
    operator keeps up to date. ``None`` keeps a value as it is."""
    if not may_operate(actor, facility):
        if operator_ids_of(actor) is not None:
            raise Http404(core_messages.NOT_FOUND)  # another operator's site: as if it did not exist
        raise PermissionDenied(core_messages.PERMISSION_DENIED)
    row = _locked(facility)
    before = snapshot(row, OPERATION_FIELDS)
    errors: dict[str, list[str]] = {}
    hours = _clean_hours(opening_hours, errors) if opening_hours is not None else row.opening_hours
    new_status = _clean_status(status, errors) if status is not None else row.status
    if errors:
        raise ValidationError(errors)
    row.opening_hours, row.status = hours, new_status
    row.save(update_fields=["opening_hours", "status", "updated_at"])
    audit_record(actor=actor, action="facilities.facility.operation_updated", obj=row, before=before,
                 after=snapshot(row, OPERATION_FIELDS))
    return row
