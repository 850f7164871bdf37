"""Writes on the credit lists (活动异常名录, 严重违法失信名单). Each runs in one transaction and writes
one audit entry (``civil_society.credit_entry.entered`` / ``.removed``,
``civil_society.credit_lists.applied``); ``Organization.status`` follows the open entries
(``status_sync``): serious over abnormal over active; a revoked or deregistered organization keeps
its status.

``credit_lists_apply(as_of=day)`` is the set-based run (also the command ``credit_lists_apply``),
idempotent for one day:
1. an organization with no annual report for the latest year whose deadline has passed is
   entered on the abnormal list (late annual report);
2. two registered letters to its address, neither signed, 20–60 days apart, the later within the
   year before ``day`` and no signed letter or reached call after the first: abnormal list
   (uncontactable, the draft rule's test);
3. an abnormal entry open for 2 years (``entered_on`` + 2 years ≤ ``day``) is closed and the
   organization entered on the serious list (reason: 2 years on the abnormal list);
4. a serious entry open for 2 years with no later entry of the organization on either list is closed
   (2 clean years).
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from minzheng.civil_society.credit.models import (
    ABNORMAL_REASONS,
    SERIOUS_REASONS,
    CreditEntry,
    CreditList,
    EntryReason,
)
from minzheng.civil_society.registry import messages
from minzheng.civil_society.registry.models import (
    ActivitySignal,
    AnnualReport,
    Organization,
    OrgKind,
    OrgStatus,
)
from minzheng.civil_society.registry.selectors import LIVE, PERM_MANAGE
from minzheng.civil_society.registry.services import authorize_org, clean_date, report_due_on, text
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.core.scope import scoped

ENTRY_FIELDS = ["organization", "list", "reason", "entered_on", "note", "removed_on", "removal_reason"]
LETTER_GAP_MIN, LETTER_GAP_MAX = 20, 60
NOTE_MAX = 200


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def status_sync(*, organization_ids: Iterable[int], day: dt.date) -> int:
    """Set the status of the live organizations named to what their open entries say; three
    UPDATEs, no rows read. Returns how many changed."""
    ids = list(organization_ids)
    if not ids:
        return 0
    open_entries = CreditEntry.objects.filter(organization=OuterRef("pk"), removed_on__isnull=True)
    serious = Exists(open_entries.filter(list=CreditList.SERIOUS))
    abnormal = Exists(open_entries.filter(list=CreditList.ABNORMAL))
    live = Organization.objects.filter(pk__in=ids, status__in=LIVE)
    changed = (
        live.filter(serious)
        .exclude(status=OrgStatus.SERIOUS)
        .update(status=OrgStatus.SERIOUS, status_since=day)
    )
    changed += (
        live.filter(abnormal)
        .exclude(serious)
        .exclude(status=OrgStatus.ABNORMAL)
        .update(status=OrgStatus.ABNORMAL, status_since=day)
    )
    changed += (
        live.exclude(serious)
        .exclude(abnormal)
        .exclude(status=OrgStatus.ACTIVE)
        .update(status=OrgStatus.ACTIVE, status_since=day)
    )
    return changed


def _clean_list_reason(list_: str, reason: str, errors: dict[str, list[str]]) -> None:
    if list_ not in CreditList.values:
        errors["list"] = [messages.LIST_INVALID]
        return
    allowed = ABNORMAL_REASONS if list_ == CreditList.ABNORMAL else SERIOUS_REASONS
    if reason not in [r.value for r in allowed]:
        errors["reason"] = [
            messages.REASON_INVALID.format(
                list=CreditList(list_).label, allowed="、".join(r.label for r in allowed)
            )
        ]


@transaction.atomic
def credit_entry_enter(
    *, actor: User, organization: Organization, list: str, reason: str, entered_on: Any, note: str = ""
) -> CreditEntry:
    """Enter one organization on a list by decision (a correction not finished, fraud, revocation,
    a court defaulter, or any reason of the list)."""
    authorize_org(actor, organization)
    if not actor.has_perm(PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION_MANAGE)
    errors: dict[str, builtins.list[str]] = {}
    list_, reason, note = text(list), text(reason), text(note)
    _clean_list_reason(list_, reason, errors)
    day = clean_date(
        entered_on,
        key="entered_on",
        label="列入日期",
        errors=errors,
        required=messages.DATE_INVALID.format(field="列入日期"),
    )
    if day is not None and "entered_on" not in errors and day < organization.registered_on:
        errors["entered_on"] = [messages.SIGNAL_BEFORE_REGISTERED.format(date=organization.registered_on)]
    if len(note) > NOTE_MAX:
        errors["note"] = [messages.NOTE_TOO_LONG.format(max=NOTE_MAX)]
    if "list" not in errors:
        current = organization.credit_entries.filter(list=list_, removed_on__isnull=True).first()
        if current is not None:
            errors["list"] = [
                messages.ALREADY_LISTED.format(list=current.get_list_display(), date=current.entered_on)
            ]
    if errors:
        raise ValidationError(errors)
    assert day is not None  # checked above
    try:
        with transaction.atomic():
            entry = CreditEntry.objects.create(
                organization=organization,
                region_code=organization.region_code,
                list=list_,
                reason=reason,
                entered_on=day,
                note=note,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"list": [messages.ALREADY_LISTED.format(list=CreditList(list_).label, date=day)]}
        ) from exc
    status_sync(organization_ids=[organization.pk], day=day)  # type: ignore[arg-type]
    audit_record(
        actor=actor,
        action="civil_society.credit_entry.entered",
        obj=entry,
        region_code=entry.region_code,
        after=snapshot(entry, ENTRY_FIELDS),
    )
    return entry


@transaction.atomic
def credit_entry_remove(
    *, actor: User, entry: CreditEntry, removed_on: Any, removal_reason: str
) -> CreditEntry:
    """Take an organization off a list (its correction done, a decision reversed), dated, with the reason."""
    authorize_org(actor, entry.organization)
    if not actor.has_perm(PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION_MANAGE)
    entry = CreditEntry.objects.select_for_update().get(pk=entry.pk)
    errors: dict[str, list[str]] = {}
    if entry.removed_on is not None:
        raise ValidationError({"removed_on": [messages.ENTRY_CLOSED.format(date=entry.removed_on)]})
    day = clean_date(
        removed_on,
        key="removed_on",
        label="移出日期",
        errors=errors,
        required=messages.DATE_INVALID.format(field="移出日期"),
    )
    if day is not None and "removed_on" not in errors and day < entry.entered_on:
        errors["removed_on"] = [messages.REMOVED_BEFORE.format(date=entry.entered_on)]
    reason = text(removal_reason)
    if not reason or len(reason) > NOTE_MAX:
        errors["removal_reason"] = [messages.REMOVAL_REASON_REQUIRED]
    if errors:
        raise ValidationError(errors)
    before = snapshot(entry, ENTRY_FIELDS)
    entry.removed_on, entry.removal_reason = day, reason
    entry.save(update_fields=["removed_on", "removal_reason"])
    status_sync(organization_ids=[entry.organization_id], day=day)  # type: ignore[arg-type]
    audit_record(
        actor=actor,
        action="civil_society.credit_entry.removed",
        obj=entry,
        region_code=entry.region_code,
        before=before,
        after=snapshot(entry, ENTRY_FIELDS),
    )
    return entry


# ---- the set-based run ---------------------------------------------------------------------------


def latest_due_year(kind: str, day: dt.date) -> int:
    """The latest report year whose registrar deadline has passed on ``day``."""
    year = day.year - 1
    return year if day > report_due_on(kind=kind, year=year) else year - 1


def late_report_candidates(*, day: dt.date, base: Any = None) -> list[tuple[int, str, str]]:
    """(organization id, region, note) of live organizations with no report for the latest year due
    and no open abnormal entry."""
    out: list[tuple[int, str, str]] = []
    for kind in OrgKind.values:
        year = latest_due_year(kind, day)
        due = report_due_on(kind=kind, year=year)
        rows = (
            (base if base is not None else Organization.objects.all())
            .filter(kind=kind, status__in=LIVE, registered_on__lte=dt.date(year, 12, 31))
            .filter(~Exists(AnnualReport.objects.filter(organization=OuterRef("pk"), year=year)))
            .filter(
                ~Exists(
                    CreditEntry.objects.filter(
                        organization=OuterRef("pk"), list=CreditList.ABNORMAL, removed_on__isnull=True
                    )
                )
            )
            .values_list("id", "region_code")
        )
        note = messages.REASON_LATE_REPORT.format(year=year, due=due)
        out.extend((pk, region, note) for pk, region in rows)
    return out


def uncontactable(*, day: dt.date, since_days: int = 365) -> Any:
    """Organizations (a queryset of ids) with two unsigned or returned registered letters 20–60 days
    apart, the later one on or before ``day`` and within ``since_days`` of it, and no signed letter
    or reached call on or after the first."""
    failed = ActivitySignal.objects.filter(kind="letter", outcome__in=["unsigned", "returned"])
    second = failed.filter(
        organization=OuterRef("organization"),
        occurred_on__gte=OuterRef("occurred_on") + dt.timedelta(days=LETTER_GAP_MIN),
        occurred_on__lte=OuterRef("occurred_on") + dt.timedelta(days=LETTER_GAP_MAX),
    )
    second = second.filter(occurred_on__lte=day, occurred_on__gt=day - dt.timedelta(days=since_days))
    contact = ActivitySignal.objects.filter(
        organization=OuterRef("organization"), occurred_on__gte=OuterRef("occurred_on"), occurred_on__lte=day
    ).filter(Q(outcome="signed") | Q(outcome="reached"))
    return (
        failed.filter(occurred_on__lte=day)
        .filter(Exists(second))
        .filter(~Exists(contact))
        .values("organization")
    )


@transaction.atomic
def credit_lists_apply(*, actor: User | None, as_of: Any = None) -> dict[str, int]:
    """The lists' rules as of ``as_of`` (today), set-based (see the module's docstring). Returns the
    counts: ``late_report``, ``uncontactable``, ``to_serious``, ``serious_removed``, ``status_changed``."""
    if actor is not None and not actor.has_perm(PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION_MANAGE)
    errors: dict[str, list[str]] = {}
    day = clean_date(as_of or timezone.localdate(), key="as_of", label="执行日期", errors=errors)
    if errors or day is None:
        raise ValidationError({"as_of": [messages.AS_OF_INVALID]})
    touched: set[int] = set()
    # An officer applies the rules in their scope; the command (no actor), everywhere.
    base = scoped(Organization.objects.all(), user=actor) if actor is not None else Organization.objects.all()
    entries = (
        scoped(CreditEntry.objects.all(), user=actor) if actor is not None else CreditEntry.objects.all()
    )
    # 1. late annual reports
    late = late_report_candidates(day=day, base=base)
    CreditEntry.objects.bulk_create(
        [
            CreditEntry(
                organization_id=pk,
                region_code=region,
                list=CreditList.ABNORMAL,
                reason=EntryReason.LATE_REPORT,
                entered_on=day,
                note=note,
            )
            for pk, region, note in late
        ]
    )
    touched |= {pk for pk, _, _ in late}
    # 2. uncontactable (two unsigned letters 20–60 days apart)
    open_abnormal = CreditEntry.objects.filter(
        organization=OuterRef("pk"), list=CreditList.ABNORMAL, removed_on__isnull=True
    )
    lost = list(
        base.filter(status__in=LIVE, pk__in=uncontactable(day=day))
        .filter(~Exists(open_abnormal))
        .values_list("id", "region_code")
    )
    CreditEntry.objects.bulk_create(
        [
            CreditEntry(
                organization_id=pk,
                region_code=region,
                list=CreditList.ABNORMAL,
                reason=EntryReason.UNCONTACTABLE,
                entered_on=day,
                note="两次挂号信相隔20–60天均未签收",
            )
            for pk, region in lost
        ]
    )
    touched |= {pk for pk, _ in lost}
    # 3. two years on the abnormal list → the serious list
    open_serious = CreditEntry.objects.filter(
        organization=OuterRef("organization"), list=CreditList.SERIOUS, removed_on__isnull=True
    )
    due = entries.filter(list=CreditList.ABNORMAL, removed_on__isnull=True).filter(~Exists(open_serious))
    moving = [
        (e.pk, e.organization_id, e.region_code)
        for e in due.only("id", "organization_id", "region_code", "entered_on")
        if years_after(e.entered_on, 2) <= day
    ]
    CreditEntry.objects.filter(pk__in=[m[0] for m in moving]).update(
        removed_on=day, removal_reason=messages.MOVED_TO_SERIOUS
    )
    CreditEntry.objects.bulk_create(
        [
            CreditEntry(
                organization_id=org,
                region_code=region,
                list=CreditList.SERIOUS,
                reason=EntryReason.TWO_YEARS,
                entered_on=day,
                note=messages.MOVED_TO_SERIOUS,
            )
            for _, org, region in moving
        ]
    )
    touched |= {m[1] for m in moving}
    # 4. two clean years on the serious list → off
    later = CreditEntry.objects.filter(
        organization=OuterRef("organization"), entered_on__gt=OuterRef("entered_on")
    )
    clean = (
        entries.filter(list=CreditList.SERIOUS, removed_on__isnull=True, entered_on__lt=day)
        .exclude(reason=EntryReason.TWO_YEARS, entered_on=day)
        .filter(~Exists(later))
    )
    leaving = [
        (e.pk, e.organization_id)
        for e in clean.only("id", "organization_id", "entered_on")
        if years_after(e.entered_on, 2) <= day
    ]
    CreditEntry.objects.filter(pk__in=[m[0] for m in leaving]).update(
        removed_on=day, removal_reason=messages.SERIOUS_TWO_CLEAN_YEARS
    )
    touched |= {m[1] for m in leaving}
    counts = {
        "late_report": len(late),
        "uncontactable": len(lost),
        "to_serious": len(moving),
        "serious_removed": len(leaving),
    }
    counts["status_changed"] = status_sync(organization_ids=touched, day=day)
    # One entry for the run (the list entries themselves carry their dates and reasons).
    audit_record(
        actor=actor,
        action="civil_society.credit_lists.applied",
        obj=Organization(pk=0),
        object_repr=f"信用名录规则 {day}",
        region_code="",
        after={"as_of": day.isoformat(), **counts},
    )
    return counts
