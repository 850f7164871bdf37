"""Writes on registered patients. Each runs in one transaction, checks its input (a Chinese
``ValidationError`` keyed by the field, every fault at once), writes one audit entry
``disability.rehab_patient.<verb>`` and returns the patient; a refusal writes nothing.

- ``patient_register`` (``disability.manage_rehab_patients``; the person lives in the actor's
  scope, else 404): diagnosis, severity, the organization, the day on the register and, when signed
  already, the consent (day, signer, guardian's name).
- ``patient_consent_record``: the consent signed later (once; a new one is a new registration).
- ``patient_end``: off the register on a day, with the reason; the row and its services stay.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.disability import messages
from minzheng.disability.cleaning import clean_date, text
from minzheng.disability.patients import selectors
from minzheng.disability.patients.models import ConsentSigner, Diagnosis, RehabPatient, Severity
from minzheng.facilities.sites.models import Facility
from minzheng.people.models import Person

FIELDS = [
    "person",
    "region_code",
    "organization",
    "diagnosis",
    "severity",
    "registered_on",
    "ended_on",
    "end_reason",
    "consent_on",
    "consent_signer",
    "guardian_name",
]
GUARDIAN_MAX = 50
REASON_MAX = 100


def _authorize(actor: User | None, patient: RehabPatient | None = None) -> None:
    if actor is None or not actor.has_perm(selectors.PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION_PATIENTS)
    if patient is not None and not selectors.patients_visible(user=actor).filter(pk=patient.pk).exists():
        raise Http404(core_messages.NOT_FOUND)


def _consent(
    *, consent_on: Any, signer: Any, guardian: Any, errors: dict[str, list[str]]
) -> tuple[dt.date | None, str, str]:
    """(day, signer, guardian's name) checked together: all of a consent, or none of it."""
    signer, guardian = text(signer), text(guardian)
    day = clean_date(consent_on, key="consent_on", label="知情同意日期", errors=errors, required=False)
    if signer and signer not in ConsentSigner.values:
        errors["consent_signer"] = [messages.SIGNER_INVALID]
        return None, "", ""
    if day is None and "consent_on" not in errors:
        if signer:
            errors["consent_on"] = [messages.CONSENT_DATE_REQUIRED]
        elif guardian:
            errors["guardian_name"] = [messages.GUARDIAN_NOT_NEEDED]
        return None, "", ""
    if day is not None and not signer:
        errors["consent_signer"] = [messages.SIGNER_REQUIRED]
    if signer == ConsentSigner.GUARDIAN and (not guardian or len(guardian) > GUARDIAN_MAX):
        errors["guardian_name"] = [messages.GUARDIAN_REQUIRED.format(max=GUARDIAN_MAX)]
    if signer == ConsentSigner.PATIENT and guardian:
        errors["guardian_name"] = [messages.GUARDIAN_NOT_NEEDED]
    return day, signer, guardian


@transaction.atomic
def patient_register(
    *,
    actor: User,
    person: Person | None,
    organization: Facility | None,
    diagnosis: str,
    severity: str,
    registered_on: dt.date | str | None,
    consent_on: dt.date | str | None = None,
    consent_signer: str = "",
    guardian_name: str = "",
) -> RehabPatient:
    _authorize(actor)
    errors: dict[str, list[str]] = {}
    if person is None:
        raise ValidationError({"person": [messages.PERSON_REQUIRED]})
    if not scope_for(actor).contains(person.region_code):
        raise Http404(core_messages.NOT_FOUND)
    if person.status == Person.Status.DECEASED:
        errors["person"] = [messages.PERSON_DECEASED]
    else:
        active = selectors.patient_active_of(person=person)
        if active is not None:
            errors["person"] = [messages.PERSON_ACTIVE.format(pk=active.pk)]
    if organization is None:
        errors["organization"] = [messages.ORGANIZATION_REQUIRED]
    elif (
        not Facility.objects.filter(selectors.organizations_q(), pk=organization.pk).exists()
        or organization.status == Facility.Status.CLOSED
    ):
        errors["organization"] = [messages.ORGANIZATION_KIND]
    if diagnosis not in Diagnosis.values:
        errors["diagnosis"] = [messages.DIAGNOSIS_INVALID]
    if severity not in Severity.values:
        errors["severity"] = [messages.SEVERITY_INVALID]
    registered = clean_date(registered_on, key="registered_on", label="在册日期", errors=errors)
    day, signer, guardian = _consent(
        consent_on=consent_on, signer=consent_signer, guardian=guardian_name, errors=errors
    )
    if errors:
        raise ValidationError(errors)
    assert organization is not None and registered is not None
    patient = RehabPatient(
        person=person,
        region_code=person.region_code,
        organization=organization,
        diagnosis=diagnosis,
        severity=severity,
        registered_on=registered,
        consent_on=day,
        consent_signer=signer,
        guardian_name=guardian,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            patient.save()
    except IntegrityError as exc:  # registered by someone else at the same moment
        raise ValidationError({"person": [messages.PERSON_ACTIVE.format(pk="—")]}) from exc
    audit_record(
        actor=actor,
        action="disability.rehab_patient.registered",
        obj=patient,
        after=snapshot(patient, FIELDS),
        object_repr=f"在册患者 {person.id_number_masked}",
    )
    return patient


@transaction.atomic
def patient_consent_record(
    *,
    actor: User,
    patient: RehabPatient,
    consent_on: dt.date | str | None,
    consent_signer: str,
    guardian_name: str = "",
) -> RehabPatient:
    _authorize(actor, patient)
    patient = RehabPatient.objects.select_for_update().get(pk=patient.pk)
    if patient.ended_on is not None:
        raise ValidationError({"consent_on": [messages.PATIENT_ENDED.format(date=patient.ended_on)]})
    if patient.consent_on is not None:
        raise ValidationError({"consent_on": [messages.CONSENT_EXISTS.format(date=patient.consent_on)]})
    errors: dict[str, list[str]] = {}
    if consent_on in (None, ""):
        errors["consent_on"] = [messages.DATE_REQUIRED.format(field="知情同意日期")]
    day, signer, guardian = _consent(
        consent_on=consent_on, signer=consent_signer, guardian=guardian_name, errors=errors
    )
    if errors:
        raise ValidationError(errors)
    before = snapshot(patient, FIELDS)
    patient.consent_on, patient.consent_signer, patient.guardian_name = day, signer, guardian
    patient.save(update_fields=["consent_on", "consent_signer", "guardian_name", "updated_at"])
    audit_record(
        actor=actor,
        action="disability.rehab_patient.consented",
        obj=patient,
        before=before,
        after=snapshot(patient, FIELDS),
    )
    return patient


@transaction.atomic
def patient_end(
    *, actor: User, patient: RehabPatient, ended_on: dt.date | str | None, end_reason: str
) -> RehabPatient:
    _authorize(actor, patient)
    patient = RehabPatient.objects.select_for_update().get(pk=patient.pk)
    if patient.ended_on is not None:
        raise ValidationError({"ended_on": [messages.PATIENT_ENDED.format(date=patient.ended_on)]})
    errors: dict[str, list[str]] = {}
    day = clean_date(ended_on, key="ended_on", label="结案日期", errors=errors)
    if day is not None and day < patient.registered_on:
        errors["ended_on"] = [messages.ENDED_BEFORE_REGISTERED.format(date=patient.registered_on)]
    reason = text(end_reason)
    if not reason or len(reason) > REASON_MAX:
        errors["end_reason"] = [messages.END_REASON_REQUIRED.format(max=REASON_MAX)]
    if errors:
        raise ValidationError(errors)
    before = snapshot(patient, FIELDS)
    patient.ended_on, patient.end_reason = day, reason
    patient.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="disability.rehab_patient.ended",
        obj=patient,
        before=before,
        after=snapshot(patient, FIELDS),
    )
    return patient
