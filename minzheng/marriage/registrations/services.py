"""Writes of the registry of marriages, by marriage registrars (``marriage.register_marriages``) at
the offices of their county. Each checks its input (a Chinese ``ValidationError`` keyed by the
field), runs in one transaction and writes one audit entry ``marriage.<object>.<verb>`` in it.

- ``marriage_register``: both parties found by ID number (entered through ``people.services`` when
  unknown: 全国通办 brings parties from anywhere), the registrar's attestation that both are
  present, the two declarations, and every legal check of ``rules.checks`` against OUR records (a
  party whose status here is married is refused whatever they declare); a marriage certificate
  numbered in the office's series; both statuses become married.
- ``divorce_apply``, ``divorce_withdraw``, ``divorce_register``, ``divorces_lapse``: the divorce by
  agreement through its timeline (``rules.timeline``).
- ``certificate_replace`` (补领) and ``court_mark_record`` (无效/撤销婚姻).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core import pii
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.idnumber import IdNumberError, parse_id_number
from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for
from minzheng.facilities.sites.models import Facility
from minzheng.marriage import messages
from minzheng.marriage.permissions import REGISTER
from minzheng.marriage.registrations.certificates import certificate_issue
from minzheng.marriage.registrations.models import (
    Certificate,
    CertificateKind,
    CourtMark,
    DivorceApplication,
    MaritalState,
    MaritalStatusChange,
    Marriage,
)
from minzheng.marriage.registrations.statuses import state_of, status_of, status_set
from minzheng.marriage.rules.ages import age_on
from minzheng.marriage.rules.checks import Party, marriage_failures
from minzheng.marriage.rules.timeline import divorce_timeline
from minzheng.people.models import Person
from minzheng.people.services import person_create

MARRIAGE_FIELDS = ("office", "husband", "wife", "registered_on", "both_present", "declared_not_married",
                   "declared_no_prohibited_relationship", "status", "ended_on")
DIVORCE_FIELDS = ("marriage", "office", "applied_on", "cooling_off_ends", "appear_by", "status", "withdrawn_by",
                  "closed_on", "both_present")
AGREEMENT_MAX = 4000
PARTY_KEYS = ("husband_id_number", "wife_id_number")


def require(actor: User | None) -> None:
    if actor is None or not actor.has_perm(REGISTER):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)


def clean_day(value: Any, *, key: str, label: str, future_ok: bool = False) -> dt.date:
    """A date from a form or the API, or a ValidationError under ``key`` naming ``label``."""
    if value in (None, ""):
        raise ValidationError({key: [messages.DATE_REQUIRED.format(field=label)]})
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError({key: [messages.DATE_INVALID.format(field=label)]}) from None
    if not isinstance(value, dt.date):
        raise ValidationError({key: [messages.DATE_INVALID.format(field=label)]})
    if not future_ok and value > timezone.localdate():
        raise ValidationError({key: [f"{label}：不能晚于今天"]})
    return value


def office_checked(actor: User, office: Facility | None) -> Facility:
    """The office, in the actor's scope (404 otherwise), a marriage office that is not closed."""
    if office is None:
        raise ValidationError({"office": [messages.OFFICE_REQUIRED]})
    if not scope_for(actor).contains(office.region_code):
        raise Http404(core_messages.NOT_FOUND)
    if office.kind != Facility.Kind.MARRIAGE_OFFICE:
        raise ValidationError({"office": [messages.OFFICE_NOT_MARRIAGE]})
    if office.status == Facility.Status.CLOSED:
        raise ValidationError({"office": [messages.OFFICE_CLOSED]})
    return office


def _in_scope(actor: User, row: Any) -> None:
    if row is None or not scope_for(actor).contains(row.region_code):
        raise Http404(core_messages.NOT_FOUND)


def person_by_id_number(id_number: str) -> Person | None:
    return Person.objects.filter(id_number_digest__in=pii.digests("id_number", id_number)).first()


