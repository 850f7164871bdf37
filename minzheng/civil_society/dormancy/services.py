"""The cleanup case of a dormant organization, a state machine:

    filed (立案) ──notice──▶ noticed (事先告知, public notice) ──decide──▶ decided
                                                         撤销登记 / 吊销登记证书 / 注销登记 / 限期整改

Each step is one service, one transaction, one audit entry (``civil_society.cleanup_case.<verb>``);
a step out of order is refused with a Chinese message naming the state. A decision may be taken
from the day the notice period has run (``noticed_on`` + ``notice_days``, the period in force when
the notice was served: ``settings.CIVIL_SOCIETY_NOTICE_DAYS``). The decision flows to the registry:
撤销登记 and 吊销登记证书 set the organization revoked (and enter it on the serious list, reason
revocation), 注销登记 deregistered; 限期整改 leaves it as it is, with the deadline. A deadline that
passes without the correction done puts it on the abnormal list (``rectify_overdue_apply``,
set-based). Registering cases is the county's and the city's (``civil_society.manage_organizations``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from minzheng.civil_society.credit.models import CreditEntry, CreditList, EntryReason
from minzheng.civil_society.credit.services import status_sync
from minzheng.civil_society.dormancy.models import CLEANED, CaseState, CleanupCase, Decision
from minzheng.civil_society.registry import messages
from minzheng.civil_society.registry.models import Organization, OrgStatus
from minzheng.civil_society.registry.selectors import PERM_MANAGE
from minzheng.civil_society.registry.services import authorize_org, clean_date, refuse_closed, text
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User

CASE_FIELDS = [
    "organization",
    "state",
    "reasons",
    "filed_on",
    "noticed_on",
    "notice_days",
    "decision",
    "decided_on",
    "rectify_by",
    "rectified_on",
    "overdue_listed_on",
]
REASONS_MAX = 1000


def notice_days() -> int:
    return int(getattr(settings, "CIVIL_SOCIETY_NOTICE_DAYS", 60))


def _authorize(actor: User | None, organization: Organization) -> None:
    if actor is None or not actor.has_perm(PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION_MANAGE)
    authorize_org(actor, organization)


def _locked(case: CleanupCase) -> CleanupCase:
    return CleanupCase.objects.select_for_update().select_related("organization").get(pk=case.pk)


def _state(case: CleanupCase, expected: str, step: str) -> None:
    if case.state != expected:
        raise ValidationError(
            {"state": [messages.CASE_STATE.format(state=case.get_state_display(), step=step)]}
        )


def _audit(actor: User, case: CleanupCase, verb: str, before: dict[str, Any] | None) -> None:
    audit_record(
        actor=actor,
        action=f"civil_society.cleanup_case.{verb}",
        obj=case,
        region_code=case.region_code,
        before=before,
        after=snapshot(case, CASE_FIELDS),
    )


@transaction.atomic
def cleanup_case_file(*, actor: User, organization: Organization, filed_on: Any, reasons: str) -> CleanupCase:
    """立案: open a case on a live organization that has none under way."""
    _authorize(actor, organization)
    refuse_closed(organization)
    errors: dict[str, list[str]] = {}
    day = clean_date(
        filed_on,
        key="filed_on",
        label="立案日期",
        errors=errors,
        required=messages.DATE_INVALID.format(field="立案日期"),
    )
    reasons = text(reasons)
    if not reasons or len(reasons) > REASONS_MAX:
        errors["reasons"] = [messages.CASE_REASONS_REQUIRED]
    current = organization.cleanup_cases.filter(state__in=[CaseState.FILED, CaseState.NOTICED]).first()
    if current is not None:
        errors["organization"] = [messages.CASE_OPEN.format(pk=current.pk)]
    if errors:
        raise ValidationError(errors)
    assert day is not None  # checked above
    try:
        with transaction.atomic():
            case = CleanupCase.objects.create(
                organization=organization, region_code=organization.region_code, reasons=reasons, filed_on=day
            )
    except IntegrityError as exc:
        raise ValidationError({"organization": [messages.CASE_OPEN.format(pk="")]}) from exc
    _audit(actor, case, "filed", None)
    return case


@transaction.atomic
def cleanup_case_notice(*, actor: User, case: CleanupCase, noticed_on: Any) -> CleanupCase:
    """事先告知: the advance notice of the penalty, served by public notice on ``noticed_on``; the
    notice period in force is copied onto the case."""
    _authorize(actor, case.organization)
    case = _locked(case)
    _state(case, CaseState.FILED, messages.STEP_NOTICE)
    errors: dict[str, list[str]] = {}
    day = clean_date(
        noticed_on,
        key="noticed_on",
        label="告知公告日期",
        errors=errors,
        required=messages.DATE_INVALID.format(field="告知公告日期"),
    )
    if day is not None and "noticed_on" not in errors and day < case.filed_on:
        errors["noticed_on"] = [messages.CASE_NOTICE_BEFORE_FILED.format(date=case.filed_on)]
    if errors:
        raise ValidationError(errors)
    before = snapshot(case, CASE_FIELDS)
    case.state, case.noticed_on, case.notice_days = CaseState.NOTICED, day, notice_days()
    case.save(update_fields=["state", "noticed_on", "notice_days"])
    _audit(actor, case, "noticed", before)
    return case


@transaction.atomic
def cleanup_case_decide(
    *, actor: User, case: CleanupCase, decision: str, decided_on: Any, rectify_by: Any = None
) -> CleanupCase:
    """决定: once the notice period has run. 撤销登记 / 吊销登记证书 revoke the organization (and
    enter it on the serious list), 注销登记 deregisters it, 限期整改 sets a deadline."""
    _authorize(actor, case.organization)
    case = _locked(case)
    _state(case, CaseState.NOTICED, messages.STEP_DECIDE)
    errors: dict[str, list[str]] = {}
    decision = text(decision)
    if decision not in Decision.values:
        errors["decision"] = [messages.DECISION_INVALID]
    day = clean_date(
        decided_on,
        key="decided_on",
        label="决定日期",
        errors=errors,
        required=messages.DATE_INVALID.format(field="决定日期"),
    )
    ends = case.notice_ends_on
    if day is not None and "decided_on" not in errors and ends is not None and day < ends:
        errors["decided_on"] = [messages.CASE_NOTICE_NOT_OVER.format(days=case.notice_days, end=ends)]
    deadline = None
    if decision == Decision.RECTIFY:
        if rectify_by in (None, ""):
            errors["rectify_by"] = [messages.RECTIFY_BY_REQUIRED]
        else:
            try:
                deadline = (
                    rectify_by if isinstance(rectify_by, dt.date) else dt.date.fromisoformat(text(rectify_by))
                )
            except ValueError:
                errors["rectify_by"] = [messages.DATE_INVALID.format(field="整改期限")]
            else:
                if day is not None and deadline <= day:
                    errors["rectify_by"] = [messages.RECTIFY_BY_REQUIRED]
    elif rectify_by not in (None, ""):
        errors["rectify_by"] = [messages.RECTIFY_BY_ONLY]
    if errors:
        raise ValidationError(errors)
    assert day is not None  # checked above
    before = snapshot(case, CASE_FIELDS)
    case.state, case.decision, case.decided_on, case.rectify_by = CaseState.DECIDED, decision, day, deadline
    case.save(update_fields=["state", "decision", "decided_on", "rectify_by"])
    org = case.organization
    if decision in (Decision.REVOKE, Decision.WITHDRAW):
        org.status, org.status_since = OrgStatus.REVOKED, day
        org.save(update_fields=["status", "status_since", "updated_at"])
        if not org.credit_entries.filter(list=CreditList.SERIOUS, removed_on__isnull=True).exists():
            CreditEntry.objects.create(
                organization=org,
                region_code=org.region_code,
                list=CreditList.SERIOUS,
                reason=EntryReason.REVOCATION,
                entered_on=day,
                note=f"清理案件{case.pk}：{case.get_decision_display()}",
            )
    elif decision == Decision.DEREGISTER:
        org.status, org.status_since = OrgStatus.DEREGISTERED, day
        org.save(update_fields=["status", "status_since", "updated_at"])
    _audit(actor, case, "decided", before)
    return case


@transaction.atomic
def cleanup_case_rectified(*, actor: User, case: CleanupCase, rectified_on: Any) -> CleanupCase:
    """限期整改 done, by the deadline."""
    _authorize(actor, case.organization)
    case = _locked(case)
    if (
        case.decision != Decision.RECTIFY
        or case.rectified_on is not None
        or case.overdue_listed_on is not None
    ):
        raise ValidationError({"rectified_on": [messages.RECTIFIED_NOT]})
    errors: dict[str, list[str]] = {}
    day = clean_date(
        rectified_on,
        key="rectified_on",
        label="整改完成日期",
        errors=errors,
        required=messages.DATE_INVALID.format(field="整改完成日期"),
    )
    decided, deadline = case.decided_on, case.rectify_by
    assert decided is not None and deadline is not None  # a rectify decision has both
    if day is not None and "rectified_on" not in errors and not (decided <= day <= deadline):
        errors["rectified_on"] = [
            messages.RECTIFIED_RANGE.format(decided=case.decided_on, by=case.rectify_by)
        ]
    if errors:
        raise ValidationError(errors)
    assert day is not None  # checked above
    before = snapshot(case, CASE_FIELDS)
    case.rectified_on = day
    case.save(update_fields=["rectified_on"])
    _audit(actor, case, "rectified", before)
    return case


@transaction.atomic
def rectify_overdue_apply(*, actor: User | None, as_of: dt.date | None = None) -> int:
    """Every 限期整改 whose deadline passed before ``as_of`` without the correction: its organization
    goes on the abnormal list (reason: correction not finished), once. Set-based; returns how many."""
    day = as_of or timezone.localdate()
    overdue = list(
        CleanupCase.objects.filter(
            decision=Decision.RECTIFY,
            rectify_by__lt=day,
            rectified_on__isnull=True,
            overdue_listed_on__isnull=True,
            organization__status__in=[OrgStatus.ACTIVE, OrgStatus.ABNORMAL, OrgStatus.SERIOUS],
        ).values_list("id", "organization_id", "region_code")
    )
    listed = set(
        CreditEntry.objects.filter(
            organization_id__in=[o for _, o, _ in overdue], list=CreditList.ABNORMAL, removed_on__isnull=True
        ).values_list("organization_id", flat=True)
    )
    CreditEntry.objects.bulk_create(
        [
            CreditEntry(
                organization_id=org,
                region_code=region,
                list=CreditList.ABNORMAL,
                reason=EntryReason.CORRECTION,
                entered_on=day,
                note=f"清理案件{pk}逾期未整改",
            )
            for pk, org, region in overdue
            if org not in listed
        ]
    )
    CleanupCase.objects.filter(pk__in=[pk for pk, _, _ in overdue]).update(overdue_listed_on=day)
    status_sync(organization_ids={o for _, o, _ in overdue}, day=day)
    audit_record(
        actor=actor,
        action="civil_society.cleanup_case.overdue_listed",
        obj=Organization(pk=0),
        object_repr=f"逾期未整改 {day}",
        region_code="",
        after={"as_of": day.isoformat(), "count": len(overdue)},
    )
    return len(overdue)


def cleaned_decisions() -> tuple[str, ...]:
    return tuple(d.value for d in CLEANED)
