"""Reads on accident insurance for elders (老年人意外险), scoped by the policy's region (the
elder's home region when it was written): a county officer sees the county's policies and
claims, the city all of them; anything else answers 404.

**Payout ratio** (赔付率) of a year and a region = the amounts paid on the claims of that year's
policies ÷ the premiums of those policies, as a percentage rounded half up to 2 places; only the
claims paid count (a claim waiting or refused pays nothing). Both sums are grouped SQL aggregates
over the ``(region_code, year)`` indexes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404

from minzheng.benefits.money import ZERO, yuan
from minzheng.core import messages as core_messages
from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for, scoped
from minzheng.eldercare.insurance.models import Claim, ClaimKind, ClaimStatus, Policy
from minzheng.facilities.operators.selectors import as_id
from minzheng.people.models import Person

PERM_VIEW = "eldercare.view_insurance"
PERM_MANAGE = "eldercare.manage_insurance"
PERCENT = Decimal("0.01")


def policies_visible(*, user: User | Any) -> QuerySet[Policy]:
    return scoped(Policy.objects.all(), user=user)


def claims_visible(*, user: User | Any) -> QuerySet[Claim]:
    return scoped(Claim.objects.all(), user=user)


def policy_get(*, user: User | Any, pk: Any) -> Policy:
    key = as_id(pk)
    policy = policies_visible(user=user).select_related("person").filter(pk=key).first() if key else None
    if policy is None:
        raise Http404(core_messages.NOT_FOUND)
    return policy


def claim_get(*, user: User | Any, pk: Any) -> Claim:
    key = as_id(pk)
    claim = claims_visible(user=user).select_related("policy__person").filter(pk=key).first() if key else None
    if claim is None:
        raise Http404(core_messages.NOT_FOUND)
    return claim


def policy_list(*, user: User, year: int) -> QuerySet[Policy]:
    return (
        policies_visible(user=user).filter(year=year).select_related("person").order_by("region_code", "id")
    )


def claim_list(*, user: User, year: int, kind: str = "", status: str = "") -> QuerySet[Claim]:
    """The claims on a year's policies, newest claim first (of one kind or status)."""
    qs = claims_visible(user=user).filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("policy__person").order_by("-claimed_on", "-id")


def policy_of(*, person: Person, year: int) -> Policy | None:
    return Policy.objects.filter(person=person, year=year).first()


def insurance_latest_year() -> int:
    """The year the pages open on: the latest year with policies, or this year."""
    latest = Policy.objects.order_by("-year").values_list("year", flat=True).first()
    return latest if latest is not None else dt.date.today().year


# ---- the payout ratio -------------------------------------------------------------------------------


def ratio(paid: Decimal, premiums: Decimal) -> Decimal | None:
    """paid ÷ premiums as a percentage, rounded half up to 2 places; None without premiums."""
    if not premiums:
        return None
    return (Decimal(paid) * 100 / Decimal(premiums)).quantize(PERCENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PayoutRow:
    """One region's (or the scope's) year: policies and premiums, claims paid and the amount."""

    region_code: str
    region_name: str
    policies: int
    premiums: Decimal
    claims_paid: int
    paid: Decimal
    rehab_paid: int
    max_paid: Decimal | None

    @property
    def payout_ratio(self) -> Decimal | None:
        return ratio(self.paid, self.premiums)


def _max(value: Any) -> Decimal | None:
    """SQLite sums and maxima of decimals come back unscaled: yuan to the fen, as stored."""
    return None if value is None else yuan(value)


PAID = Q(status=ClaimStatus.PAID)
CLAIM_SUMS = {
    "claims_paid": Count("id", filter=PAID),
    "paid": Sum("amount_paid", filter=PAID),
    "rehab_paid": Count("id", filter=PAID & Q(kind=ClaimKind.REHAB)),
    "max_paid": Max("amount_paid", filter=PAID),
}


def payout_total(*, user: User | Any, year: int) -> PayoutRow:
    """The year's figures in the user's whole scope: two aggregates."""
    policies = policies_visible(user=user).filter(year=year).aggregate(n=Count("id"), premiums=Sum("premium"))
    claims = claims_visible(user=user).filter(year=year).aggregate(**CLAIM_SUMS)
    prefix = scope_for(user).prefix or ""
    region = (
        Region.objects.filter(code=prefix.ljust(12, "0")).values_list("name", flat=True).first()
        if prefix
        else None
    )
    return PayoutRow(
        region_code=prefix.ljust(12, "0") if prefix else "",
        region_name=region or "合计",
        policies=policies["n"],
        premiums=yuan(policies["premiums"] or ZERO),
        claims_paid=claims["claims_paid"],
        paid=yuan(claims["paid"] or ZERO),
        rehab_paid=claims["rehab_paid"],
        max_paid=_max(claims["max_paid"]),
    )


def payout_by_region(*, user: User | Any, year: int) -> list[PayoutRow]:
    """The year's figures per region one level below the user's scope (the counties for the city,
    the townships for a county), grouped in SQL by the prefix of ``region_code``."""
    prefix = scope_for(user).prefix
    if prefix is None:
        return []
    length = {4: 6, 6: 9}.get(len(prefix), 12)
    area = Substr("region_code", 1, length)
    premiums = {
        r["area"]: r
        for r in policies_visible(user=user)
        .filter(year=year)
        .annotate(area=area)
        .order_by()
        .values("area")
        .annotate(n=Count("id"), premiums=Sum("premium"))
    }
    claims = {
        r["area"]: r
        for r in claims_visible(user=user)
        .filter(year=year)
        .annotate(area=area)
        .order_by()
        .values("area")
        .annotate(**CLAIM_SUMS)
    }
    codes = sorted(set(premiums) | set(claims))
    names = dict(
        Region.objects.filter(code__in=[c.ljust(12, "0") for c in codes]).values_list("code", "name")
    )
    rows = []
    for code in codes:
        p, c = premiums.get(code, {}), claims.get(code, {})
        rows.append(
            PayoutRow(
                region_code=code.ljust(12, "0"),
                region_name=names.get(code.ljust(12, "0"), code),
                policies=p.get("n", 0),
                premiums=yuan(p.get("premiums") or ZERO),
                claims_paid=c.get("claims_paid", 0),
                paid=yuan(c.get("paid") or ZERO),
                rehab_paid=c.get("rehab_paid", 0),
                max_paid=_max(c.get("max_paid")),
            )
        )
    return rows


def insurance_figures(*, actor: User | Any, year: int) -> dict[str, Any]:
    """The summary's insurance figures for a year in ``actor``'s scope: rehab-allowance claims
    paid (件), the highest single payout (元) and the payout ratio (%)."""
    total = payout_total(user=actor, year=year)
    return {
        "insurance_rehab_claims": total.rehab_paid,
        "insurance_max_claim": total.max_paid,
        "insurance_payout_ratio": total.payout_ratio,
    }
