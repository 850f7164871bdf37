"""The annual spending check of 慈善法 art. 61 (docs/DOMAIN.md "Charity"), a pure function.

- A charity with the public fundraising qualification (the foundation of the rule) spends on
  charity at least 70% of the previous year's income or 70% of the 3-year average income (meeting
  either suffices, so the requirement is 70% of the lower of the two); management costs ≤ 10%.
- Without it, by the prior year's net assets, a tier including its lower bound: ≥ 1000万 6% and
  13%; 500万–1000万 7% and 14%; 100万–500万 8% and 15%; under 100万 8% of net assets and also
  50% of the previous year's income (the larger of the two), and 20%.

The year's **total spending** is the charity spending plus the management costs (the two kinds of
spending the inputs carry); the management ratio is management costs ÷ total spending. It is
compared with the cap exactly; the ratio shown is rounded half up to 4 places (0.1250 = 12.50%),
and is None when nothing was spent (then nothing breaks the cap). The required spending is
rounded half up to the fen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from minzheng.civil_society.charity import messages

FEN = Decimal("0.01")
RATIO = Decimal("0.0001")
WAN = Decimal(10_000)
PUBLIC_SHARE = Decimal("0.70")
PUBLIC_CAP = Decimal("0.10")
# (lowest net assets of the tier, share of net assets, management cap), highest tier first.
TIERS = (
    (1000 * WAN, Decimal("0.06"), Decimal("0.13")),
    (500 * WAN, Decimal("0.07"), Decimal("0.14")),
    (100 * WAN, Decimal("0.08"), Decimal("0.15")),
    (Decimal(0), Decimal("0.08"), Decimal("0.20")),
)
SMALL_INCOME_SHARE = Decimal("0.50")


@dataclass(frozen=True)
class SpendingCheck:
    required_spending: Decimal
    spending_ok: bool
    management_ratio: Decimal | None
    management_cap: Decimal
    management_ok: bool
    basis: str
    findings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "required_spending": self.required_spending,
            "spending_ok": self.spending_ok,
            "management_ratio": self.management_ratio,
            "management_cap": self.management_cap,
            "management_ok": self.management_ok,
            "findings": list(self.findings),
        }


def _pct(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def _yuan(amount: Decimal) -> str:
    return f"{amount.quantize(FEN):,}"


def spending_check(
    *,
    public_fundraising: bool,
    net_assets_prev_year: Decimal,
    income_prev_year: Decimal,
    income_avg_3y: Decimal,
    charity_spending: Decimal,
    management_costs: Decimal,
) -> SpendingCheck:
    """The art. 61 check of one year's accounts. Amounts are non-negative (the callers check)."""
    if public_fundraising:
        base = min(income_prev_year, income_avg_3y)
        required = base * PUBLIC_SHARE
        cap = PUBLIC_CAP
        basis = messages.BASIS_PUBLIC
    else:
        low, share, cap = next(tier for tier in TIERS if net_assets_prev_year >= tier[0])
        required = net_assets_prev_year * share
        if low == 0:
            required = max(required, income_prev_year * SMALL_INCOME_SHARE)
            basis = messages.BASIS_SMALL
        else:
            basis = messages.BASIS_TIER.format(low=f"{(low / WAN):f}", share=_pct(share), cap=_pct(cap))
    required = required.quantize(FEN, rounding=ROUND_HALF_UP)
    total = charity_spending + management_costs
    spending_ok = charity_spending >= required
    management_ok = management_costs <= total * cap
    ratio = (management_costs / total).quantize(RATIO, rounding=ROUND_HALF_UP) if total else None
    findings = []
    if not spending_ok:
        findings.append(
            messages.SPENDING_SHORT.format(
                spent=_yuan(charity_spending), required=_yuan(required), basis=basis
            )
        )
    if not management_ok:
        shown = (management_costs * 100 / total).quantize(FEN, rounding=ROUND_HALF_UP)
        findings.append(messages.MANAGEMENT_OVER.format(ratio=f"{shown}%", cap=_pct(cap)))
    return SpendingCheck(
        required_spending=required,
        spending_ok=spending_ok,
        management_ratio=ratio,
        management_cap=cap,
        management_ok=management_ok,
        basis=basis,
        findings=findings,
    )
