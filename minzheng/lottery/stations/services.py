"""Writes on lottery stations, by the welfare lottery centre (``lottery.manage_lottery``) inside
its scope. Each checks its input (a Chinese ``ValidationError`` keyed by the field), runs in one
transaction and writes its audit entry ``lottery.<object>.<verb>`` in it.

- ``station_open``: registers the station as a facility (``facilities.sites.services.facility_create``)
  and refuses a position closer than the limit to a school (``stations.distance``).
- ``contract_sign``: a new agency contract; refuses a terminal ever used before (not transferable),
  a station too close to a school, a closed station; ends the contract in force the day before.
- ``station_upgrade_record``, ``station_close`` (sets the facility closed through the facilities
  services and ends the contract in force).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core import pii
from minzheng.core.audit import audit_record
from minzheng.core.idnumber import IdNumberError, parse_id_number
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.facilities.sites.models import Facility
from minzheng.facilities.sites.services import facility_create, facility_operation_update
from minzheng.lottery import messages
from minzheng.lottery.fund.services import PERM_MANAGE, require
from minzheng.lottery.stations import distance
from minzheng.lottery.stations.models import AgencyContract, StationClosure, StationUpgrade, UpgradeKind

CONTRACT_RE = re.compile(r"^[A-Za-z0-9-]{1,40}$")
TERMINAL_RE = re.compile(r"^\d{4,20}$")
NAME_MAX = 50
NOTE_MAX = 200


def _text(value: Any) -> str:
    return str(value or "").strip()


def clean_date(
    value: Any, *, key: str, label: str, errors: dict[str, list[str]], future_ok: bool = False
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


def _station(actor: User, station: Facility, errors: dict[str, list[str]] | None = None) -> Facility:
    """The station locked, in the actor's scope (404 otherwise), and a lottery station."""
    if station is None or not scope_for(actor).contains(station.region_code):
        raise Http404(core_messages.NOT_FOUND)
    row = Facility.objects.select_for_update().filter(pk=station.pk).first()
    if row is None:
        raise Http404(core_messages.NOT_FOUND)
    if row.kind != Facility.Kind.LOTTERY_STATION:
        raise ValidationError({"station": [messages.STATION_NOT_LOTTERY]})
    return row


def school_check(lng: Any, lat: Any, *, key: str = "position") -> None:
    """Refuse a position closer than the limit to a school, naming the nearest and its distance."""
    near = distance.schools_near(lng, lat)
    if near:
        raise ValidationError(
            {
                key: [
                    messages.SCHOOL_TOO_CLOSE.format(
                        school=near[0].school_name, distance=near[0].distance_m, limit=distance.limit_m()
                    )
                ]
            }
        )


@transaction.atomic
def station_open(
    *,
    actor: User,
    name: str,
    region_code: str = "",
    address: Any = None,
    address_text: str = "",
    lng: Any = None,
    lat: Any = None,
    coord: str = "wgs84",
    opened_on: Any = None,
    opening_hours: str = "",
) -> Facility:
    """Register a new lottery station (a facility of kind ``lottery_station``), refused at a
    position closer than the limit to a school or without a position to check."""
    require(actor, PERM_MANAGE)
    station = facility_create(
        actor=actor,
        name=name,
        kind=Facility.Kind.LOTTERY_STATION,
        region_code=region_code,
        address=address,
        address_text=address_text,
        lng=lng,
        lat=lat,
        coord=coord,
        opened_on=opened_on,
        opening_hours=opening_hours,
    )
    if station.lng is None or station.lat is None:
        raise ValidationError({"lng": [messages.STATION_NO_POSITION]})
    school_check(station.lng, station.lat, key="lng")
    return station


