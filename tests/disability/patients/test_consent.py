"""Registering patients and their consent: consent is all of a day and a signer (and a guardian's
name when the guardian signs) or nothing; no service can be recorded without it, or before it,
by the service and by the database itself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from minzheng.core.models import AuditEntry
from minzheng.disability import messages
from minzheng.disability.patients import services
from minzheng.disability.patients.models import RehabPatient
from minzheng.disability.records import services as record_services
from minzheng.disability.records.models import RehabService
from tests.disability.conftest import Rehab, patient, resident, services_for
from tests.eldercare.beds.conftest import fresh
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def test_a_township_officer_registers_a_patient_with_the_guardians_consent(
    personas: Personas, rehab: Rehab
) -> None:
    p = patient(personas.aishan_officer, rehab.wuxing, signer="guardian")
    assert p.consent_signer == "guardian" and p.guardian_name == "王监护"
    assert p.region_code == p.person.region_code
    entry = AuditEntry.objects.get(action="disability.rehab_patient.registered")
    assert p.person.name not in entry.object_repr  # the audit names the patient masked


def test_consent_signed_by_a_guardian_needs_the_guardians_name(personas: Personas, rehab: Rehab) -> None:
    with pytest.raises(ValidationError) as exc:
        services.patient_register(
            actor=personas.aishan_officer,
            person=resident()[0],
            organization=rehab.wuxing,
            diagnosis="bipolar",
            severity="mild",
            registered_on=dt.date(2024, 1, 5),
            consent_on=dt.date(2024, 1, 5),
            consent_signer="guardian",
        )
    assert exc.value.message_dict["guardian_name"][0].startswith("监护人姓名：")
    assert not RehabPatient.objects.exists()


def test_a_consent_day_without_a_signer_and_bad_choices_are_refused_together(
    personas: Personas, rehab: Rehab
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.patient_register(
            actor=personas.aishan_officer,
            person=resident()[0],
            organization=rehab.wuxing,
            diagnosis="flu",
            severity="extreme",
            registered_on="2024-13-01",
            consent_on=dt.date(2024, 1, 5),
        )
    errors = exc.value.message_dict
    assert errors["diagnosis"] == [messages.DIAGNOSIS_INVALID]
    assert errors["severity"] == [messages.SEVERITY_INVALID]
    assert errors["registered_on"] == [messages.DATE_INVALID.format(field="在册日期")]
    assert errors["consent_signer"] == [messages.SIGNER_REQUIRED]


def test_a_person_is_on_the_register_once_and_a_person_elsewhere_is_not_found(
    personas: Personas, rehab: Rehab
) -> None:
    first = patient(personas.aishan_officer, rehab.wuxing)
    with pytest.raises(ValidationError) as exc:
        patient(personas.aishan_officer, rehab.wuxing, person=first.person)
    assert exc.value.message_dict["person"] == [messages.PERSON_ACTIVE.format(pk=first.pk)]
    with pytest.raises(Http404):
        patient(personas.aishan_officer, rehab.anji, region_code=OTHER_COUNTY_VILLAGE)


def test_a_village_worker_may_not_register_patients(personas: Personas, rehab: Rehab) -> None:
    with pytest.raises(PermissionDenied):
        patient(personas.village_worker, rehab.wuxing)


def test_no_service_without_consent_then_consent_recorded_later_allows_it(
    personas: Personas, rehab: Rehab
) -> None:
    p = patient(personas.aishan_officer, rehab.wuxing, consent_on=None)
    with pytest.raises(ValidationError) as exc:
        services_for(rehab.op_a, p, rehab.wuxing, [dt.date(2024, 3, 1)])
    assert exc.value.message_dict["patient"] == [messages.NO_CONSENT]
    assert not RehabService.objects.exists()
    services.patient_consent_record(
        actor=personas.aishan_officer, patient=p, consent_on=dt.date(2024, 2, 1), consent_signer="patient"
    )
    p.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services_for(rehab.op_a, p, rehab.wuxing, [dt.date(2024, 1, 20)])
    assert exc.value.message_dict["served_on"] == [messages.BEFORE_CONSENT.format(date=dt.date(2024, 2, 1))]
    [service] = services_for(rehab.op_a, p, rehab.wuxing, [dt.date(2024, 3, 1)])
    assert service.consent_on == dt.date(2024, 2, 1)
    with pytest.raises(ValidationError) as exc:
        services.patient_consent_record(
            actor=personas.aishan_officer, patient=p, consent_on=dt.date(2024, 2, 2), consent_signer="patient"
        )
    assert "知情同意日期" in exc.value.message_dict["consent_on"][0]


def test_the_database_refuses_a_service_before_the_consent_day(personas: Personas, rehab: Rehab) -> None:
    p = patient(personas.aishan_officer, rehab.wuxing, consent_on=dt.date(2024, 2, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        RehabService.objects.create(
            patient=p,
            facility=rehab.wuxing,
            region_code=p.region_code,
            kind="medication",
            served_on=dt.date(2024, 1, 1),
            minutes=30,
            staff="李",
            consent_on=dt.date(2024, 2, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RehabPatient.objects.filter(pk=p.pk).update(consent_signer="guardian")  # a guardian with no name


def test_ending_a_patient_stops_later_services_and_keeps_the_row(personas: Personas, rehab: Rehab) -> None:
    p = patient(personas.aishan_officer, rehab.wuxing)
    with pytest.raises(ValidationError) as exc:
        services.patient_end(
            actor=personas.aishan_officer, patient=p, ended_on=dt.date(2024, 6, 30), end_reason=""
        )
    assert "end_reason" in exc.value.message_dict
    services.patient_end(
        actor=personas.aishan_officer, patient=p, ended_on=dt.date(2024, 6, 30), end_reason="迁出"
    )
    p.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services_for(rehab.op_a, p, rehab.wuxing, [dt.date(2024, 7, 1)])
    assert exc.value.message_dict["served_on"] == [messages.AFTER_ENDED.format(date=dt.date(2024, 6, 30))]
    assert RehabPatient.objects.filter(pk=p.pk).exists()


def test_an_operator_records_only_at_their_own_facility_and_for_their_own_patients(
    personas: Personas, rehab: Rehab
) -> None:
    mine = patient(personas.aishan_officer, rehab.wuxing)
    theirs = patient(personas.anji_officer, rehab.anji, region_code=OTHER_COUNTY_VILLAGE)
    with pytest.raises(ValidationError) as exc:
        services_for(rehab.op_a, mine, rehab.anji, [dt.date(2024, 3, 1)])
    assert exc.value.message_dict["facility"] == [messages.SERVICE_FACILITY_NOT_YOURS]
    with pytest.raises(Http404):
        services_for(rehab.op_a, theirs, rehab.wuxing, [dt.date(2024, 3, 1)])
    with pytest.raises(PermissionDenied):  # officers read, the organizations record
        record_services.service_record(
            actor=fresh(personas.aishan_officer),
            patient=mine,
            facility=rehab.wuxing,
            kind="medication",
            served_on=dt.date(2024, 3, 1),
            minutes=30,
            staff="李",
        )


def test_bad_service_input_is_refused_field_by_field(personas: Personas, rehab: Rehab) -> None:
    p = patient(personas.aishan_officer, rehab.wuxing)
    with pytest.raises(ValidationError) as exc:
        record_services.service_record(
            actor=fresh(rehab.op_a),
            patient=p,
            facility=rehab.wuxing,
            kind="massage",
            served_on="2999-01-01",
            minutes="0",
            staff="",
        )
    errors = exc.value.message_dict
    assert errors["kind"] == [messages.SERVICE_KIND_INVALID]
    assert errors["served_on"] == [messages.DATE_FUTURE.format(field="服务日期")]
    assert errors["minutes"] == [messages.MINUTES_INVALID.format(max=480)]
    assert errors["staff"][0].startswith("服务人员：")
    assert not RehabService.objects.exists()
