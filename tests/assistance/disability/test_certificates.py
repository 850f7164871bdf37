"""Recording and revoking disability certificates: the number is the holder's ID plus kind and
grade, stored encrypted and masked, one per number; scope, permission and audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.assistance import messages
from minzheng.assistance.disability.models import DisabilityCertificate
from minzheng.assistance.disability.selectors import certificates_of, certificates_valid
from minzheng.assistance.disability.services import (
    disability_certificate_record,
    disability_certificate_revoke,
)
from minzheng.core import crypto
from minzheng.core.models import AuditEntry
from tests.assistance.factories import certificate_for, person_born
from tests.benefits.factories import deceased
from tests.personas import OTHER_COUNTY_VILLAGE, Personas


@pytest.fixture
def holder(personas: Personas):  # type: ignore[no-untyped-def]
    return person_born(dt.date(1975, 3, 9))


def test_a_certificate_is_stored_encrypted_and_masked_with_one_audit_entry(personas: Personas, holder) -> None:
    person, raw = holder
    cert = certificate_for(personas.aishan_officer, person, raw, kind="intellectual", grade=3)
    stored = DisabilityCertificate.objects.get(pk=cert.pk)
    assert raw not in stored.number_cipher and raw not in stored.number_masked
    assert stored.number_masked == raw[:6] + "*" * 10 + raw[-2:] + "53"
    assert crypto.decrypt(stored.number_cipher, purpose="disability_certificate") == f"{raw}53"
    entries = AuditEntry.objects.filter(action="assistance.disability_certificate.recorded")
    assert entries.count() == 1 and raw not in str(entries.get().after)


def test_the_number_must_be_the_holders_id_with_kind_and_grade(personas: Personas, holder) -> None:
    person, raw = holder
    _, other_raw = person_born(dt.date(1976, 1, 1))
    cases = [("123", messages.CERT_NUMBER_INVALID), (f"{other_raw}41", messages.CERT_NUMBER_NOT_PERSON),
             (f"{raw}42", messages.CERT_NUMBER_MISMATCH.format(kind="肢体", grade=1))]
    for number, message in cases:
        with pytest.raises(ValidationError) as caught:
            disability_certificate_record(actor=personas.aishan_officer, person=person, kind="physical", grade=1,
                                          number=number, issued_on=dt.date(2020, 1, 1))
        assert caught.value.message_dict == {"number": [message]}


def test_a_number_is_recorded_once(personas: Personas, holder) -> None:
    person, raw = holder
    certificate_for(personas.aishan_officer, person, raw)
    with pytest.raises(ValidationError) as caught:
        certificate_for(personas.aishan_officer, person, raw)
    assert caught.value.message_dict == {"number": [messages.CERT_NUMBER_EXISTS]}


@pytest.mark.parametrize(("field", "kwargs", "message"), [
    ("grade", {"grade": 5}, messages.CERT_GRADE_INVALID),
    ("kind", {"kind": "other"}, messages.CERT_KIND_INVALID),
    ("valid_until", {"valid_until": dt.date(2019, 12, 31)}, messages.CERT_DATES_INVALID),
    ("issued_on", {"issued_on": dt.date(2999, 1, 1)}, messages.CERT_ISSUED_FUTURE),
])
def test_bad_fields_are_named(personas: Personas, holder, field: str, kwargs: dict, message: str) -> None:
    person, raw = holder
    values = {"kind": "physical", "grade": 1, "issued_on": dt.date(2020, 1, 1), "number": f"{raw}41", **kwargs}
    with pytest.raises(ValidationError) as caught:
        disability_certificate_record(actor=personas.aishan_officer, person=person, **values)
    assert caught.value.message_dict == {field: [message]}


def test_a_deceased_person_gets_no_certificate(personas: Personas, holder) -> None:
    person, raw = holder
    deceased(person)
    with pytest.raises(ValidationError):
        certificate_for(personas.aishan_officer, person, raw)


def test_another_townships_person_is_not_found_and_a_worker_may_not_record(personas: Personas) -> None:
    person, raw = person_born(dt.date(1970, 1, 1), region_code=OTHER_COUNTY_VILLAGE)
    with pytest.raises(Http404):
        certificate_for(personas.aishan_officer, person, raw)
    mine, mine_raw = person_born(dt.date(1970, 1, 2))
    with pytest.raises(PermissionDenied):
        certificate_for(personas.village_worker, mine, mine_raw)


def test_validity_by_month_follows_issue_expiry_and_revocation(personas: Personas, holder) -> None:
    person, raw = holder
    cert = certificate_for(personas.aishan_officer, person, raw, grade=2, issued_on=dt.date(2024, 3, 20),
                           valid_until=dt.date(2024, 8, 1))
    assert certificates_valid(person=person, month=dt.date(2024, 2, 1)) == []
    assert certificates_valid(person=person, month=dt.date(2024, 3, 1)) == [{"kind": "physical", "grade": 2}]
    assert certificates_valid(person=person, month=dt.date(2024, 8, 1)) != []
    assert certificates_valid(person=person, month=dt.date(2024, 9, 1)) == []
    disability_certificate_revoke(actor=personas.aishan_officer, certificate=cert, reason="重新评定",
                                  on=dt.date(2024, 5, 10))
    assert certificates_valid(person=person, month=dt.date(2024, 5, 1)) != []
    assert certificates_valid(person=person, month=dt.date(2024, 6, 1)) == []
    with pytest.raises(ValidationError):
        disability_certificate_revoke(actor=personas.aishan_officer, certificate=cert, reason="再次")
    assert AuditEntry.objects.filter(action="assistance.disability_certificate.revoked").count() == 1


def test_certificates_are_read_through_the_scope(personas: Personas, holder) -> None:
    person, raw = holder
    certificate_for(personas.aishan_officer, person, raw)
    assert certificates_of(user=personas.aishan_officer, person=person).count() == 1
    assert certificates_of(user=personas.anji_officer, person=person).count() == 0
