"""Writes on roads and standard addresses. Each service checks its input, writes in one
transaction together with its audit entry, and returns the object.

Bad input raises ``ValidationError({field: [Chinese reason]})`` before anything is written; the
pages and the API show it on the field it names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.db.models.functions import Substr

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.core.regions import CODE_RE, Level, level_of
from minzheng.core.scope import scope_for
from minzheng.places import codes, messages
from minzheng.places.addresses import signals
from minzheng.places.addresses.models import Address, Road

ROAD_NAME_MAX = 30
ALIASES_MAX = 10
# Chinese characters and digits only, as GB/T 39609 and the naming rules ask of a road's name.
NAME_RE = re.compile(r"^[\u4e00-\u9fff0-9]+$")
COMPOUND_ENDINGS = ("小区", "花园", "新村", "公寓", "家园", "嘉园", "华庭", "苑", "园", "府", "城", "庭", "湾")

ROAD_FIELDS = ["code", "region_code", "name", "kind", "aliases", "pinyin", "status"]
ADDRESS_FIELDS = ["code", "region_code", "road", "number", "building", "unit", "room", "full_text", "lng", "lat",
                  "status", "successor"]

SEVEN_PLACES = Decimal("0.0000001")


# Small pure checks, shared with the import -------------------------------------------------


def road_pinyin(name: str) -> str:
    """红旗路 → Hongqi Lu, 碧浪湖小区 → Bilanghu Xiaoqu: the place-name spelling rules of
    ``places.pinyin`` (GB/T 16159), cut to the column's width."""
    from minzheng.places.pinyin import place_name_pinyin

    return place_name_pinyin(name)[:120]


def guess_road_kind(name: str) -> str:
    """小区 for names that end like a housing estate, 街路巷 otherwise."""
    return Road.Kind.COMPOUND if name.endswith(COMPOUND_ENDINGS) else Road.Kind.ROAD


def clean_road_name(name: str) -> str:
    """A road's name, stripped; the reason it is wrong raised as ``ValueError(message)``."""
    name = (name or "").strip().replace(" ", "").replace("\u3000", "")
    if not name:
        raise ValueError(messages.ROAD_NAME_REQUIRED)
    if len(name) > ROAD_NAME_MAX:
        raise ValueError(messages.ROAD_NAME_TOO_LONG.format(max=ROAD_NAME_MAX))
    if not NAME_RE.match(name):
        raise ValueError(messages.ROAD_NAME_BAD_CHARACTERS)
    return name


def clean_number(value: str) -> str:
    """18, 18-1 (a sub-number), with leading zeros dropped: 018 is the same plate as 18."""
    value = (value or "").strip().removesuffix("号")
    m = codes.NUMBER_RE.match(value)
    if not m or int(m.group(1)) == 0:
        raise ValueError(messages.ADDRESS_NUMBER_INVALID)
    return str(int(m.group(1))) + (f"-{m.group(2)}" if m.group(2) else "")


def clean_part(value: str, *, width: int, suffixes: Sequence[str], message: str) -> str:
    """Building, unit or room: 1 to ``width`` digits, a trailing 幢/单元/室 tolerated, zeros
    dropped (so 03幢 and 3幢 are one building). Empty stays empty."""
    value = (value or "").strip()
    for suffix in suffixes:
        value = value.removesuffix(suffix)
    if not value:
        return ""
    if not value.isdigit() or not value.isascii() or len(value) > width or int(value) == 0:
        raise ValueError(message)
    return str(int(value))


def clean_coordinate(value: Any, *, low: int, high: int, message: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(message) from exc
    if not number.is_finite() or not low <= number <= high:
        raise ValueError(message)
    return number.quantize(SEVEN_PLACES)


def clean_coordinates(lng: Any, lat: Any) -> tuple[Decimal | None, Decimal | None]:
    """Both or neither; raises ``ValidationError`` keyed by field."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, Decimal | None] = {}
    for key, value, low, high, message in (("lng", lng, -180, 180, messages.ADDRESS_LNG_INVALID),
                                           ("lat", lat, -90, 90, messages.ADDRESS_LAT_INVALID)):
        try:
            clean[key] = clean_coordinate(value, low=low, high=high, message=message)
        except ValueError as exc:
            errors[key] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    if (clean["lng"] is None) != (clean["lat"] is None):
        raise ValidationError({"lng" if clean["lng"] is None else "lat": [messages.ADDRESS_COORDINATES_PAIR]})
    return clean["lng"], clean["lat"]


def township_of(region_code: str) -> str:
    return region_code[:9] + "000"


def road_fits_village(road: Road, village_code: str) -> bool:
    """A road serves the addresses of its own village, or of every village of its township."""
    return road.region_code in (village_code, township_of(village_code))


# Roads ---------------------------------------------------------------------------------------


def _roads_changed(road_ids: list[int]) -> None:
    """The matcher reads roads through its own key table: it rewrites these roads' keys in the same
    transaction, so a new road or alias can be matched as soon as it is committed."""
    signals.roads_changed.send(sender=Road, road_ids=road_ids)


def lock_township(region_code: str) -> None:
    """Serialise serial allocation inside one township. PostgreSQL takes a transaction-level
    advisory lock; SQLite already runs one writer at a time (transactions are IMMEDIATE)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x61646472, int(region_code[:9])])


