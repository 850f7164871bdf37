"""Writes on rehab service records: ``service_record``, one service given to a registered patient.

Held by ``disability.record_rehab_services`` (a rehab organization's provider operator, for the
patients of their own organizations, at their own facilities). Checked, every fault at once, each
with a Chinese message naming its field: the kind (the four services), the day (not in the future,
not before the patient was registered, not after they were ended, and never before their consent:
a patient with no consent gets none at all), the length (1–480 minutes), the staff's name. One
audit entry ``disability.rehab_service.recorded``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.disability import messages
from minzheng.disability.cleaning import clean_date, text
from minzheng.disability.patients.models import RehabPatient
from minzheng.disability.patients.selectors import patients_visible
from minzheng.disability.records import selectors
from minzheng.disability.records.models import RehabService, ServiceKind
from minzheng.facilities.sites.models import Facility

FIELDS = ["patient", "facility", "region_code", "kind", "served_on", "minutes", "staff", "note", "consent_on"]
MINUTES_MAX = 480
STAFF_MAX = 50
NOTE_MAX = 200


def _minutes(value: Any, errors: dict[str, list[str]]) -> int | None:
    raw = text(value)
    if not raw.isdigit() or not 1 <= int(raw) <= MINUTES_MAX:
        errors["minutes"] = [messages.MINUTES_INVALID.format(max=MINUTES_MAX)]
        return None
    return int(raw)


@transaction.atomic
def service_record(
    *,
    actor: User,
    patient: RehabPatient,
    facility: Facility | None,
    kind: str,
    served_on: dt.date | str | None,
    minutes: int | str | None,
    staff: str,
    note: str = "",
) -> RehabService:
    if actor is None or not actor.has_perm(selectors.PERM_RECORD):
        raise PermissionDenied(messages.PERMISSION_SERVICES)
    if not patients_visible(user=actor).filter(pk=patient.pk).exists():
        raise Http404(core_messages.NOT_FOUND)
    patient = RehabPatient.objects.select_for_update().get(pk=patient.pk)
    errors: dict[str, list[str]] = {}
    if facility is None:
        errors["facility"] = [messages.SERVICE_FACILITY_REQUIRED]
    elif not selectors.service_facilities(user=actor, patient=patient).filter(pk=facility.pk).exists():
        errors["facility"] = [messages.SERVICE_FACILITY_NOT_YOURS]
    if kind not in ServiceKind.values:
        errors["kind"] = [messages.SERVICE_KIND_INVALID]
    day = clean_date(served_on, key="served_on", label="服务日期", errors=errors)
    if patient.consent_on is None:
        errors["patient"] = [messages.NO_CONSENT]
    elif day is not None:
        if day < patient.registered_on:
            errors["served_on"] = [messages.BEFORE_REGISTERED.format(date=patient.registered_on)]
        elif day < patient.consent_on:
            errors["served_on"] = [messages.BEFORE_CONSENT.format(date=patient.consent_on)]
        elif patient.ended_on is not None and day > patient.ended_on:
            errors["served_on"] = [messages.AFTER_ENDED.format(date=patient.ended_on)]
    length = _minutes(minutes, errors)
    staff = text(staff)
    if not staff or len(staff) > STAFF_MAX:
        errors["staff"] = [messages.STAFF_REQUIRED.format(max=STAFF_MAX)]
    note = text(note)
    if len(note) > NOTE_MAX:
        errors["note"] = [messages.NOTE_TOO_LONG.format(max=NOTE_MAX)]
    if errors:
        raise ValidationError(errors)
    assert facility is not None and day is not None and length is not None and patient.consent_on is not None
    service = RehabService.objects.create(
        patient=patient,
        facility=facility,
        region_code=patient.region_code,
        kind=kind,
        served_on=day,
        minutes=length,
        staff=staff,
        note=note,
        consent_on=patient.consent_on,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="disability.rehab_service.recorded",
        obj=service,
        after=snapshot(service, FIELDS),
        object_repr=f"{service.get_kind_display()} {day}",
    )
    return service
