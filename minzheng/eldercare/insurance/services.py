"""Writes on accident insurance for elders (老年人意外险). Each runs in one transaction, checks
its input (a Chinese ``ValidationError`` keyed by the field at fault), writes, records one audit
entry ``eldercare.insurance_policy.<verb>`` / ``eldercare.insurance_claim.<verb>`` and returns
what it wrote; a refusal writes nothing.

- ``policy_add``: an elder's policy for a year (60 or over by the year's end, alive at its
  start), one per elder and year (a unique constraint decides a race).
- ``claim_add``: a claim on a policy, the accident inside the policy's year.
- ``claim_decide``: the insurer's answer, recorded once: paid (an amount not above the claim,
  on a day not before it) or refused (with the reason). A claim already decided is refused.

The actor holds ``eldercare.manage_insurance`` and sees the elder (their scope holds the policy's
region): otherwise 404, so nobody learns the policy exists.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.benefits.applications.counting import age_on
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.eldercare.insurance import messages, selectors
from minzheng.eldercare.insurance.models import YEARS, Claim, ClaimKind, ClaimStatus, Policy
from minzheng.people.models import Person

PERM_MANAGE = selectors.PERM_MANAGE
ELDER_AGE = 60
FEN = Decimal("0.01")
PREMIUM_MAX = Decimal("1000.00")  # a year's cover of one elder; more is a slip of the finger
CLAIM_MAX = Decimal("500000.00")
INSURER_MAX = 60
REASON_MAX = 200
POLICY_FIELDS = ["person", "year", "insurer", "premium"]
CLAIM_FIELDS = [
    "policy",
    "kind",
    "accident_on",
    "claimed_on",
    "amount_claimed",
    "status",
    "amount_paid",
    "paid_on",
    "refusal_reason",
]


def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value or "")).strip()


def money_error(value: Any, *, maximum: Decimal) -> bool:
    """True when ``value`` is not an amount of yuan above zero, at most ``maximum``, exact to the fen."""
    if value is None or isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        return True
    try:
        amount = value if isinstance(value, Decimal) else Decimal(_text(value))
    except InvalidOperation:
        return True
    return not amount.is_finite() or amount <= 0 or amount > maximum or amount != amount.quantize(FEN)


def _money(
    value: Any, *, field: str, label: str, maximum: Decimal, errors: dict[str, list[str]]
) -> Decimal | None:
    if money_error(value, maximum=maximum):
        errors[field] = [messages.AMOUNT_INVALID.format(label=label, max=maximum)]
        return None
    return (value if isinstance(value, Decimal) else Decimal(_text(value))).quantize(FEN)


def _day(
    value: Any, *, field: str, required: str, label: str, errors: dict[str, list[str]]
) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if value is None or value == "":
        errors[field] = [required]
        return None
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(_text(value))
        except ValueError:
            errors[field] = [required]
            return None
    if value > timezone.localdate():
        errors[field] = [messages.DAY_FUTURE.format(label=label)]
        return None
    return value


def _authorize(actor: User | None, region_code: str) -> None:
    """404 outside the actor's scope (nobody learns the record exists), 403 without the power."""
    if actor is None or not scope_for(actor).contains(region_code):
        raise Http404(core_messages.NOT_FOUND)
    if not actor.has_perm(PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION_MANAGE)


