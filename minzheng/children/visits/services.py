"""Writes on visits and services (``children.record_child_visits``: village workers for their own
village, townships and counties; a profile out of view answers 404). One audit entry each.

- ``visit_record``: a visit on a day (not before the profile was opened, not after today), its way,
  what was seen and found; the village's child director in post that day is recorded with it. The
  profile's ``last_visited_on`` and ``next_visit_on`` (the last visit + its interval) move.
- ``service_deliver``: one item of the basic service list to a migrant child on a day, by a
  provider (free text).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.benefits.money import date_add_months
from minzheng.children import messages
from minzheng.children.dates import day_in
from minzheng.children.directors.selectors import director_of
from minzheng.children.profiles.models import ChildProfile
from minzheng.children.profiles.selectors import profiles_visible
from minzheng.children.visits.models import ChildVisit, ServiceDelivery, ServiceItem
from minzheng.children.visits.selectors import PERM_VISITS
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User

NOTES_MAX = FINDINGS_MAX = 500
PROVIDER_MAX = 100
VISIT_FIELDS = ["profile", "region_code", "visited_on", "way", "notes", "findings", "director"]
SERVICE_FIELDS = ["profile", "item", "region_code", "delivered_on", "provider"]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _profile(actor: User | None, profile: ChildProfile) -> ChildProfile:
    if actor is None or not actor.has_perm(PERM_VISITS):
        raise PermissionDenied(messages.PERMISSION_VISITS)
    if not profiles_visible(user=actor).filter(pk=profile.pk).exists():
        raise Http404(core_messages.NOT_FOUND)
    profile = ChildProfile.objects.select_for_update(of=("self",)).select_related("person").get(pk=profile.pk)
    if profile.status != ChildProfile.Status.ACTIVE:
        raise ValidationError({"status": [messages.NOT_ACTIVE.format(date=profile.ended_on)]})
    return profile


@transaction.atomic
def visit_record(
    *,
    actor: User,
    profile: ChildProfile,
    visited_on: dt.date | str | None,
    way: str,
    notes: str,
    findings: str = "",
) -> ChildVisit:
    profile = _profile(actor, profile)
    errors: dict[str, list[str]] = {}
    day = day_in(
        visited_on,
        key="visited_on",
        message=messages.VISIT_DATE_INVALID,
        errors=errors,
        first=profile.opened_on,
        last=timezone.localdate(),
    )
    if way not in ChildVisit.Way.values:
        errors["way"] = [messages.VISIT_WAY_INVALID]
    notes, findings = _text(notes), _text(findings)
    if not notes or len(notes) > NOTES_MAX:
        errors["notes"] = [messages.VISIT_NOTES_REQUIRED.format(max=NOTES_MAX)]
    if len(findings) > FINDINGS_MAX:
        errors["findings"] = [messages.VISIT_FINDINGS_TOO_LONG.format(max=FINDINGS_MAX)]
    if day is not None and ChildVisit.objects.filter(profile=profile, visited_on=day).exists():
        errors["visited_on"] = [messages.VISIT_EXISTS.format(date=day.isoformat())]
    if errors:
        raise ValidationError(errors)
    assert day is not None
    visit = ChildVisit(
        profile=profile,
        region_code=profile.region_code,
        visited_on=day,
        way=way,
        notes=notes,
        findings=findings,
        director=director_of(region_code=profile.region_code, day=day),
        recorded_by=actor,
    )
    try:
        with transaction.atomic():
            visit.save()
    except IntegrityError as exc:
        raise ValidationError({"visited_on": [messages.VISIT_EXISTS.format(date=day.isoformat())]}) from exc
    if profile.last_visited_on is None or day > profile.last_visited_on:
        profile.last_visited_on = day
        profile.next_visit_on = date_add_months(day, profile.visit_interval_months)
        profile.save(update_fields=["last_visited_on", "next_visit_on", "updated_at"])
    audit_record(
        actor=actor,
        action="children.visit.recorded",
        obj=visit,
        after=snapshot(visit, VISIT_FIELDS),
        object_repr=f"{profile.person.name} {day.isoformat()} {visit.get_way_display()}",
    )
    return visit


@transaction.atomic
def service_deliver(
    *,
    actor: User,
    profile: ChildProfile,
    item: ServiceItem | None,
    delivered_on: dt.date | str | None,
    provider: str,
) -> ServiceDelivery:
    profile = _profile(actor, profile)
    errors: dict[str, list[str]] = {}
    if item is None or not item.active:
        errors["item"] = [messages.SERVICE_ITEM_INVALID]
    elif not profile.is_migrant:
        errors["item"] = [messages.SERVICE_NOT_MIGRANT]
    day = day_in(
        delivered_on,
        key="delivered_on",
        message=messages.SERVICE_DATE_INVALID,
        errors=errors,
        last=timezone.localdate(),
    )
    provider = _text(provider)
    if not provider or len(provider) > PROVIDER_MAX:
        errors["provider"] = [messages.SERVICE_PROVIDER_REQUIRED.format(max=PROVIDER_MAX)]
    if (
        not errors
        and day is not None
        and ServiceDelivery.objects.filter(profile=profile, item=item, delivered_on=day).exists()
    ):
        errors["delivered_on"] = [messages.SERVICE_EXISTS.format(date=day)]
    if errors:
        raise ValidationError(errors)
    assert item is not None and day is not None
    delivery = ServiceDelivery(
        profile=profile,
        item=item,
        region_code=profile.region_code,
        delivered_on=day,
        provider=provider,
        recorded_by=actor,
    )
    try:
        with transaction.atomic():
            delivery.save()
    except IntegrityError as exc:
        raise ValidationError({"delivered_on": [messages.SERVICE_EXISTS.format(date=day)]}) from exc
    audit_record(
        actor=actor,
        action="children.service.delivered",
        obj=delivery,
        after=snapshot(delivery, SERVICE_FIELDS),
        object_repr=f"{profile.person.name} {item.name}",
    )
    return delivery
