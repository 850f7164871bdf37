"""Writes on disability certificates: record one for a person, revoke one. Each runs in one
transaction, checks its input (Chinese ``ValidationError`` keyed by field), writes one audit
entry ``assistance.disability_certificate.<verb>`` and returns the certificate. A person outside
the actor's scope answers 404; the permission is ``assistance.manage_disability_certificates``."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.assistance import messages
from minzheng.assistance.codes import GRADES, KIND_DIGITS, DisabilityKind
from minzheng.assistance.disability.models import DisabilityCertificate
from minzheng.core import crypto
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.masking import mask_id_number
from minzheng.core.models import User
from minzheng.core.pii import digests
from minzheng.core.scope import scope_for
from minzheng.people.models import Person

PERMISSION = "assistance.manage_disability_certificates"
PURPOSE = "disability_certificate"
FIELDS = ["person", "kind", "grade", "number_masked", "issued_on", "valid_until", "revoked_on", "revoked_reason"]


def _authorize(actor: User, region_code: str) -> None:
    if not scope_for(actor).contains(region_code):
        raise Http404(core_messages.NOT_FOUND)
    if not actor.has_perm(PERMISSION):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)


def clean_number(*, person: Person, number: str, kind: str, grade: int) -> str:
    """The 20-character number: the holder's own ID number, then the kind and grade digits."""
    number = (number or "").strip().upper()
    if len(number) != 20 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X") \
            or not number[18:].isdigit():
        raise ValidationError({"number": [messages.CERT_NUMBER_INVALID]})
    if person.id_number_digest not in digests("id_number", number[:18]):  # either key, mid-rotation
        raise ValidationError({"number": [messages.CERT_NUMBER_NOT_PERSON]})
    if number[18] != KIND_DIGITS[kind] or number[19] != str(grade):
        raise ValidationError({"number": [messages.CERT_NUMBER_MISMATCH.format(
            kind=DisabilityKind(kind).label, grade=grade)]})
    return number


@transaction.atomic
def disability_certificate_record(
    *,
    actor: User,
    person: Person,
    kind: str,
    grade: int,
    number: str,
    issued_on: dt.date,
    valid_until: dt.date | None = None,
) -> DisabilityCertificate:
    """Record a living person's certificate. The number is checked against the holder's ID number
    and the kind and grade, stored encrypted with a blind index (one certificate per number) and
    shown masked."""
    _authorize(actor, person.region_code)
    if person.status == Person.Status.DECEASED:
        raise ValidationError({"person": [messages.CERT_PERSON_DECEASED]})
    if kind not in DisabilityKind.values:
        raise ValidationError({"kind": [messages.CERT_KIND_INVALID]})
    if grade not in GRADES:
        raise ValidationError({"grade": [messages.CERT_GRADE_INVALID]})
    number = clean_number(person=person, number=number, kind=kind, grade=grade)
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": [messages.CERT_ISSUED_FUTURE]})
    if valid_until is not None and valid_until < issued_on:
        raise ValidationError({"valid_until": [messages.CERT_DATES_INVALID]})
    number_digest = crypto.blind_index(number, purpose=PURPOSE)
    if DisabilityCertificate.objects.filter(number_digest__in=crypto.blind_indexes(number, purpose=PURPOSE)).exists():
        raise ValidationError({"number": [messages.CERT_NUMBER_EXISTS]})
    certificate = DisabilityCertificate(
        person=person, region_code=person.region_code, kind=kind, grade=grade,
        number_cipher=crypto.encrypt(number, purpose=PURPOSE), number_digest=number_digest,
        number_masked=mask_id_number(number), issued_on=issued_on, valid_until=valid_until, created_by=actor)
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError as exc:  # the same number recorded concurrently
        raise ValidationError({"number": [messages.CERT_NUMBER_EXISTS]}) from exc
    audit_record(actor=actor, action="assistance.disability_certificate.recorded", obj=certificate,
                 after=snapshot(certificate, FIELDS))
    return certificate


@transaction.atomic
def disability_certificate_revoke(*, actor: User, certificate: DisabilityCertificate, reason: str,
                                  on: dt.date | None = None) -> DisabilityCertificate:
    """Revoke a certificate (re-assessed, expired, holder moved away): from ``on`` it no longer
    counts for any subsidy. The row stays, for the history."""
    _authorize(actor, certificate.region_code)
    certificate = DisabilityCertificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_on is not None:
        raise ValidationError({"revoked_on": [messages.CERT_ALREADY_REVOKED]})
    reason = (reason or "").strip()[:200]
    if not reason:
        raise ValidationError({"reason": [messages.CERT_REVOKE_REASON_REQUIRED]})
    before = snapshot(certificate, FIELDS)
    certificate.revoked_on, certificate.revoked_reason = on or timezone.localdate(), reason
    certificate.save(update_fields=["revoked_on", "revoked_reason"])
    audit_record(actor=actor, action="assistance.disability_certificate.revoked", obj=certificate,
                 before=before, after=snapshot(certificate, FIELDS))
    return certificate