def next_road_serials(township_code: str, count: int = 1) -> list[int]:
    """The next ``count`` free serials of a township. Serials are unique across the township
    and all its villages, not just one region: an address code keeps only the last four
    digits of its road's code, so a township road and a village road with the same serial
    would give two addresses of that village the same code."""
    prefix = township_code[:9]
    top = Road.objects.filter(region_code__startswith=prefix).aggregate(top=Max(Substr("code", 13, 4)))["top"]
    start = int(top) + 1 if top else 1
    if start + count - 1 > 9999:
        raise ValidationError({"name": [messages.ROAD_SERIALS_EXHAUSTED]})
    return list(range(start, start + count))


def _road_region(actor: User, region_code: str) -> Region:
    region_code = (region_code or "").strip()
    if not CODE_RE.match(region_code) or level_of(region_code) not in (Level.TOWNSHIP, Level.VILLAGE):
        raise ValidationError({"region_code": [messages.ROAD_REGION_INVALID]})
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise ValidationError({"region_code": [core_messages.REGION_UNKNOWN.format(code=region_code)]})
    if not scope_for(actor).contains(region_code):
        raise ValidationError({"region_code": [core_messages.REGION_OUT_OF_SCOPE]})
    return region


def clean_aliases(aliases: Iterable[str], *, name: str) -> list[str]:
    out: list[str] = []
    for raw in aliases or ():
        alias = (raw or "").strip()
        if not alias:
            continue
        if len(alias) > ROAD_NAME_MAX or not NAME_RE.match(alias):
            raise ValidationError({"aliases": [messages.ROAD_ALIAS_INVALID.format(max=ROAD_NAME_MAX)]})
        if alias == name:
            raise ValidationError({"aliases": [messages.ROAD_ALIAS_SAME_AS_NAME.format(alias=alias)]})
        if alias not in out:
            out.append(alias)
    if len(out) > ALIASES_MAX:
        raise ValidationError({"aliases": [messages.ROAD_ALIASES_TOO_MANY.format(max=ALIASES_MAX)]})
    return out


@transaction.atomic
def road_create(
    *,
    actor: User,
    region_code: str,
    name: str,
    kind: str = "",
    aliases: Iterable[str] = (),
) -> Road:
    """A street, lane or compound in a township or village of the actor's scope. Its code is
    the region's 12 digits and the township's next free serial. ``kind`` left empty is guessed
    from the name (…小区, …花园 are compounds)."""
    region = _road_region(actor, region_code)
    try:
        name = clean_road_name(name)
    except ValueError as exc:
        raise ValidationError({"name": [str(exc)]}) from exc
    kind = kind or guess_road_kind(name)
    if kind not in Road.Kind.values:
        raise ValidationError({"kind": [messages.ROAD_KIND_INVALID]})
    aliases = clean_aliases(aliases, name=name)
    lock_township(region.code)
    existing = Road.objects.filter(region_code=region.code, name=name).first()
    if existing is not None:
        raise ValidationError({"name": [messages.ROAD_NAME_TAKEN.format(kind=existing.get_kind_display(),
                                                                       name=name)]})
    (serial,) = next_road_serials(region.code)
    road = Road.objects.create(code=codes.road_code(region.code, serial), region_code=region.code, name=name,
                               kind=kind, aliases=aliases, pinyin=road_pinyin(name))
    audit_record(actor=actor, action="places.road.created", obj=road, after=snapshot(road, ROAD_FIELDS))
    _roads_changed([road.pk])
    return road


@transaction.atomic
def road_update_aliases(*, actor: User, road: Road, aliases: Iterable[str]) -> Road:
    """Replace the alias list (former names, common abbreviations) that the matcher also reads."""
    if not scope_for(actor).contains(road.region_code):
        raise ValidationError({"region_code": [core_messages.REGION_OUT_OF_SCOPE]})
    road = Road.objects.select_for_update().get(pk=road.pk)
    clean = clean_aliases(aliases, name=road.name)
    before = snapshot(road, ["aliases"])
    road.aliases = clean
    road.save(update_fields=["aliases"])
    audit_record(actor=actor, action="places.road.aliases_updated", obj=road, before=before,
                 after=snapshot(road, ["aliases"]))
    _roads_changed([road.pk])
    return road


# Addresses -----------------------------------------------------------------------------------


def _village(actor: User, region_code: str) -> Region:
    region_code = (region_code or "").strip()
    if not region_code:
        raise ValidationError({"region_code": [messages.ADDRESS_REGION_REQUIRED]})
    if not CODE_RE.match(region_code) or level_of(region_code) != Level.VILLAGE:
        raise ValidationError({"region_code": [core_messages.REGION_NOT_VILLAGE]})
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise ValidationError({"region_code": [core_messages.REGION_UNKNOWN.format(code=region_code)]})
    if not scope_for(actor).contains(region_code):
        raise ValidationError({"region_code": [core_messages.REGION_OUT_OF_SCOPE]})
    return region


