"""Writes on the registry of social organizations. Each runs in one transaction, checks its input (a
Chinese ``ValidationError`` keyed by the field at fault, every fault at once), writes, records one
audit entry ``civil_society.organization.<verb>`` / ``civil_society.annual_report.recorded`` /
``civil_society.signal.recorded`` and returns what it wrote; a refusal writes nothing.

Who: registering the three registered types is the county's and the city's
(``civil_society.manage_organizations``); a township files community organizations
(``civil_society.file_community_organizations``). The registering bureau (``authority_code``) is
the actor's region; the organization belongs to its registered address's region.

The USCC is checked by ``facilities.operators.services.clean_uscc`` (python-stdnum): a wrong check
character is refused wherever an organization is saved (the page, the API).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.benefits.applications.counting import age_on
from minzheng.civil_society.registry import messages, selectors
from minzheng.civil_society.registry.models import (
    ActivitySignal,
    AnnualReport,
    FoundationKind,
    Organization,
    OrgKind,
    ReportResult,
    SignalKind,
    SignalOutcome,
)
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.facilities.operators.services import clean_uscc
from minzheng.people.models import Person
from minzheng.places.models import Address

PERM_MANAGE = selectors.PERM_MANAGE
PERM_COMMUNITY = selectors.PERM_COMMUNITY
ORG_FIELDS = [
    "name",
    "kind",
    "uscc",
    "region_code",
    "authority_code",
    "registered_on",
    "supervising_unit",
    "legal_representative",
    "address",
    "funds",
    "foundation_kind",
    "scope",
    "status",
    "status_since",
]
REPORT_FIELDS = [
    "organization",
    "year",
    "due_on",
    "supervisor_submitted_on",
    "submitted_on",
    "late",
    "result",
]
SIGNAL_FIELDS = ["organization", "kind", "occurred_on", "within_scope", "outcome", "note"]
EARLIEST = dt.date(1980, 1, 1)
NAME_MAX, SUPERVISOR_MAX, NOTE_MAX = 100, 100, 200
FUNDS_MAX = Decimal("999999999999.99")
ADULT = 18
# Minimum funds (yuan): 社会团体 3万 of activity funds; 基金会 by fundraising kind (docs/DOMAIN.md).
ASSOCIATION_MIN = Decimal("30000")
FOUNDATION_MIN = {
    FoundationKind.NATIONAL_PUBLIC: Decimal("8000000"),
    FoundationKind.LOCAL_PUBLIC: Decimal("4000000"),
    FoundationKind.NON_PUBLIC: Decimal("2000000"),
}
OUTCOMES = {
    SignalKind.LETTER: (SignalOutcome.SIGNED, SignalOutcome.UNSIGNED, SignalOutcome.RETURNED),
    SignalKind.CALL: (SignalOutcome.REACHED, SignalOutcome.UNREACHED),
}
FEN = Decimal("0.01")


# ---- checks shared by the sub-domains above ------------------------------------------------------


def text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def clean_date(
    value: Any,
    *,
    key: str,
    label: str,
    errors: dict[str, list[str]],
    required: str = "",
    earliest: dt.date = EARLIEST,
) -> dt.date | None:
    """A date of the form, checked: not in the future, not before ``earliest``. Faults go to ``errors``."""
    if value is None or value == "":
        if required:
            errors[key] = [required]
        return None
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(text(value))
        except ValueError:
            errors[key] = [messages.DATE_INVALID.format(field=label)]
            return None
    if value > timezone.localdate():
        errors[key] = [messages.DATE_FUTURE.format(field=label)]
    elif value < earliest:
        errors[key] = [messages.DATE_TOO_EARLY.format(field=label, earliest=earliest.isoformat())]
    return value


def clean_money(
    value: Any, *, key: str, message: str, errors: dict[str, list[str]], positive: bool = False
) -> Decimal | None:
    """An amount of yuan to the fen, not negative (``positive``: above 0); else ``message`` on ``key``."""
    try:
        amount = Decimal(text(value).replace(",", ""))
    except (InvalidOperation, ValueError):
        errors[key] = [message]
        return None
    if (
        not amount.is_finite()
        or amount < 0
        or (positive and amount == 0)
        or amount > FUNDS_MAX
        or amount != amount.quantize(FEN)
    ):
        errors[key] = [message]
        return None
    return amount.quantize(FEN)


def may_register(actor: User | None, kind: str) -> bool:
    """The county's and the city's registrars register every kind; a township files community ones."""
    if actor is None:
        return False
    if actor.has_perm(PERM_MANAGE):
        return True
    return kind == OrgKind.COMMUNITY and actor.has_perm(PERM_COMMUNITY)


def authorize_org(actor: User | None, organization: Organization) -> None:
    """403 without the power over this kind; 404 for an organization out of the actor's scope."""
    if not may_register(actor, organization.kind):
        raise PermissionDenied(messages.PERMISSION_MANAGE)
    if not selectors.organizations_visible(user=actor).filter(pk=organization.pk).exists():
        raise Http404(core_messages.NOT_FOUND)