@transaction.atomic
def contract_sign(
    *,
    actor: User,
    station: Facility,
    contract_number: str,
    terminal_number: str,
    agent_name: str,
    agent_id_number: str,
    signed_on: Any,
    valid_from: Any,
    valid_to: Any,
) -> AgencyContract:
    require(actor, PERM_MANAGE)
    row = _station(actor, station)
    errors: dict[str, list[str]] = {}
    closure = StationClosure.objects.filter(station=row).first()
    if closure is not None or row.status == Facility.Status.CLOSED:
        raise ValidationError(
            {"station": [messages.STATION_CLOSED.format(date=closure.closed_on if closure else "此前")]}
        )
    number = _text(contract_number).upper()
    if not CONTRACT_RE.match(number):
        errors["contract_number"] = [messages.CONTRACT_NUMBER_REQUIRED]
    else:
        taken = AgencyContract.objects.filter(contract_number=number).select_related("station").first()
        if taken is not None:
            errors["contract_number"] = [messages.CONTRACT_NUMBER_TAKEN.format(station=taken.station.name)]
    terminal = _text(terminal_number)
    if not TERMINAL_RE.match(terminal):
        errors["terminal_number"] = [messages.TERMINAL_REQUIRED]
    else:
        used = AgencyContract.objects.filter(terminal_number=terminal).select_related("station").first()
        if used is not None:
            errors["terminal_number"] = [
                messages.TERMINAL_TAKEN.format(
                    terminal=terminal, contract=used.contract_number, station=used.station.name
                )
            ]
    name = _text(agent_name)
    if not name or len(name) > NAME_MAX:
        errors["agent_name"] = [messages.AGENT_NAME_REQUIRED]
    try:
        id_number = parse_id_number(_text(agent_id_number)).value
    except IdNumberError as exc:
        errors["agent_id_number"] = [messages.AGENT_ID_INVALID.format(reason=exc)]
        id_number = ""
    signed = clean_date(signed_on, key="signed_on", label="签订日期", errors=errors)
    start = clean_date(valid_from, key="valid_from", label="合同起始日期", errors=errors, future_ok=True)
    end = clean_date(valid_to, key="valid_to", label="合同截止日期", errors=errors, future_ok=True)
    if start and end and end < start:
        errors["valid_to"] = [messages.VALID_TO_BEFORE]
    if signed and start and signed > start:
        errors["signed_on"] = [messages.SIGNED_AFTER_FROM]
    current = AgencyContract.objects.select_for_update().filter(station=row, ended_on__isnull=True).first()
    if current is not None and start and start <= current.valid_from:
        errors["valid_from"] = [
            messages.FROM_BEFORE_CURRENT.format(contract=current.contract_number, date=current.valid_from)
        ]
    if row.lng is None or row.lat is None:
        errors["station"] = [messages.STATION_NO_POSITION]
    if errors:
        raise ValidationError(errors)
    school_check(row.lng, row.lat, key="station")
    assert signed and start and end
    if current is not None:
        current.ended_on = max(start - dt.timedelta(days=1), current.signed_on)
        current.save(update_fields=["ended_on"])
    sealed = pii.seal("id_number", id_number)
    contract = AgencyContract.objects.create(
        station=row,
        region_code=row.region_code,
        contract_number=number,
        terminal_number=terminal,
        agent_name=name,
        agent_id_number_cipher=sealed.cipher,
        agent_id_number_digest=sealed.digest,
        agent_id_number_masked=sealed.masked,
        signed_on=signed,
        valid_from=start,
        valid_to=end,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="lottery.contract.signed",
        obj=contract,
        region_code=row.region_code,
        after={
            "station": row.pk,
            "contract_number": number,
            "terminal_number": terminal,
            "agent_name": name,
            "agent_id_number_masked": sealed.masked,
            "valid_from": start.isoformat(),
            "valid_to": end.isoformat(),
            "ended_contract": current.contract_number if current is not None else "",
        },
    )
    return contract


@transaction.atomic
def station_upgrade_record(
    *, actor: User, station: Facility, upgraded_on: Any, kind: str, note: str = ""
) -> StationUpgrade:
    require(actor, PERM_MANAGE)
    row = _station(actor, station)
    errors: dict[str, list[str]] = {}
    day = clean_date(upgraded_on, key="upgraded_on", label="改造日期", errors=errors)
    if kind not in UpgradeKind.values:
        errors["kind"] = [messages.UPGRADE_KIND_INVALID.format(choices="、".join(UpgradeKind.labels))]
    note = _text(note)
    if len(note) > NOTE_MAX:
        errors["note"] = [messages.NOTE_TOO_LONG.format(field="说明", max=NOTE_MAX)]
    if day and row.opened_on and day < row.opened_on:
        errors["upgraded_on"] = [messages.UPGRADE_BEFORE_OPEN.format(date=row.opened_on)]
    if errors:
        raise ValidationError(errors)
    upgrade, _ = StationUpgrade.objects.get_or_create(
        station=row,
        upgraded_on=day,
        kind=kind,
        defaults={"region_code": row.region_code, "note": note, "created_by": actor},
    )
    audit_record(
        actor=actor,
        action="lottery.upgrade.recorded",
        obj=upgrade,
        region_code=row.region_code,
        after={"station": row.pk, "upgraded_on": day.isoformat() if day else "", "kind": kind, "note": note},
    )
    return upgrade


@transaction.atomic
def station_close(*, actor: User, station: Facility, closed_on: Any, reason: str) -> StationClosure:
    require(actor, PERM_MANAGE)
    row = _station(actor, station)
    errors: dict[str, list[str]] = {}
    existing = StationClosure.objects.filter(station=row).first()
    if existing is not None:
        raise ValidationError({"closed_on": [messages.STATION_CLOSED.format(date=existing.closed_on)]})
    day = clean_date(closed_on, key="closed_on", label="关闭日期", errors=errors)
    reason = _text(reason)
    if not reason or len(reason) > NOTE_MAX:
        errors["reason"] = [messages.CLOSE_REASON_REQUIRED]
    if day and row.opened_on and day < row.opened_on:
        errors["closed_on"] = [messages.CLOSE_BEFORE_OPEN.format(date=row.opened_on)]
    if errors:
        raise ValidationError(errors)
    assert day is not None
    closure = StationClosure.objects.create(
        station=row, region_code=row.region_code, closed_on=day, reason=reason, created_by=actor
    )
    ended = ""
    current = AgencyContract.objects.filter(station=row, ended_on__isnull=True).first()
    if current is not None:
        current.ended_on = max(day, current.signed_on)
        current.save(update_fields=["ended_on"])
        ended = current.contract_number
    if row.status != Facility.Status.CLOSED:
        facility_operation_update(actor=actor, facility=row, status=Facility.Status.CLOSED)
    audit_record(
        actor=actor,
        action="lottery.station.closed",
        obj=closure,
        region_code=row.region_code,
        after={"station": row.pk, "closed_on": day.isoformat(), "reason": reason, "ended_contract": ended},
    )
    return closure
