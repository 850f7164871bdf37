"""The demo's accident insurance: policies for about two elders in three, claims whose paid sum
is the premiums × 80.49% to the fen, the summary's 4,290 rehab claims and 33,240 yuan highest
payout at scale 1.0 (checked on the plan), figures read back from the records, idempotent."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from minzheng.demo import insurance
from minzheng.demo.build import BuildReport
from minzheng.eldercare.insurance.models import Claim, Policy
from minzheng.eldercare.insurance.selectors import insurance_figures
from minzheng.people.models import Person
from tests.demo.conftest import SEED, built  # noqa: F401  (fixture)
from tests.personas import Personas, build_personas


def test_the_plan_at_full_scale_gives_the_summarys_figures() -> None:
    target = Decimal("13512345.67")
    plan = insurance.claims_plan(target=target, scale=1.0, rng=random.Random(1))
    assert sum(a for _, a in plan) == target
    assert sum(1 for kind, _ in plan if kind == "rehab") == 4_290
    assert max(a for _, a in plan) == Decimal("33240.00")
    assert sum(1 for _, a in plan if a == Decimal("33240.00")) == 1


@pytest.mark.parametrize("scale", [0.0005, 0.01, 0.1])
def test_the_plan_pays_the_target_exactly_at_any_scale(scale: float) -> None:
    target = (Decimal("13500000") * Decimal(str(scale))).quantize(Decimal("0.01")) + Decimal("0.37")
    plan = insurance.claims_plan(target=target, scale=scale, rng=random.Random(2))
    assert sum(a for _, a in plan) == target and all(Decimal("0") < a <= Decimal("33240.00") for _, a in plan)


@pytest.mark.django_db
def test_the_build_writes_policies_and_claims_with_the_payout_ratio(built: BuildReport) -> None:  # noqa: F811
    counts = insurance.demo_insurance_build(seed=SEED, scale=0.0005)
    elders = Person.objects.filter(birth_date__lte="1964-12-31").count()
    assert 0.5 * elders < counts["policies"] == Policy.objects.count() < 0.8 * elders
    assert Claim.objects.count() == counts["claims"] and counts["rehab_claims_paid"] == 2
    personas: Personas = build_personas()
    figures = insurance_figures(actor=personas.city_admin, year=2024)
    assert figures["insurance_payout_ratio"] == Decimal("80.49")
    assert figures["insurance_rehab_claims"] == 2
    paid = sum(Claim.objects.filter(status="paid").values_list("amount_paid", flat=True))
    premiums = sum(Policy.objects.values_list("premium", flat=True))
    assert paid == (premiums * Decimal("0.8049")).quantize(Decimal("0.01"))
    for claim in Claim.objects.select_related("policy__person"):
        assert claim.accident_on.year == 2024 and claim.region_code == claim.policy.region_code
        died = claim.policy.person.death_date
        assert died is None or claim.accident_on <= died
    assert insurance.demo_insurance_build(seed=SEED, scale=0.0005) == {}
    assert Policy.objects.count() == counts["policies"]
