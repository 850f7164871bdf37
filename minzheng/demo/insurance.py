"""The demo city's accident insurance for elders (老年人意外险), 2024: policies for about two
elders in three, and claims on them, so that the summary's figures come out of the records.

- **Policies.** Living people who are 60 or over by the end of 2024 and alive at its start,
  ``COVERED_PER_CENT`` of them chosen by a fixed hash of their ids and the seed, one policy each for
  2024, in one ``INSERT … SELECT``: 25.00 yuan a year, 40.00 from 80 (the government buys the
  cover), with one of three insurers by the hash.
- **Claims**, written with ``bulk_create`` from a plan made in Python (a few thousand rows):
  - ``REHAB_CLAIMS`` × scale rehab allowances (康复津贴) paid, 600–3,000 yuan each;
  - at larger scales, disability claims paid, the largest one ``MAX_CLAIM`` yuan (the summary's
    highest single payout), the others 5,000–30,000;
  - accident medical claims paid, which take the rest, so that everything paid is the premiums ×
    ``PAYOUT_RATIO`` to the fen: the payout ratio reads 80.49% at any scale;
  - and claims refused or still waiting, which pay nothing.
  Each claim is on its own policy; the accident falls in 2024 (before the elder's death, if
  any), the claim a few days later, the payment some weeks after.

At scale 1.0: 4,290 rehab claims paid, the highest payout 33,240.00 and a payout ratio of 80.49%
(``eldercare.insurance_*``). Idempotent: a second call finds the marker audit entry and writes
nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from minzheng.core.db import tables_analyze
from minzheng.demo.eldercare import scaled, shuffled
from minzheng.demo.marker import part_built, part_mark
from minzheng.eldercare.insurance.models import Claim, ClaimKind, ClaimStatus, Policy
from minzheng.people.models import Person

YEAR = 2024
BUILT_ACTION = "demo.insurance.built"
COVERED_PER_CENT = 65
INSURERS = ("中国人寿湖州分公司", "中国人保财险湖州市分公司", "太平洋财险湖州中心支公司")
PREMIUM, PREMIUM_80 = Decimal("25.00"), Decimal("40.00")
REHAB_CLAIMS = 4_290  # eldercare.insurance_rehab_claims
MAX_CLAIM = Decimal("33240.00")  # eldercare.insurance_max_claim
PAYOUT_RATIO = Decimal("0.8049")  # eldercare.insurance_payout_ratio
DISABILITY_CLAIMS = 60
REFUSED, WAITING = 200, 150
MEDICAL_AVERAGE = Decimal("1500")
FEN = Decimal("0.01")
FIRST, LAST = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)


def policies_write(*, seed: int) -> int:
    """One 2024 policy for ``COVERED_PER_CENT`` of the elders, in one statement."""
    policy, person = Policy._meta.db_table, Person._meta.db_table
    insurer = " ".join(f"WHEN {i} THEN '{name}'" for i, name in enumerate(INSURERS))
    created = timezone.make_aware(dt.datetime(YEAR, 1, 1, 9))
    sql = (
        f"INSERT INTO {policy} (person_id, region_code, year, insurer, premium, created_by_id, created_at) "
        f"SELECT p.id, p.region_code, {YEAR}, CASE ({shuffled('p.id', seed * 13 + 1)} %% 3) {insurer} END, "
        f"CASE WHEN p.birth_date <= %s THEN {PREMIUM_80} ELSE {PREMIUM} END, NULL, %s FROM {person} p "
        f"WHERE p.birth_date <= %s AND (p.death_date IS NULL OR p.death_date >= %s) "
        f"AND {shuffled('p.id', seed * 13 + 2)} %% 100 < {COVERED_PER_CENT} "
        f"AND NOT EXISTS (SELECT 1 FROM {policy} x WHERE x.person_id = p.id AND x.year = {YEAR})"
    )
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                ops.adapt_datefield_value(dt.date(YEAR - 80, 12, 31)),
                ops.adapt_datetimefield_value(created),
                ops.adapt_datefield_value(dt.date(YEAR - 60, 12, 31)),
                ops.adapt_datefield_value(FIRST),
            ],
        )
        return cursor.rowcount


def _spread(total: Decimal, count: int, rng: random.Random) -> list[Decimal]:
    """``count`` amounts of about ``total / count`` each (±half), summing to ``total`` to the fen:
    pairs that differ from the mean by the same amount either way, the rounding on the last."""
    base = (total / count).quantize(FEN)
    out: list[Decimal] = []
    for _ in range(count // 2):
        d = (base * Decimal(rng.randint(-50, 50)) / 100).quantize(FEN)
        out += [base + d, base - d]
    if count % 2:
        out.append(base)
    out[-1] += total - sum(out, Decimal("0.00"))
    return out


def claims_plan(*, target: Decimal, scale: float, rng: random.Random) -> list[tuple[str, Decimal]]:
    """The paid claims as (kind, amount), summing to ``target`` exactly (see the module's docstring)."""
    rehab = [Decimal(600 + 100 * rng.randint(0, 24)) for _ in range(scaled(REHAB_CLAIMS, scale))]
    if sum(rehab) > target / 2:  # a tiny city: the allowances shrink, the count stays
        factor = target / 2 / sum(rehab)
        rehab = [max(FEN, (a * factor).quantize(FEN)) for a in rehab]
    paid = [(ClaimKind.REHAB.value, a) for a in rehab]
    budget = target - sum(rehab, Decimal("0.00"))
    disability = [Decimal(rng.randint(5_000, 30_000)) for _ in range(scaled(DISABILITY_CLAIMS, scale) - 1)]
    if budget >= 4 * (MAX_CLAIM + sum(disability, Decimal("0.00"))):
        paid += [(ClaimKind.DISABILITY.value, a) for a in [MAX_CLAIM, *disability]]
        budget -= MAX_CLAIM + sum(disability, Decimal("0.00"))
    count = max(1, int((budget / MEDICAL_AVERAGE).to_integral_value(ROUND_HALF_UP)))
    paid += [(ClaimKind.MEDICAL.value, a) for a in _spread(budget, count, rng)]
    assert sum(a for _, a in paid) == target and all(a > 0 for _, a in paid)
    return paid


def _as_date(value: Any) -> dt.date | None:
    return value if value is None or isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def claims_write(*, seed: int, scale: float, target: Decimal) -> dict[str, int]:
    """Write the planned claims, each on its own policy chosen by a fixed hash."""
    rng = random.Random(seed * 1_000 + 17)
    paid = claims_plan(target=target, scale=scale, rng=rng)
    others = [ClaimStatus.REFUSED.value] * scaled(REFUSED, scale) + [ClaimStatus.CLAIMED.value] * scaled(
        WAITING, scale
    )
    policy, person = Policy._meta.db_table, Person._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.id, c.region_code, p.death_date FROM {policy} c JOIN {person} p ON p.id = c.person_id "
            f"WHERE c.year = {YEAR} ORDER BY {shuffled('c.id', seed * 13 + 3)}, c.id LIMIT %s",
            [len(paid) + len(others)],
        )
        policies = [(pk, region, _as_date(died)) for pk, region, died in cursor.fetchall()]
    assert len(policies) == len(paid) + len(others), "too few policies for the claims"
    now = timezone.now()
    rows: list[Claim] = []
    plans: list[tuple[str, Decimal] | str] = [*paid, *others]
    for (pk, region, died), plan in zip(policies, plans, strict=True):
        last = min(LAST if died is None else died, dt.date(YEAR, 11, 30))
        accident = _day(rng, FIRST, last)
        claimed = accident + dt.timedelta(days=rng.randint(1, 20))
        row = Claim(
            policy_id=pk,
            region_code=region,
            year=YEAR,
            accident_on=accident,
            claimed_on=claimed,
            created_at=now,
        )
        if not isinstance(plan, str):
            kind, amount = plan
            row.kind, row.status, row.amount_paid = kind, ClaimStatus.PAID, amount
            row.amount_claimed = amount + Decimal(rng.choice((0, 0, 0, 100, 300)))
            row.paid_on = claimed + dt.timedelta(days=rng.randint(7, 45))
            row.decided_at = now
        else:
            row.kind = rng.choice((ClaimKind.MEDICAL.value, ClaimKind.HOSPITAL.value))
            row.status = plan
            row.amount_claimed = Decimal(rng.randint(300, 5_000))
            if plan == ClaimStatus.REFUSED:
                row.refusal_reason, row.decided_at = (
                    rng.choice(("疾病所致，非意外伤害", "超过保险责任范围")),
                    now,
                )
        rows.append(row)
    Claim.objects.bulk_create(rows, batch_size=2_000)
    return {
        "claims": len(rows),
        "claims_paid": len(paid),
        "rehab_claims_paid": sum(1 for kind, _ in paid if kind == ClaimKind.REHAB),
    }


def demo_insurance_build(
    *, seed: int, scale: float, say: Callable[[str], None] = lambda text: None
) -> dict[str, Any]:
    """Write the demo city's 2024 policies and claims (see the module's docstring). Does nothing
    when already done, or when the registry is empty."""
    if part_built(BUILT_ACTION) or not Person.objects.exists():
        return {}
    with transaction.atomic():
        counts: dict[str, Any] = {"policies": policies_write(seed=seed)}
        tables_analyze(Policy)
        premiums = Policy.objects.filter(year=YEAR).aggregate(s=Sum("premium"))["s"] or Decimal("0")
        if premiums:
            target = (Decimal(premiums) * PAYOUT_RATIO).quantize(FEN, rounding=ROUND_HALF_UP)
            counts |= claims_write(seed=seed, scale=scale, target=target)
            counts |= {"premiums": f"{premiums:.2f}", "paid": f"{target:.2f}"}
        tables_analyze(Policy, Claim)
        part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts, text="湖州市演示老年人意外险")
    say(
        f"  意外险保单 {counts['policies']:,} 份，理赔 {counts.get('claims', 0):,} 件"
        f"（康复津贴已赔付 {counts.get('rehab_claims_paid', 0):,} 件）"
    )
    return counts
