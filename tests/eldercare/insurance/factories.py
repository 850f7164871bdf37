"""Policies and claims for the insurance tests, written through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from minzheng.core.models import User
from minzheng.eldercare.insurance.models import Claim, Policy
from minzheng.eldercare.insurance.services import claim_add, claim_decide, policy_add
from tests.eldercare.factories import elder
from tests.personas import MY_VILLAGE

YEAR = 2024


def policy(
    actor: User,
    *,
    premium: str = "30.00",
    region_code: str = MY_VILLAGE,
    year: int = YEAR,
    birth: dt.date = dt.date(1940, 3, 1),
) -> Policy:
    person, _ = elder(birth, region_code=region_code)
    return policy_add(actor=actor, person=person, year=year, insurer="中国人寿湖州分公司", premium=premium)


def paid_claim(
    actor: User, on: Policy, *, amount: str, kind: str = "medical", claimed: str | None = None
) -> Claim:
    claim = claim_add(
        actor=actor,
        policy=on,
        kind=kind,
        accident_on=dt.date(on.year, 3, 10),
        claimed_on=dt.date(on.year, 3, 12),
        amount_claimed=claimed or amount,
    )
    return claim_decide(
        actor=actor, claim=claim, decision="pay", amount_paid=Decimal(amount), paid_on=dt.date(on.year, 4, 1)
    )