def _party(
    *, actor: User, key: str, label: str, gender: str, id_number: str, name: str, region_code: str,
    address_text: str,
) -> Person:
    """The registry person with this ID number, entered when unknown (with ``region_code`` as
    where they live; a party from outside the city is entered at the office's place)."""
    try:
        parsed = parse_id_number(id_number)
    except IdNumberError as exc:
        raise ValidationError({key: [messages.PARTY_ID_INVALID.format(party=label, reason=exc)]}) from exc
    if parsed.gender != gender:
        reason = f"该身份证号为{messages.GENDER_LABELS[parsed.gender]}性"
        raise ValidationError({key: [messages.PARTY_ID_INVALID.format(party=label, reason=reason)]})
    person = person_by_id_number(parsed.value)
    if person is not None:
        return person
    name_key = key.replace("id_number", "name")
    if not (name or "").strip():
        raise ValidationError({name_key: [messages.PARTY_NAME_REQUIRED.format(party=label)]})
    if not region_code:
        raise ValidationError({"residence_region_code": [messages.PARTY_REGION_REQUIRED.format(party=label)]})
    try:
        return person_create(actor=actor, id_number=parsed.value, name=name, region_code=region_code,
                             address_text=address_text)
    except ValidationError as exc:
        raise ValidationError({
            (name_key if k == "name" else "residence_region_code" if k == "region_code" else key): v
            for k, v in exc.message_dict.items()
        }) from exc


def _default_residence(office: Facility) -> str:
    """The office's own village or community, where a party from elsewhere is entered."""
    level = Region.objects.filter(code=office.region_code).values_list("level", flat=True).first()
    return office.region_code if level == "village" else ""


def _failures_as_errors(failures: list[Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for failure in failures:
        key = PARTY_KEYS[failure.party] if failure.party is not None else "__all__"
        errors.setdefault(key, []).append(failure.text)
    return errors


def marriage_facts(husband: Person, wife: Person) -> list[Party]:
    """The two parties as the rules see them, from our records: the registry's marital status
    (not what they declare) and whether the person registry knows them dead."""
    return [
        Party(gender=p.gender, birth_date=p.birth_date, marital_status=state_of(p), alive=p.status == Person.Status.ALIVE)
        for p in (husband, wife)
    ]


@transaction.atomic
def marriage_register(
    *,
    actor: User,
    office: Facility | None,
    registered_on: Any,
    husband_id_number: str,
    wife_id_number: str,
    both_present: bool,
    declared_not_married: bool,
    declared_no_prohibited_relationship: bool,
    husband_name: str = "",
    wife_name: str = "",
    residence_region_code: str = "",
    address_text: str = "",
) -> Marriage:
    require(actor)
    office = office_checked(actor, office)
    day = clean_day(registered_on, key="registered_on", label="登记日期")
    errors: dict[str, list[str]] = {}
    if not both_present:
        errors["both_present"] = [messages.BOTH_PRESENT_REQUIRED]
    if not declared_not_married:
        errors["declared_not_married"] = [messages.DECLARED_NOT_MARRIED_REQUIRED]
    if errors:
        raise ValidationError(errors)
    region = residence_region_code or _default_residence(office)
    husband = _party(actor=actor, key="husband_id_number", label="男方", gender="M", id_number=husband_id_number,
                     name=husband_name, region_code=region, address_text=address_text)
    wife = _party(actor=actor, key="wife_id_number", label="女方", gender="F", id_number=wife_id_number,
                  name=wife_name, region_code=region, address_text=address_text)
    # Both persons locked, in one order, so that two offices cannot marry one person at once.
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[husband.pk, wife.pk]).order_by("pk")}
    husband, wife = locked[husband.pk], locked[wife.pk]
    failures = marriage_failures(
        registration_date=day, parties=marriage_facts(husband, wife),
        prohibited_relationship_declared_absent=bool(declared_no_prohibited_relationship),
    )
    if failures:
        raise ValidationError(_failures_as_errors(failures))
    marriage = Marriage.objects.create(
        office=office, region_code=office.region_code, husband=husband, wife=wife, registered_on=day,
        husband_age=age_on(husband.birth_date, day), wife_age=age_on(wife.birth_date, day), both_present=True,
        declared_not_married=True, declared_no_prohibited_relationship=True, created_by=actor,
    )
    certificate = certificate_issue(office=office, kind=CertificateKind.MARRIAGE, issued_on=day, marriage=marriage)
    for person, spouse in ((husband, wife), (wife, husband)):
        status_set(person=person, status=MaritalState.MARRIED, on=day, cause=MaritalStatusChange.Cause.MARRIAGE,
                   region_code=office.region_code, spouse=spouse, marriage=marriage)
    audit_record(actor=actor, action="marriage.marriage.registered", obj=marriage,
                 after={**snapshot(marriage, MARRIAGE_FIELDS), "certificate": certificate.number})
    return marriage