def clean_address_parts(*, number: str, building: str = "", unit: str = "", room: str = "") -> dict[str, str]:
    """The doorplate number and building, unit, room as stored; ``ValidationError`` by field."""
    errors: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    if not (number or "").strip():
        errors["number"] = [messages.ADDRESS_NUMBER_REQUIRED]
    else:
        try:
            out["number"] = clean_number(number)
        except ValueError as exc:
            errors["number"] = [str(exc)]
    for key, value, width, suffixes, message in (
        ("building", building, 3, ("号楼", "幢", "栋", "座"), messages.ADDRESS_BUILDING_INVALID),
        ("unit", unit, 2, ("单元",), messages.ADDRESS_UNIT_INVALID),
        ("room", room, 4, ("室", "房"), messages.ADDRESS_ROOM_INVALID),
    ):
        try:
            out[key] = clean_part(value, width=width, suffixes=suffixes, message=message)
        except ValueError as exc:
            errors[key] = [str(exc)]
    if not errors and out["unit"] and not out["building"]:
        errors["unit"] = [messages.ADDRESS_UNIT_WITHOUT_BUILDING]
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def address_create(
    *,
    actor: User,
    region_code: str,
    road: Road,
    number: str,
    building: str = "",
    unit: str = "",
    room: str = "",
    lng: Any = None,
    lat: Any = None,
) -> Address:
    """A new active standard address in a village of the actor's scope, on a road of that
    village or of its township. Its code and standard text are computed, never typed; the
    same address twice is refused (and the unique code refuses it in the database too)."""
    village = _village(actor, region_code)
    if not road_fits_village(road, village.code):
        raise ValidationError({"road": [messages.ROAD_NOT_IN_REGION]})
    if road.status != Road.Status.ACTIVE:
        raise ValidationError({"road": [messages.ROAD_RETIRED]})
    parts = clean_address_parts(number=number, building=building, unit=unit, room=room)
    lng_value, lat_value = clean_coordinates(lng, lat)
    code = codes.address_code(region_code=village.code, road_code=road.code, **parts)
    text = codes.full_text(region_full_name=village.full_name or village.name, road_name=road.name, **parts)
    existing = Address.objects.filter(code=code).only("code", "full_text").first()
    if existing is not None:
        raise ValidationError({"number": [messages.ADDRESS_DUPLICATE.format(full_text=existing.full_text, code=code)]})
    address = Address(code=code, region_code=village.code, road=road, full_text=text, lng=lng_value, lat=lat_value,
                      **parts)
    try:
        with transaction.atomic():
            address.save(force_insert=True)
    except IntegrityError as exc:
        # Someone else created it between the check and the insert.
        raise ValidationError({"number": [messages.ADDRESS_DUPLICATE.format(full_text=text, code=code)]}) from exc
    audit_record(actor=actor, action="places.address.created", obj=address, after=snapshot(address, ADDRESS_FIELDS))
    return address


def _writable(actor: User, address: Address) -> None:
    # Callers fetch the address through the scoped selector; this is the belt to its braces.
    if not scope_for(actor).contains(address.region_code):
        raise ValidationError({"region_code": [core_messages.REGION_OUT_OF_SCOPE]})


@transaction.atomic
def address_retire(*, actor: User, address: Address, successor: Address | None = None) -> Address:
    """Retire an address. It keeps its code (codes are never reused) and points to the active
    address that replaces it, if there is one."""
    _writable(actor, address)
    address = Address.objects.select_for_update().get(pk=address.pk)
    if address.status == Address.Status.RETIRED:
        raise ValidationError({"status": [messages.ADDRESS_ALREADY_RETIRED]})
    if successor is not None:
        if successor.pk == address.pk:
            raise ValidationError({"successor": [messages.ADDRESS_SUCCESSOR_SELF]})
        _writable(actor, successor)
        successor = Address.objects.get(pk=successor.pk)
        if successor.status != Address.Status.ACTIVE:
            raise ValidationError({"successor": [messages.ADDRESS_SUCCESSOR_RETIRED]})
    before = snapshot(address, ["status", "successor"])
    address.status = Address.Status.RETIRED
    address.successor = successor
    address.save(update_fields=["status", "successor", "updated_at"])
    audit_record(actor=actor, action="places.address.retired", obj=address, before=before,
                 after=snapshot(address, ["status", "successor"]))
    return address


@transaction.atomic
def address_update_coordinates(*, actor: User, address: Address, lng: Any, lat: Any) -> Address:
    """Set (or clear, with both empty) the WGS-84 coordinates."""
    _writable(actor, address)
    lng_value, lat_value = clean_coordinates(lng, lat)
    address = Address.objects.select_for_update().get(pk=address.pk)
    before = snapshot(address, ["lng", "lat"])
    address.lng, address.lat = lng_value, lat_value
    address.save(update_fields=["lng", "lat", "updated_at"])
    audit_record(actor=actor, action="places.address.coordinates_updated", obj=address, before=before,
                 after=snapshot(address, ["lng", "lat"]))
    return address