def refuse_closed(organization: Organization) -> None:
    if organization.is_closed:
        raise ValidationError({"status": [messages.CLOSED.format(status=organization.get_status_display())]})


# ---- organizations -------------------------------------------------------------------------------


def _clean_org(actor: User, values: dict[str, Any], *, current: Organization | None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    name = text(values.get("name"))
    if not name or len(name) > NAME_MAX:
        errors["name"] = [messages.NAME_REQUIRED.format(max=NAME_MAX)]
    out["name"] = name
    kind = text(values.get("kind"))
    if kind not in OrgKind.values:
        errors["kind"] = [messages.KIND_INVALID]
    out["kind"] = kind
    uscc = text(values.get("uscc"))
    if kind == OrgKind.COMMUNITY:
        if uscc:
            errors["uscc"] = [messages.USCC_NOT_FOR_COMMUNITY]
        uscc = ""
    elif kind:
        try:
            uscc = clean_uscc(uscc)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        else:
            taken = Organization.objects.filter(uscc=uscc)
            if current is not None:
                taken = taken.exclude(pk=current.pk)
            other = taken.first()
            if other is not None:
                errors["uscc"] = [messages.USCC_TAKEN.format(name=other.name)]
    out["uscc"] = uscc
    out["registered_on"] = clean_date(
        values.get("registered_on"),
        key="registered_on",
        label="登记日期",
        errors=errors,
        required=messages.REGISTERED_REQUIRED,
    )
    supervising = text(values.get("supervising_unit"))
    if len(supervising) > SUPERVISOR_MAX:
        errors["supervising_unit"] = [messages.SUPERVISOR_TOO_LONG.format(max=SUPERVISOR_MAX)]
    out["supervising_unit"] = supervising
    person = values.get("legal_representative")
    if person is None:
        errors["legal_representative"] = [messages.LEGAL_REP_REQUIRED]
    elif not isinstance(person, Person):
        errors["legal_representative"] = [messages.LEGAL_REP_UNKNOWN]
    elif person.status == Person.Status.DECEASED:
        errors["legal_representative"] = [messages.LEGAL_REP_DECEASED.format(name=person.name)]
    elif age_on(person.birth_date, timezone.localdate()) < ADULT:
        errors["legal_representative"] = [messages.LEGAL_REP_MINOR.format(name=person.name)]
    out["legal_representative"] = person
    address = values.get("address")
    if address is None:
        errors["address"] = [messages.ADDRESS_REQUIRED]
    elif not isinstance(address, Address) or not selectors.address_in_scope(user=actor, address=address):
        errors["address"] = [messages.ADDRESS_NOT_FOUND]
    out["address"] = address
    funds = clean_money(values.get("funds"), key="funds", message=messages.FUNDS_INVALID, errors=errors)
    foundation_kind = text(values.get("foundation_kind"))
    if kind == OrgKind.FOUNDATION:
        if foundation_kind not in FoundationKind.values:
            errors["foundation_kind"] = [messages.FOUNDATION_KIND_REQUIRED]
        elif funds is not None and funds < FOUNDATION_MIN[FoundationKind(foundation_kind)]:
            errors["funds"] = [
                messages.FUNDS_FOUNDATION.format(
                    kind=FoundationKind(foundation_kind).label,
                    minimum=FOUNDATION_MIN[FoundationKind(foundation_kind)] / 10_000,
                )
            ]
    elif foundation_kind:
        errors["foundation_kind"] = [messages.FOUNDATION_KIND_ONLY]
    if kind == OrgKind.ASSOCIATION and funds is not None and funds < ASSOCIATION_MIN:
        errors["funds"] = [messages.FUNDS_ASSOCIATION]
    out["funds"] = funds
    out["foundation_kind"] = foundation_kind if kind == OrgKind.FOUNDATION else ""
    scope = text(values.get("scope"))
    if not scope:
        errors["scope"] = [messages.SCOPE_REQUIRED]
    out["scope"] = scope
    if errors:
        raise ValidationError(errors)
    out["region_code"] = address.region_code  # type: ignore[union-attr]
    return out


def _save(obj: Any) -> None:
    """Save under a savepoint: a race on the USCC is refused on its field."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError({"uscc": [messages.USCC_TAKEN.format(name="")]}) from exc


@transaction.atomic
def organization_create(*, actor: User, **values: Any) -> Organization:
    """Register (or, a community organization, file) one organization. ``values``: name, kind, uscc,
    registered_on, supervising_unit, legal_representative (a Person), address (an Address in the
    actor's scope), funds, foundation_kind, scope."""
    if not may_register(actor, text(values.get("kind")) or OrgKind.COMMUNITY):
        raise PermissionDenied(
            messages.PERMISSION_MANAGE
            if text(values.get("kind")) != OrgKind.COMMUNITY
            else messages.PERMISSION_COMMUNITY
        )
    clean = _clean_org(actor, values, current=None)
    org = Organization(
        **clean,
        authority_code=actor.region_id or "",
        status=Organization.Status.ACTIVE,
        status_since=clean["registered_on"],
    )
    _save(org)
    audit_record(
        actor=actor,
        action="civil_society.organization.registered",
        obj=org,
        region_code=org.region_code,
        after=snapshot(org, ORG_FIELDS),
    )
    return org


@transaction.atomic
def organization_update(*, actor: User, organization: Organization, **values: Any) -> Organization:
    """Change the registered particulars (not the status: the lists and cleanup cases move it)."""
    authorize_org(actor, organization)
    refuse_closed(organization)
    if not may_register(actor, text(values.get("kind")) or organization.kind):
        raise PermissionDenied(messages.PERMISSION_COMMUNITY)
    before = snapshot(organization, ORG_FIELDS)
    for key, value in _clean_org(actor, values, current=organization).items():
        setattr(organization, key, value)
    _save(organization)
    audit_record(
        actor=actor,
        action="civil_society.organization.changed",
        obj=organization,
        region_code=organization.region_code,
        before=before,
        after=snapshot(organization, ORG_FIELDS),
    )
    return organization


# ---- annual reports ------------------------------------------------------------------------------


def report_due_on(*, kind: str, year: int) -> dt.date:
    """The registrar's deadline for ``year``'s report: 基金会 31 March, the others 31 May, of the next year."""
    return dt.date(year + 1, 3, 31) if kind == OrgKind.FOUNDATION else dt.date(year + 1, 5, 31)


def supervisor_due_on(*, year: int) -> dt.date:
    """社团 and 民非 send it to their supervising unit first, by 31 March of the next year."""
    return dt.date(year + 1, 3, 31)


@transaction.atomic
def annual_report_record(
    *,
    actor: User,
    organization: Organization,
    year: Any,
    submitted_on: Any,
    supervisor_submitted_on: Any = None,
    result: str = "",
) -> AnnualReport:
    """Record one year's report as it reached the registrar; ``late`` when after the deadline."""
    authorize_org(actor, organization)
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    try:
        year = int(text(year))
    except ValueError:
        year = 0
    if not organization.registered_on.year <= year < today.year:
        errors["year"] = [messages.YEAR_INVALID]
    submitted = clean_date(
        submitted_on,
        key="submitted_on",
        label="报登记管理机关日期",
        errors=errors,
        required=messages.SUBMITTED_REQUIRED,
    )
    if submitted is not None and "year" not in errors and submitted.year <= year:
        errors["submitted_on"] = [messages.SUBMITTED_BEFORE_YEAR]
    supervisor = clean_date(
        supervisor_submitted_on, key="supervisor_submitted_on", label="报业务主管单位日期", errors=errors
    )
    if supervisor is not None:
        if organization.kind in (OrgKind.FOUNDATION, OrgKind.COMMUNITY):
            errors["supervisor_submitted_on"] = [messages.SUPERVISOR_NOT_FOR]
        elif supervisor.year <= year or (submitted is not None and supervisor > submitted):
            errors["supervisor_submitted_on"] = [messages.SUPERVISOR_AFTER]
    result = text(result)
    if result and result not in ReportResult.values:
        errors["result"] = [messages.RESULT_INVALID]
    if "year" not in errors and AnnualReport.objects.filter(organization=organization, year=year).exists():
        errors["year"] = [messages.REPORT_EXISTS.format(year=year)]
    if errors:
        raise ValidationError(errors)
    assert submitted is not None  # checked above
    due = report_due_on(kind=organization.kind, year=year)
    report = AnnualReport(
        organization=organization,
        region_code=organization.region_code,
        year=year,
        due_on=due,
        supervisor_submitted_on=supervisor,
        submitted_on=submitted,
        late=submitted > due,
        result=result,
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:
        raise ValidationError({"year": [messages.REPORT_EXISTS.format(year=year)]}) from exc
    audit_record(
        actor=actor,
        action="civil_society.annual_report.recorded",
        obj=report,
        region_code=report.region_code,
        after=snapshot(report, REPORT_FIELDS),
    )
    return report


# ---- activity signals ----------------------------------------------------------------------------


@transaction.atomic
def signal_record(
    *,
    actor: User,
    organization: Organization,
    kind: str,
    occurred_on: Any,
    outcome: str = "",
    within_scope: bool = True,
    note: str = "",
) -> ActivitySignal:
    """Record one dated signal: an activity, a filing, a registered letter (and whether it was
    signed) or an attempt to reach the legal representative."""
    authorize_org(actor, organization)
    errors: dict[str, list[str]] = {}
    kind, outcome, note = text(kind), text(outcome), text(note)
    if kind not in SignalKind.values:
        errors["kind"] = [messages.SIGNAL_KIND_INVALID]
    elif kind in OUTCOMES:
        if outcome not in OUTCOMES[SignalKind(kind)]:
            allowed = "、".join(o.label for o in OUTCOMES[SignalKind(kind)])
            errors["outcome"] = [
                messages.SIGNAL_OUTCOME_INVALID.format(kind=SignalKind(kind).label, allowed=allowed)
            ]
    elif outcome:
        errors["outcome"] = [messages.SIGNAL_OUTCOME_NONE.format(kind=SignalKind(kind).label)]
    day = clean_date(
        occurred_on,
        key="occurred_on",
        label="日期",
        errors=errors,
        required=messages.DATE_INVALID.format(field="日期"),
    )
    if day is not None and "occurred_on" not in errors and day < organization.registered_on:
        errors["occurred_on"] = [messages.SIGNAL_BEFORE_REGISTERED.format(date=organization.registered_on)]
    if len(note) > NOTE_MAX:
        errors["note"] = [messages.NOTE_TOO_LONG.format(max=NOTE_MAX)]
    if errors:
        raise ValidationError(errors)
    assert day is not None  # checked above
    signal = ActivitySignal.objects.create(
        organization=organization,
        region_code=organization.region_code,
        kind=kind,
        occurred_on=day,
        outcome=outcome,
        within_scope=bool(within_scope) if kind == SignalKind.EVENT else True,
        note=note,
    )
    audit_record(
        actor=actor,
        action="civil_society.signal.recorded",
        obj=signal,
        region_code=signal.region_code,
        after=snapshot(signal, SIGNAL_FIELDS),
    )
    return signal
