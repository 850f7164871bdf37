"""Writes on the rehab network. Each runs in one transaction, checks its input (a Chinese
``ValidationError`` keyed by the field at fault), writes one audit entry
``disability.network_placement.<verb>`` and returns what it wrote.

- ``placement_set``: place a facility the actor sees (else 404) at a level of its county's network
  from a day: a county centre must be a rehab organization; a township station or village point may
  be hosted at a community care centre. A facility already placed elsewhere in the network is moved
  (its placement in force ends that day). One county centre per county in force.
- ``placement_end``: the facility leaves the network on a day (the row stays).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.disability import messages
from minzheng.disability.cleaning import clean_date
from minzheng.disability.network import selectors
from minzheng.disability.network.models import NetworkLevel, NetworkPlacement
from minzheng.facilities.sites.models import Facility
from minzheng.facilities.sites.selectors import facilities_visible

FIELDS = ["facility", "level", "region_code", "county_code", "placed_on", "ended_on"]


def _authorize(actor: User | None) -> None:
    if actor is None or not actor.has_perm(selectors.PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION_NETWORK)


@transaction.atomic
def placement_set(
    *, actor: User, facility: Facility | None, level: str, placed_on: dt.date | str | None
) -> NetworkPlacement:
    _authorize(actor)
    errors: dict[str, list[str]] = {}
    if facility is None:
        raise ValidationError({"facility": [messages.FACILITY_REQUIRED]})
    if not facilities_visible(user=actor).filter(pk=facility.pk).exists():
        raise Http404(core_messages.NOT_FOUND)
    if level not in NetworkLevel.values:
        errors["level"] = [messages.LEVEL_INVALID]
    elif facility.kind not in selectors.HOST_KINDS[NetworkLevel(level)]:
        kinds = "、".join(str(Facility.Kind(k).label) for k in selectors.HOST_KINDS[NetworkLevel(level)])
        errors["facility"] = [
            messages.FACILITY_KIND.format(
                level=NetworkLevel(level).label, kinds=kinds, kind=facility.get_kind_display()
            )
        ]
    if facility.status == Facility.Status.CLOSED:
        errors["facility"] = [messages.FACILITY_CLOSED]
    day = clean_date(placed_on, key="placed_on", label="纳入日期", errors=errors)
    current = (
        NetworkPlacement.objects.select_for_update().filter(facility=facility, ended_on__isnull=True).first()
    )
    if current is not None and current.level == level:
        errors["level"] = [
            messages.PLACEMENT_SAME.format(level=current.get_level_display(), date=current.placed_on)
        ]
    county = facility.region_code[:6]
    if level == NetworkLevel.COUNTY and "level" not in errors:
        other = (
            NetworkPlacement.objects.select_related("facility")
            .filter(county_code=county, level=NetworkLevel.COUNTY, ended_on__isnull=True)
            .exclude(facility=facility)
            .first()
        )
        if other is not None:
            name = Region.objects.filter(code=county.ljust(12, "0")).values_list("name", flat=True).first()
            errors["level"] = [
                messages.COUNTY_CENTRE_TAKEN.format(county=name or county, name=other.facility.name)
            ]
    if day is not None and current is not None and day < current.placed_on:
        errors["placed_on"] = [messages.ENDED_BEFORE_PLACED.format(date=current.placed_on)]
    if errors:
        raise ValidationError(errors)
    assert day is not None
    before: dict[str, Any] | None = None
    if current is not None:
        before = snapshot(current, FIELDS)
        current.ended_on = day
        current.save(update_fields=["ended_on"])
    placement = NetworkPlacement(
        facility=facility,
        level=level,
        region_code=facility.region_code,
        county_code=county,
        placed_on=day,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError as exc:  # a county centre placed at the same moment
        raise ValidationError(
            {"level": [messages.COUNTY_CENTRE_TAKEN.format(county=county, name="—")]}
        ) from exc
    audit_record(
        actor=actor,
        action="disability.network_placement.placed",
        obj=placement,
        before=before,
        after=snapshot(placement, FIELDS),
        object_repr=f"{facility.name} {placement.get_level_display()}",
    )
    return placement


@transaction.atomic
def placement_end(
    *, actor: User, placement: NetworkPlacement, ended_on: dt.date | str | None
) -> NetworkPlacement:
    _authorize(actor)
    if not selectors.placements_visible(user=actor).filter(pk=placement.pk).exists():
        raise Http404(core_messages.NOT_FOUND)
    placement = NetworkPlacement.objects.select_for_update().select_related("facility").get(pk=placement.pk)
    errors: dict[str, list[str]] = {}
    if placement.ended_on is not None:
        raise ValidationError({"ended_on": [messages.PLACEMENT_ENDED.format(date=placement.ended_on)]})
    day = clean_date(ended_on, key="ended_on", label="退出日期", errors=errors)
    if day is not None and day < placement.placed_on:
        errors["ended_on"] = [messages.ENDED_BEFORE_PLACED.format(date=placement.placed_on)]
    if errors:
        raise ValidationError(errors)
    before = snapshot(placement, FIELDS)
    placement.ended_on = day
    placement.save(update_fields=["ended_on"])
    audit_record(
        actor=actor,
        action="disability.network_placement.ended",
        obj=placement,
        before=before,
        after=snapshot(placement, FIELDS),
        object_repr=placement.facility.name,
    )
    return placement