def _marriage_locked(actor: User, marriage: Marriage) -> Marriage:
    _in_scope(actor, marriage)
    return Marriage.objects.select_for_update().select_related("husband", "wife").get(pk=marriage.pk)


def _both_alive(marriage: Marriage, key: str) -> None:
    for label, person in (("男方", marriage.husband), ("女方", marriage.wife)):
        if person.status != Person.Status.ALIVE:
            raise ValidationError({key: [messages.PARTY_DIED.format(party=label)]})


def _text(value: Any, *, key: str, label: str, limit: int, required: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationError({key: [required]})
    if len(text) > limit:
        raise ValidationError({key: [messages.TEXT_TOO_LONG.format(field=label, limit=limit)]})
    return text


@transaction.atomic
def divorce_apply(
    *, actor: User, marriage: Marriage, office: Facility | None, applied_on: Any, agreement: str
) -> DivorceApplication:
    """Receive a divorce by agreement, with the written agreement (its text or a file reference);
    the cooling-off and the window to appear follow from the day (``rules.timeline``)."""
    require(actor)
    marriage = _marriage_locked(actor, marriage)
    office = office_checked(actor, office)
    day = clean_day(applied_on, key="applied_on", label="申请日期")
    text = _text(agreement, key="agreement", label="离婚协议", limit=AGREEMENT_MAX, required=messages.AGREEMENT_REQUIRED)
    if marriage.status != Marriage.Status.VALID:
        raise ValidationError({"marriage": [messages.MARRIAGE_NOT_VALID.format(status=marriage.get_status_display())]})
    if day < marriage.registered_on:
        raise ValidationError({"applied_on": [messages.APPLIED_BEFORE_MARRIAGE.format(date=marriage.registered_on)]})
    pending = DivorceApplication.objects.filter(marriage=marriage, status=DivorceApplication.Status.PENDING).first()
    if pending is not None:
        raise ValidationError({"marriage": [messages.DIVORCE_PENDING.format(applied_on=pending.applied_on)]})
    _both_alive(marriage, "marriage")
    timeline = divorce_timeline(day)
    application = DivorceApplication.objects.create(
        marriage=marriage, office=office, region_code=office.region_code, applied_on=day, agreement=text,
        cooling_off_ends=timeline.cooling_off_ends, appear_by=timeline.appear_by, created_by=actor,
    )
    audit_record(actor=actor, action="marriage.divorce.applied", obj=application,
                 after=snapshot(application, DIVORCE_FIELDS))
    return application


def _pending_locked(actor: User, application: DivorceApplication) -> DivorceApplication:
    _in_scope(actor, application)
    row = DivorceApplication.objects.select_for_update().select_related("marriage__husband", "marriage__wife").get(
        pk=application.pk
    )
    if row.status != DivorceApplication.Status.PENDING:
        raise ValidationError({"application": [messages.NOT_PENDING.format(status=row.get_status_display())]})
    return row


@transaction.atomic
def divorce_withdraw(
    *, actor: User, application: DivorceApplication, party: str, withdrawn_on: Any = None
) -> DivorceApplication:
    """Either party withdraws, on a day of the cooling-off (Civil Code art. 1077)."""
    require(actor)
    row = _pending_locked(actor, application)
    day = clean_day(withdrawn_on or timezone.localdate(), key="withdrawn_on", label="撤回日期")
    if party not in ("husband", "wife"):
        raise ValidationError({"party": [messages.WITHDRAW_BY_REQUIRED]})
    if day < row.applied_on:
        raise ValidationError({"withdrawn_on": [messages.WITHDRAW_BEFORE_APPLIED.format(date=row.applied_on)]})
    if day > row.cooling_off_ends:
        raise ValidationError({"withdrawn_on": [messages.WITHDRAW_AFTER_COOLING.format(date=row.cooling_off_ends)]})
    before = snapshot(row, DIVORCE_FIELDS)
    row.status, row.closed_on = DivorceApplication.Status.WITHDRAWN, day
    row.withdrawn_by = row.marriage.husband if party == "husband" else row.marriage.wife
    row.save(update_fields=["status", "closed_on", "withdrawn_by"])
    audit_record(actor=actor, action="marriage.divorce.withdrawn", obj=row, before=before,
                 after=snapshot(row, DIVORCE_FIELDS))
    return row


@transaction.atomic
def divorce_register(
    *, actor: User, application: DivorceApplication, both_present: bool, registered_on: Any = None
) -> Certificate:
    """Both came in person in the window after the cooling-off: the divorce certificate, the
    marriage ended, both statuses divorced."""
    require(actor)
    row = _pending_locked(actor, application)
    day = clean_day(registered_on or timezone.localdate(), key="registered_on", label="登记日期")
    if not both_present:
        raise ValidationError({"both_present": [messages.BOTH_PRESENT_REQUIRED]})
    if day <= row.cooling_off_ends:
        raise ValidationError({"registered_on": [messages.REGISTER_BEFORE_WINDOW.format(date=row.cooling_off_ends)]})
    if day > row.appear_by:
        raise ValidationError({"registered_on": [messages.REGISTER_AFTER_WINDOW.format(date=row.appear_by)]})
    marriage = Marriage.objects.select_for_update().select_related("husband", "wife").get(pk=row.marriage_id)
    _both_alive(marriage, "application")
    before = snapshot(row, DIVORCE_FIELDS)
    row.status, row.closed_on, row.both_present = DivorceApplication.Status.REGISTERED, day, True
    row.save(update_fields=["status", "closed_on", "both_present"])
    marriage.status, marriage.ended_on = Marriage.Status.DIVORCED, day
    marriage.save(update_fields=["status", "ended_on"])
    office = Facility.objects.get(pk=row.office_id)
    certificate = certificate_issue(office=office, kind=CertificateKind.DIVORCE, issued_on=day, marriage=marriage,
                                    divorce=row)
    for person in (marriage.husband, marriage.wife):
        status_set(person=person, status=MaritalState.DIVORCED, on=day, cause=MaritalStatusChange.Cause.DIVORCE,
                   region_code=row.region_code, marriage=marriage)
    audit_record(actor=actor, action="marriage.divorce.registered", obj=row, before=before,
                 after={**snapshot(row, DIVORCE_FIELDS), "certificate": certificate.number})
    return certificate


@transaction.atomic
def divorces_lapse(*, as_of: dt.date | None = None, actor: User | None = None) -> int:
    """Mark as deemed withdrawn (视为撤回) every pending application whose window to appear ended
    before ``as_of`` (today by default). Its closing day is the day after the window, whenever
    the job runs, so a second run, or a late one, writes the same thing. Returns how many."""
    day = as_of or timezone.localdate()
    lapsed = list(
        DivorceApplication.objects.select_for_update()
        .filter(status=DivorceApplication.Status.PENDING, appear_by__lt=day)
        .order_by("pk")
    )
    for row in lapsed:
        before = snapshot(row, DIVORCE_FIELDS)
        row.status, row.closed_on = DivorceApplication.Status.LAPSED, row.appear_by + dt.timedelta(days=1)
        row.save(update_fields=["status", "closed_on"])
        audit_record(actor=actor, action="marriage.divorce.lapsed", obj=row, before=before,
                     after=snapshot(row, DIVORCE_FIELDS))
    return len(lapsed)


@transaction.atomic
def certificate_replace(
    *, actor: User, certificate: Certificate, office: Facility | None, reason: str, issued_on: Any = None
) -> Certificate:
    """补领: a new certificate with a new number in the office's replacement series (BJ or BL),
    the old one marked replaced. Any office may do it (全国通办)."""
    require(actor)
    office = office_checked(actor, office)
    _in_scope(actor, certificate)
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    day = clean_day(issued_on or timezone.localdate(), key="issued_on", label="补领日期")
    text = _text(reason, key="reason", label="补领原因", limit=200, required=messages.REPLACE_REASON_REQUIRED)
    if old.status != Certificate.Status.VALID:
        raise ValidationError({"certificate": [messages.CERTIFICATE_NOT_VALID.format(status=old.get_status_display())]})
    kind = CertificateKind.MARRIAGE_REPLACEMENT if old.kind in ("J", "BJ") else CertificateKind.DIVORCE_REPLACEMENT
    marriage = Marriage.objects.get(pk=old.marriage_id)
    if kind == CertificateKind.MARRIAGE_REPLACEMENT and marriage.status != Marriage.Status.VALID:
        raise ValidationError({"certificate": [messages.MARRIAGE_NOT_VALID.format(status=marriage.get_status_display())]})
    old.status = Certificate.Status.REPLACED
    old.save(update_fields=["status"])
    new = certificate_issue(office=office, kind=kind, issued_on=day, marriage=marriage, divorce=old.divorce,
                            holder=old.holder, replaces=old, replace_reason=text)
    audit_record(actor=actor, action="marriage.certificate.replaced", obj=new,
                 before={"number": old.number, "status": Certificate.Status.VALID},
                 after={"number": new.number, "replaces": old.number, "reason": text})
    return new


@transaction.atomic
def court_mark_record(
    *, actor: User, marriage: Marriage, kind: str, court: str, judgment_number: str, effective_on: Any
) -> CourtMark:
    """A court's judgment that a marriage is void or annulled: void from the start (Civil Code
    art. 1054), so each party whose status here still comes from this marriage gets back the
    status they had before it; the marriage's certificates lose their force."""
    require(actor)
    marriage = _marriage_locked(actor, marriage)
    if kind not in CourtMark.Kind.values:
        raise ValidationError({"kind": [messages.COURT_KIND_INVALID]})
    court_name = _text(court, key="court", label="法院", limit=100, required=messages.COURT_NAME_REQUIRED)
    number = _text(judgment_number, key="judgment_number", label="判决文书号", limit=100,
                   required=messages.JUDGMENT_REQUIRED)
    day = clean_day(effective_on, key="effective_on", label="生效日期")
    if marriage.status in (Marriage.Status.VOID, Marriage.Status.ANNULLED):
        raise ValidationError({"marriage": [messages.COURT_ALREADY.format(status=marriage.get_status_display())]})
    if day < marriage.registered_on:
        raise ValidationError({"effective_on": [messages.EFFECTIVE_BEFORE_MARRIAGE.format(date=marriage.registered_on)]})
    before = snapshot(marriage, MARRIAGE_FIELDS)
    marriage.status = kind
    marriage.ended_on = marriage.ended_on or day
    marriage.save(update_fields=["status", "ended_on"])
    mark = CourtMark.objects.create(marriage=marriage, region_code=marriage.region_code, kind=kind, court=court_name,
                                    judgment_number=number, effective_on=day, created_by=actor)
    Certificate.objects.filter(marriage=marriage, status=Certificate.Status.VALID).update(
        status=Certificate.Status.VOIDED
    )
    for person in (marriage.husband, marriage.wife):
        current = status_of(person, lock=True)
        if current is None or current.marriage_id != marriage.pk:
            continue  # their status here already comes from a later event: left as it is
        entered = MaritalStatusChange.objects.filter(
            person=person, marriage=marriage, cause=MaritalStatusChange.Cause.MARRIAGE
        ).first()
        status_set(person=person, status=entered.before if entered else MaritalState.UNMARRIED, on=day,
                   cause=MaritalStatusChange.Cause.COURT, region_code=marriage.region_code)
    audit_record(actor=actor, action=f"marriage.marriage.{kind}", obj=marriage, before=before,
                 after={**snapshot(marriage, MARRIAGE_FIELDS), "court": court_name, "judgment_number": number})
    return mark
