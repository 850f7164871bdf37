"""Writes on charities. Each runs in one transaction, checks its input (a Chinese
``ValidationError`` keyed by the field at fault), writes, records one audit entry
``civil_society.charity_recognition.<verb>`` / ``civil_society.fundraising_qualification.<verb>`` /
``civil_society.charity_accounts.recorded`` and returns what it wrote; a refusal writes nothing.
Each needs ``civil_society.manage_charity`` and an organization in the actor's scope (else 404).

- ``recognition_apply`` / ``recognition_decide`` / ``recognition_withdraw``: 慈善组织认定, decided
  within 20 days (30 for a new registration), counted as docs/DOMAIN.md counts periods; a later
  decision is recorded and flagged ``decided_late``.
- ``qualification_apply`` / ``qualification_decide``: the public fundraising qualification, for a
  charity registered at least a year (from the first anniversary of registration), decided within
  20 days.
- ``accounts_record``: one charity's accounts of a year, for the art. 61 check.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minzheng.benefits.applications.counting import age_on
from minzheng.civil_society.charity import messages, selectors
from minzheng.civil_society.charity.models import (
    AnnualAccounts,
    CharityRecognition,
    Decision,
    FundraisingQualification,
)
from minzheng.civil_society.charity.periods import period_end
from minzheng.civil_society.registry.models import Organization
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User

RECOGNITION_DAYS, RECOGNITION_NEW_DAYS, QUALIFICATION_DAYS = 20, 30, 20
RECOGNITION_FIELDS = [
    "organization",
    "new_registration",
    "applied_on",
    "due_on",
    "decided_on",
    "decision",
    "decided_late",
    "reason",
    "federation",
    "withdrawn_on",
]
QUALIFICATION_FIELDS = [
    "organization",
    "applied_on",
    "due_on",
    "decided_on",
    "decision",
    "decided_late",
    "reason",
    "certificate_number",
]
ACCOUNT_AMOUNTS = {
    "net_assets_prev_year": "上年末净资产",
    "income_prev_year": "上年总收入",
    "income_avg_3y": "前三年收入平均数",
    "charity_spending": "年度慈善活动支出",
    "management_costs": "年度管理费用",
}
AMOUNT_MAX = Decimal("999999999999.99")
FEN = Decimal("0.01")
LIVE = (Organization.Status.ACTIVE, Organization.Status.ABNORMAL)


def require_manage(actor: User) -> None:
    if not actor.has_perm(selectors.PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION)


def clean_date(
    value: Any, *, key: str, label: str, errors: dict[str, list[str]], future_ok: bool = False
) -> dt.date | None:
    if value is None or value == "":
        errors[key] = [messages.DATE_REQUIRED.format(field=label)]
        return None
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            errors[key] = [messages.DATE_INVALID.format(field=label)]
            return None
    if not future_ok and value > timezone.localdate():
        errors[key] = [messages.DATE_FUTURE.format(field=label)]
    return value


def clean_amount(
    value: Any, *, key: str, label: str, errors: dict[str, list[str]], positive: bool = False
) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        errors[key] = [messages.AMOUNT_INVALID.format(field=label)]
        return Decimal(0)
    if not amount.is_finite() or amount != amount.quantize(FEN) or amount > AMOUNT_MAX:
        errors[key] = [messages.AMOUNT_INVALID.format(field=label)]
    elif amount < 0 or (positive and amount == 0):
        errors[key] = [
            messages.AMOUNT_NEGATIVE.format(field=label)
            if amount < 0
            else messages.AMOUNT_INVALID.format(field=label)
        ]
    return amount


def organization_in_scope(*, actor: User, organization: Organization | int | None) -> Organization:
    if organization is None or organization == "":
        raise ValidationError({"organization": [messages.ORGANIZATION_REQUIRED]})
    pk = organization.pk if isinstance(organization, Organization) else organization
    return selectors.organization_get(user=actor, pk=pk)


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


# ---- recognition ------------------------------------------------------------------------------


@transaction.atomic
def recognition_apply(
    *,
    actor: User,
    organization: Organization | int,
    applied_on: Any,
    new_registration: bool = False,
    federation: bool = False,
) -> CharityRecognition:
    require_manage(actor)
    org = organization_in_scope(actor=actor, organization=organization)
    errors: dict[str, list[str]] = {}
    day = clean_date(applied_on, key="applied_on", label="申请日期", errors=errors)
    if org.kind == Organization.Kind.COMMUNITY:
        errors["organization"] = [messages.ORGANIZATION_COMMUNITY]
    elif org.status not in LIVE:
        errors["organization"] = [messages.ORGANIZATION_INACTIVE.format(status=org.get_status_display())]
    if day and day < org.registered_on:
        errors["applied_on"] = [messages.APPLIED_BEFORE_REGISTERED.format(date=org.registered_on.isoformat())]
    Organization.objects.select_for_update().filter(pk=org.pk).first()  # one application at a time
    if CharityRecognition.objects.filter(organization=org, decision=Decision.PENDING).exists():
        errors["organization"] = [messages.RECOGNITION_PENDING]
    standing = CharityRecognition.objects.filter(
        organization=org, decision=Decision.GRANTED, withdrawn_on__isnull=True
    ).first()
    if standing is not None:
        errors["organization"] = [messages.RECOGNITION_STANDING.format(date=standing.decided_on)]
    _raise(errors)
    assert day is not None
    due = period_end(day, RECOGNITION_NEW_DAYS if new_registration else RECOGNITION_DAYS)
    rec = CharityRecognition.objects.create(
        organization=org,
        region_code=org.region_code,
        new_registration=bool(new_registration),
        applied_on=day,
        due_on=due,
        federation=bool(federation),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="civil_society.charity_recognition.applied",
        obj=rec,
        after=snapshot(rec, RECOGNITION_FIELDS),
    )
    return rec


def _decide(obj: Any, *, decision: str, decided_on: Any, reason: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if obj.decision != Decision.PENDING:
        errors["decision"] = [messages.NOT_PENDING.format(date=obj.decided_on.isoformat())]
        return errors
    if decision not in (Decision.GRANTED, Decision.REFUSED):
        errors["decision"] = [messages.DECISION_INVALID]
    day = clean_date(decided_on, key="decided_on", label="决定日期", errors=errors)
    if day and day < obj.applied_on:
        errors["decided_on"] = [messages.DECIDED_BEFORE_APPLIED.format(date=obj.applied_on.isoformat())]
    if decision == Decision.REFUSED and not reason.strip():
        errors["reason"] = [messages.REASON_REQUIRED]
    if not errors:
        assert day is not None
        obj.decision, obj.decided_on, obj.reason = decision, day, reason.strip()[:200]
        obj.decided_late = day > obj.due_on
    return errors


@transaction.atomic
def recognition_decide(
    *, actor: User, recognition: CharityRecognition | int, decision: str, decided_on: Any, reason: str = ""
) -> CharityRecognition:
    """准予 or 不予; the organization is a charity from ``decided_on`` when granted."""
    require_manage(actor)
    pk = recognition.pk if isinstance(recognition, CharityRecognition) else recognition
    rec = selectors.recognitions_visible(user=actor).select_for_update(of=("self",)).filter(pk=pk).first()
    if rec is None:
        rec = selectors.recognition_get(user=actor, pk=pk)  # 404
    before = snapshot(rec, RECOGNITION_FIELDS)
    _raise(_decide(rec, decision=decision, decided_on=decided_on, reason=reason or ""))
    rec.save(update_fields=["decision", "decided_on", "reason", "decided_late"])
    audit_record(
        actor=actor,
        action="civil_society.charity_recognition.granted"
        if rec.decision == Decision.GRANTED
        else "civil_society.charity_recognition.refused",
        obj=rec,
        before=before,
        after=snapshot(rec, RECOGNITION_FIELDS),
    )
    return rec


@transaction.atomic
def recognition_withdraw(
    *, actor: User, recognition: CharityRecognition | int, withdrawn_on: Any, reason: str
) -> CharityRecognition:
    """取消慈善组织认定: the organization stops being a charity after ``withdrawn_on``."""
    require_manage(actor)
    pk = recognition.pk if isinstance(recognition, CharityRecognition) else recognition
    rec = selectors.recognition_get(user=actor, pk=pk)
    before = snapshot(rec, RECOGNITION_FIELDS)
    errors: dict[str, list[str]] = {}
    if rec.decision != Decision.GRANTED or rec.withdrawn_on is not None:
        errors["recognition"] = [messages.NOT_STANDING]
    day = clean_date(withdrawn_on, key="withdrawn_on", label="取消认定日期", errors=errors)
    if day and rec.decided_on and day < rec.decided_on:
        errors["withdrawn_on"] = [messages.WITHDRAWN_BEFORE.format(date=rec.decided_on.isoformat())]
    if not (reason or "").strip():
        errors["reason"] = [messages.REASON_REQUIRED]
    _raise(errors)
    rec.withdrawn_on, rec.reason = day, reason.strip()[:200]
    rec.save(update_fields=["withdrawn_on", "reason"])
    audit_record(
        actor=actor,
        action="civil_society.charity_recognition.withdrawn",
        obj=rec,
        before=before,
        after=snapshot(rec, RECOGNITION_FIELDS),
    )
    return rec


# ---- the public fundraising qualification -----------------------------------------------------


def qualification_first_day(organization: Organization) -> dt.date:
    """The first day an organization may apply: the first anniversary of its registration (29
    February's on 1 March)."""
    day = organization.registered_on
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return dt.date(day.year + 1, 3, 1)


@transaction.atomic
def qualification_apply(
    *, actor: User, organization: Organization | int, applied_on: Any
) -> FundraisingQualification:
    require_manage(actor)
    org = organization_in_scope(actor=actor, organization=organization)
    errors: dict[str, list[str]] = {}
    day = clean_date(applied_on, key="applied_on", label="申请日期", errors=errors)
    if day:
        if not selectors.is_charity(org, on=day):
            errors["organization"] = [messages.NOT_CHARITY]
        elif age_on(org.registered_on, day) < 1:
            errors["applied_on"] = [
                messages.QUALIFICATION_TOO_EARLY.format(
                    date=org.registered_on.isoformat(), first=qualification_first_day(org).isoformat()
                )
            ]
    Organization.objects.select_for_update().filter(pk=org.pk).first()
    if FundraisingQualification.objects.filter(organization=org, decision=Decision.PENDING).exists():
        errors["organization"] = [messages.QUALIFICATION_PENDING]
    elif FundraisingQualification.objects.filter(organization=org, decision=Decision.GRANTED).exists():
        errors["organization"] = [messages.QUALIFICATION_HELD]
    _raise(errors)
    assert day is not None
    qual = FundraisingQualification.objects.create(
        organization=org,
        region_code=org.region_code,
        applied_on=day,
        due_on=period_end(day, QUALIFICATION_DAYS),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="civil_society.fundraising_qualification.applied",
        obj=qual,
        after=snapshot(qual, QUALIFICATION_FIELDS),
    )
    return qual


@transaction.atomic
def qualification_decide(
    *,
    actor: User,
    qualification: FundraisingQualification | int,
    decision: str,
    decided_on: Any,
    reason: str = "",
    certificate_number: str = "",
) -> FundraisingQualification:
    require_manage(actor)
    pk = qualification.pk if isinstance(qualification, FundraisingQualification) else qualification
    qual = selectors.qualification_get(user=actor, pk=pk)
    before = snapshot(qual, QUALIFICATION_FIELDS)
    _raise(_decide(qual, decision=decision, decided_on=decided_on, reason=reason or ""))
    qual.certificate_number = (
        (certificate_number or "").strip()[:40] if qual.decision == Decision.GRANTED else ""
    )
    qual.save(update_fields=["decision", "decided_on", "reason", "decided_late", "certificate_number"])
    action = (
        "civil_society.fundraising_qualification.granted"
        if qual.decision == Decision.GRANTED
        else "civil_society.fundraising_qualification.refused"
    )
    audit_record(
        actor=actor,
        action=action,
        obj=qual,
        before=before,
        after=snapshot(qual, QUALIFICATION_FIELDS),
    )
    return qual


# ---- annual accounts ----------------------------------------------------------------------------


@transaction.atomic
def accounts_record(
    *, actor: User, organization: Organization | int, year: Any, public_fundraising: bool, **amounts: Any
) -> AnnualAccounts:
    """One charity's accounts of ``year`` (once a year); the check itself is computed on reading."""
    require_manage(actor)
    org = organization_in_scope(actor=actor, organization=organization)
    errors: dict[str, list[str]] = {}
    try:
        year_n = int(year)
        if not 2000 <= year_n <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = [messages.YEAR_INVALID]
        year_n = 0
    values = {
        key: clean_amount(amounts.get(key), key=key, label=label, errors=errors)
        for key, label in ACCOUNT_AMOUNTS.items()
    }
    if year_n and AnnualAccounts.objects.filter(organization=org, year=year_n).exists():
        errors["year"] = [messages.ACCOUNTS_EXIST.format(year=year_n)]
    _raise(errors)
    acc = AnnualAccounts.objects.create(
        organization=org,
        region_code=org.region_code,
        year=year_n,
        public_fundraising=bool(public_fundraising),
        created_by=actor,
        **values,
    )
    audit_record(
        actor=actor,
        action="civil_society.charity_accounts.recorded",
        obj=acc,
        after=snapshot(acc, ["organization", "year", "public_fundraising", *ACCOUNT_AMOUNTS]),
    )
    return acc