@transaction.atomic
def policy_add(
    *, actor: User, person: Person | None, year: int | str, insurer: str, premium: Decimal | str
) -> Policy:
    """One elder's accident cover for one calendar year (see the module's docstring)."""
    if person is None:
        raise ValidationError({"person": [messages.PERSON_REQUIRED]})
    _authorize(actor, person.region_code)
    errors: dict[str, list[str]] = {}
    try:
        year_value = int(_text(year))
    except ValueError:
        year_value = 0
    if not YEARS[0] <= year_value <= YEARS[1]:
        errors["year"] = [messages.YEAR_INVALID.format(min=YEARS[0], max=YEARS[1])]
    name = _text(insurer)
    if not name or len(name) > INSURER_MAX:
        errors["insurer"] = [messages.INSURER_REQUIRED.format(max=INSURER_MAX)]
    amount = _money(premium, field="premium", label="保费", maximum=PREMIUM_MAX, errors=errors)
    if "year" not in errors:
        if age_on(person.birth_date, dt.date(year_value, 12, 31)) < ELDER_AGE:
            errors["person"] = [messages.PERSON_TOO_YOUNG.format(name=person.name, year=year_value)]
        elif person.death_date is not None and person.death_date < dt.date(year_value, 1, 1):
            errors["person"] = [
                messages.PERSON_DECEASED.format(
                    name=person.name, date=person.death_date.isoformat(), year=year_value
                )
            ]
        elif (existing := selectors.policy_of(person=person, year=year_value)) is not None:
            errors["year"] = [
                messages.POLICY_EXISTS.format(
                    year=year_value, insurer=existing.insurer, premium=f"{existing.premium:.2f}"
                )
            ]
    if errors:
        raise ValidationError(errors)
    assert amount is not None
    policy = Policy(
        person=person,
        region_code=person.region_code,
        year=year_value,
        insurer=name,
        premium=amount,
        created_by=actor,
        created_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            policy.save()
    except IntegrityError as exc:  # the same policy, sent at the same moment, committed first
        raise ValidationError(
            {"year": [messages.POLICY_EXISTS.format(year=year_value, insurer=name, premium=f"{amount:.2f}")]}
        ) from exc
    audit_record(
        actor=actor,
        action="eldercare.insurance_policy.added",
        obj=policy,
        object_repr=f"{person.name} {year_value}年度 {name}",
        after=snapshot(policy, POLICY_FIELDS),
    )
    return policy


@transaction.atomic
def claim_add(
    *,
    actor: User,
    policy: Policy,
    kind: str,
    accident_on: dt.date | str,
    claimed_on: dt.date | str,
    amount_claimed: Decimal | str,
) -> Claim:
    """A claim on ``policy``: the accident inside its year, claimed on or after the accident."""
    _authorize(actor, policy.region_code)
    errors: dict[str, list[str]] = {}
    if kind not in ClaimKind.values:
        errors["kind"] = [messages.KIND_INVALID]
    accident = _day(
        accident_on,
        field="accident_on",
        required=messages.ACCIDENT_ON_REQUIRED,
        label="出险日期",
        errors=errors,
    )
    claimed = _day(
        claimed_on, field="claimed_on", required=messages.CLAIMED_ON_REQUIRED, label="报案日期", errors=errors
    )
    amount = _money(
        amount_claimed, field="amount_claimed", label="申请金额", maximum=CLAIM_MAX, errors=errors
    )
    person = policy.person
    if accident is not None:
        if accident.year != policy.year:
            errors["accident_on"] = [messages.ACCIDENT_OUTSIDE_YEAR.format(year=policy.year)]
        elif person.death_date is not None and accident > person.death_date:
            errors["accident_on"] = [messages.ACCIDENT_AFTER_DEATH.format(date=person.death_date.isoformat())]
        elif claimed is not None and claimed < accident:
            errors["claimed_on"] = [messages.CLAIMED_BEFORE_ACCIDENT]
    if (
        kind == ClaimKind.DEATH
        and policy.claims.filter(kind=ClaimKind.DEATH).exclude(status=ClaimStatus.REFUSED).exists()
    ):
        errors["kind"] = [messages.DEATH_ONLY_ONCE]
    if errors:
        raise ValidationError(errors)
    assert accident is not None and claimed is not None and amount is not None
    claim = Claim.objects.create(
        policy=policy,
        region_code=policy.region_code,
        year=policy.year,
        kind=kind,
        accident_on=accident,
        claimed_on=claimed,
        amount_claimed=amount,
        created_by=actor,
        created_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="eldercare.insurance_claim.added",
        obj=claim,
        object_repr=f"{person.name} {claim.get_kind_display()} {accident}",
        after=snapshot(claim, CLAIM_FIELDS),
    )
    return claim


@transaction.atomic
def claim_decide(
    *,
    actor: User,
    claim: Claim,
    decision: str,
    amount_paid: Decimal | str | None = None,
    paid_on: dt.date | str | None = None,
    reason: str = "",
) -> Claim:
    """Record the insurer's answer to a claim, once: ``pay`` (``amount_paid`` on ``paid_on``) or
    ``refuse`` (``reason``). A conditional update decides a race: the second answer is refused."""
    _authorize(actor, claim.region_code)
    row = Claim.objects.get(pk=claim.pk)
    if row.status != ClaimStatus.CLAIMED:
        raise ValidationError(
            {
                "status": [
                    messages.CLAIM_DECIDED.format(
                        at=timezone.localtime(row.decided_at).strftime("%Y-%m-%d %H:%M")
                        if row.decided_at
                        else "—",
                        status=row.get_status_display(),
                    )
                ]
            }
        )
    errors: dict[str, list[str]] = {}
    changes: dict[str, Any]
    if decision == "pay":
        amount = _money(amount_paid, field="amount_paid", label="赔付金额", maximum=CLAIM_MAX, errors=errors)
        day = _day(
            paid_on, field="paid_on", required=messages.PAID_ON_REQUIRED, label="赔付日期", errors=errors
        )
        if amount is not None and amount > row.amount_claimed:
            errors["amount_paid"] = [
                messages.PAID_MORE_THAN_CLAIMED.format(claimed=f"{row.amount_claimed:.2f}")
            ]
        if day is not None and day < row.claimed_on:
            errors["paid_on"] = [messages.PAID_BEFORE_CLAIMED.format(date=row.claimed_on.isoformat())]
        changes = {"status": ClaimStatus.PAID, "amount_paid": amount, "paid_on": day}
    elif decision == "refuse":
        text = _text(reason)
        if not text or len(text) > REASON_MAX:
            errors["refusal_reason"] = [messages.REASON_REQUIRED.format(max=REASON_MAX)]
        changes = {"status": ClaimStatus.REFUSED, "refusal_reason": text}
    else:
        errors["decision"] = [messages.DECISION_INVALID]
        changes = {}
    if errors:
        raise ValidationError(errors)
    before = snapshot(row, CLAIM_FIELDS)
    changed = Claim.objects.filter(pk=row.pk, status=ClaimStatus.CLAIMED).update(
        **changes, decided_by=actor, decided_at=timezone.now()
    )
    if changed != 1:
        raise ValidationError({"status": [messages.CLAIM_DECIDED.format(at="—", status="—")]})
    row.refresh_from_db()
    audit_record(
        actor=actor,
        action=f"eldercare.insurance_claim.{'paid' if decision == 'pay' else 'refused'}",
        obj=row,
        before=before,
        after=snapshot(row, CLAIM_FIELDS),
    )
    return row
