"""Writes on charitable trusts. Each runs in one transaction, checks its input, writes, records
one audit entry (``civil_society.charitable_trust.filed`` / ``.trustee_changed``,
``civil_society.trust_report.submitted``) and returns what it wrote; a refusal writes nothing. Each needs
``civil_society.manage_charity``.

- ``trust_file``: the filing (备案) by the trustee, due within 7 days of signing, counted as
  docs/DOMAIN.md counts periods (from the day after; a last day on a rest day or holiday moves to
  the next working day). A later filing is recorded and flagged ``filed_late``. A trust company is
  named with its USCC (``facilities.operators.services.clean_uscc``) and files with the city
  bureau, so the trust's region is the city's; a charity trustee (a charity on the signing day, in
  the actor's scope) gives its own region.
- ``trustee_change``: a new trustee, re-filed within 7 days of the change (late flagged).
- ``trust_report``: the trustee's yearly report.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.civil_society.charity import selectors as charity_selectors
from minzheng.civil_society.charity.periods import period_end
from minzheng.civil_society.charity.services import (
    clean_amount,
    clean_date,
    organization_in_scope,
    require_manage,
)
from minzheng.civil_society.trusts import messages, selectors
from minzheng.civil_society.trusts.models import CharitableTrust, TrusteeChange, TrusteeKind, TrustReport
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.facilities.operators.services import clean_uscc

FILING_DAYS = 7
TRUST_FIELDS = [
    "name",
    "trustee_kind",
    "trustee_name",
    "trustee_uscc",
    "trustee_organization",
    "settlors",
    "amount",
    "signed_on",
    "filed_on",
    "due_on",
    "filed_late",
    "purpose",
]
CHANGE_FIELDS = [
    "trust",
    "previous_trustee",
    "trustee_kind",
    "trustee_name",
    "trustee_uscc",
    "trustee_organization",
    "changed_on",
    "filed_on",
    "due_on",
    "filed_late",
]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def city_code(actor: User) -> str:
    """The city bureau's 12-digit code, from the actor's region (trust companies file there)."""
    prefix = scope_for(actor).prefix or ""
    return prefix[:4].ljust(12, "0")


def _trustee(
    *, actor: User, kind: str, name: Any, uscc: Any, organization: Any, on: Any, errors: dict[str, list[str]]
) -> dict[str, Any]:
    if kind == TrusteeKind.COMPANY:
        name = _text(name)
        if not name or len(name) > 100:
            errors["trustee_name"] = [messages.TRUSTEE_NAME_REQUIRED]
        try:
            code = clean_uscc(uscc)
        except ValidationError as exc:
            errors["trustee_uscc"] = ["受托人" + m for m in exc.message_dict.get("uscc", exc.messages)]
            code = ""
        return {
            "trustee_name": name,
            "trustee_uscc": code,
            "trustee_organization": None,
            "region_code": city_code(actor),
        }
    if kind == TrusteeKind.CHARITY:
        if organization in (None, ""):
            errors["trustee_organization"] = [messages.TRUSTEE_ORG_REQUIRED]
            return {}
        org = organization_in_scope(actor=actor, organization=organization)
        if on is not None and not charity_selectors.is_charity(org, on=on):
            errors["trustee_organization"] = [messages.TRUSTEE_NOT_CHARITY.format(date=on.isoformat())]
        return {
            "trustee_name": org.name,
            "trustee_uscc": org.uscc,
            "trustee_organization": org,
            "region_code": org.region_code,
        }
    errors["trustee_kind"] = [messages.TRUSTEE_KIND_INVALID]
    return {}


@transaction.atomic
def trust_file(
    *,
    actor: User,
    name: str,
    trustee_kind: str,
    settlors: str,
    amount: Any,
    signed_on: Any,
    filed_on: Any,
    purpose: str,
    trustee_name: str = "",
    trustee_uscc: str = "",
    trustee_organization: Any = None,
) -> CharitableTrust:
    require_manage(actor)
    errors: dict[str, list[str]] = {}
    name, settlors, purpose = _text(name), _text(settlors), _text(purpose)
    if not name or len(name) > 100:
        errors["name"] = [messages.NAME_REQUIRED]
    if not settlors or len(settlors) > 300:
        errors["settlors"] = [messages.SETTLORS_REQUIRED]
    if not purpose or len(purpose) > 200:
        errors["purpose"] = [messages.PURPOSE_REQUIRED]
    value = clean_amount(amount, key="amount", label="信托财产", errors=errors, positive=True)
    signed = clean_date(signed_on, key="signed_on", label="信托合同签订日期", errors=errors)
    filed = clean_date(filed_on, key="filed_on", label="备案日期", errors=errors)
    if signed and filed and filed < signed:
        errors["filed_on"] = [messages.FILED_BEFORE_SIGNED]
    trustee = _trustee(
        actor=actor,
        kind=trustee_kind,
        name=trustee_name,
        uscc=trustee_uscc,
        organization=trustee_organization,
        on=signed,
        errors=errors,
    )
    _raise(errors)
    assert signed is not None and filed is not None
    due = period_end(signed, FILING_DAYS)
    trust = CharitableTrust.objects.create(
        name=name,
        trustee_kind=trustee_kind,
        settlors=settlors,
        amount=value,
        signed_on=signed,
        filed_on=filed,
        due_on=due,
        filed_late=filed > due,
        purpose=purpose,
        created_by=actor,
        **trustee,
    )
    audit_record(
        actor=actor,
        action="civil_society.charitable_trust.filed",
        obj=trust,
        after=snapshot(trust, TRUST_FIELDS),
    )
    return trust


@transaction.atomic
def trustee_change(
    *,
    actor: User,
    trust: CharitableTrust | int,
    trustee_kind: str,
    changed_on: Any,
    filed_on: Any,
    trustee_name: str = "",
    trustee_uscc: str = "",
    trustee_organization: Any = None,
) -> TrusteeChange:
    require_manage(actor)
    row = selectors.trust_get(user=actor, pk=trust.pk if isinstance(trust, CharitableTrust) else trust)
    row = CharitableTrust.objects.select_for_update().get(pk=row.pk)
    before = snapshot(row, TRUST_FIELDS)
    errors: dict[str, list[str]] = {}
    if row.terminated_on is not None:
        errors["trust"] = [messages.TERMINATED.format(date=row.terminated_on.isoformat())]
    changed = clean_date(changed_on, key="changed_on", label="变更日期", errors=errors)
    filed = clean_date(filed_on, key="filed_on", label="重新备案日期", errors=errors)
    if changed and changed < row.signed_on:
        errors["changed_on"] = [messages.CHANGE_BEFORE_SIGNED]
    if changed and filed and filed < changed:
        errors["filed_on"] = [messages.FILED_BEFORE_CHANGE]
    trustee = _trustee(
        actor=actor,
        kind=trustee_kind,
        name=trustee_name,
        uscc=trustee_uscc,
        organization=trustee_organization,
        on=changed,
        errors=errors,
    )
    if trustee and trustee.get("trustee_uscc") and trustee["trustee_uscc"] == row.trustee_uscc:
        errors["trustee_name"] = [messages.TRUSTEE_SAME]
    _raise(errors)
    assert changed is not None and filed is not None
    due = period_end(changed, FILING_DAYS)
    change = TrusteeChange.objects.create(
        trust=row,
        previous_trustee=row.trustee_name,
        trustee_kind=trustee_kind,
        changed_on=changed,
        filed_on=filed,
        due_on=due,
        filed_late=filed > due,
        created_by=actor,
        **trustee,
    )
    row.trustee_kind = trustee_kind
    for key in ("trustee_name", "trustee_uscc", "trustee_organization", "region_code"):
        setattr(row, key, trustee[key])
    row.save(
        update_fields=["trustee_kind", "trustee_name", "trustee_uscc", "trustee_organization", "region_code"]
    )
    audit_record(
        actor=actor,
        action="civil_society.charitable_trust.trustee_changed",
        obj=row,
        before=before,
        after=snapshot(row, TRUST_FIELDS),
    )
    return change


@transaction.atomic
def trust_report(
    *, actor: User, trust: CharitableTrust | int, year: Any, submitted_on: Any, spending: Any, balance: Any
) -> TrustReport:
    require_manage(actor)
    row = selectors.trust_get(user=actor, pk=trust.pk if isinstance(trust, CharitableTrust) else trust)
    errors: dict[str, list[str]] = {}
    day = clean_date(submitted_on, key="submitted_on", label="报告日期", errors=errors)
    try:
        year_n = int(year)
    except (TypeError, ValueError):
        year_n = 0
    if not year_n or year_n < row.signed_on.year or (day and year_n > day.year):
        errors["year"] = [messages.REPORT_YEAR_INVALID]
    spent = clean_amount(spending, key="spending", label="本年度慈善支出", errors=errors)
    left = clean_amount(balance, key="balance", label="年末信托财产", errors=errors)
    if not errors and TrustReport.objects.filter(trust=row, year=year_n).exists():
        errors["year"] = [messages.REPORT_EXISTS.format(year=year_n)]
    _raise(errors)
    assert day is not None
    report = TrustReport.objects.create(
        trust=row, region_code=row.region_code, year=year_n, submitted_on=day, spending=spent, balance=left
    )
    audit_record(
        actor=actor,
        action="civil_society.trust_report.submitted",
        obj=report,
        after=snapshot(report, ["trust", "year", "submitted_on", "spending", "balance"]),
    )
    return report
