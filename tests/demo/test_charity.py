"""The demo's charity (``minzheng.demo.charity``): the planner's exact sums, and a small build on
hand-made organizations whose figures read back exactly at its scale (the federation's raised
money, the livelihood disbursements, the trusts' new and total amounts and their growth, 16 new
charities), with receipt numbers in one series per organization and year; a second build writes
nothing."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db.models import Count, Max

from minzheng.civil_society.charity.models import CharityRecognition
from minzheng.civil_society.charity.selectors import spending_checks
from minzheng.civil_society.donations.models import Campaign, Donation, ReceiptCounter
from minzheng.civil_society.figures.charity import charity_figures
from minzheng.civil_society.trusts.models import CharitableTrust
from minzheng.core.models import Region
from minzheng.core.scope import Scope
from minzheng.demo import charity as demo
from tests.civil_society.charity.support import org_make
from tests.factories import PersonFactory
from tests.places.factories import AddressFactory, RoadFactory

CITY = Scope(prefix="3305")


def test_split_sums_exactly_at_scale_one() -> None:
    rng = random.Random(1)
    parts = demo.split(rng, demo.scaled(demo.RAISED, 1.0), demo.DONATIONS)
    assert len(parts) == 150_000 and sum(parts) == Decimal("454000000.00") and min(parts) >= 1
    invested = demo.split(
        rng, demo.scaled(demo.INVESTED, 1.0), demo.DISBURSEMENTS, alpha=1.5, floor=Decimal(100)
    )
    assert sum(invested) == Decimal("427000000.00")
    assert demo.scaled(demo.TRUST_NEW + demo.TRUST_BEFORE, 1.0) == Decimal("61140000.00")
    # 61.14M over 45.84M: +33.4% (the summary rounds it to 33%).
    assert ((Decimal("61140000") / Decimal("45840000") - 1) * 100).quantize(Decimal("0.1")) == Decimal("33.4")
    assert demo.STANDING_TOTAL >= 100 and demo.NEW_2024 == 16


@pytest.fixture
def registry(personas):
    """120 organizations, and a person and an address in every county for the 慈善总会."""
    for county in ("330502", "330503", "330521", "330522", "330523"):
        region = (
            Region.objects.filter(code__startswith=county)
            .exclude(code=county + "000000")
            .order_by("code")
            .first()
        )
        AddressFactory(road=RoadFactory(region_code=region.code))
        PersonFactory(region_code=region.code)
    for n in range(120):
        org_make(registered_on=dt.date(2008, 1, 1) + dt.timedelta(days=47 * n))
    return personas


@pytest.mark.django_db
def test_a_small_build_reads_back_the_summary_figures_at_its_scale(registry) -> None:
    scale = 0.01
    counts = demo.demo_charity_build(seed=3, scale=scale)
    figures = charity_figures(scope=CITY, year=2024)
    assert figures["charity.raised"] == Decimal("4540000.00")
    assert figures["charity.invested_livelihood"] == Decimal("4270000.00")
    assert figures["charity.trust_new"] == Decimal("153000.00")
    assert figures["charity.trust_total"] == Decimal("611400.00")
    assert figures["charity.trust_growth"] == Decimal("33.4")
    assert figures["charity.orgs_new"] == 16
    assert figures["charity.orgs_total"] == demo.STANDING_TOTAL == counts["charities"]
    assert CharityRecognition.objects.filter(federation=True).count() == 6
    assert Campaign.objects.filter(kind="city", name__contains="慈善一日捐").count() == 12
    # Receipt numbers: 1..n per organization and year, the counter at n, voided ones keeping theirs.
    for row in (
        Donation.objects.exclude(receipt_serial=None)
        .values("organization", "receipt_year")
        .annotate(n=Count("id"), last=Max("receipt_serial"))
    ):
        assert row["n"] == row["last"]
        assert (
            ReceiptCounter.objects.get(organization=row["organization"], year=row["receipt_year"]).last
            == row["n"]
        )
    assert Donation.objects.filter(voided_on__isnull=False).exists()
    assert Donation.objects.filter(receipt_declined=True, receipt_number="").exists()
    assert CharitableTrust.objects.filter(filed_late=True).count() == 2
    checks = spending_checks(user=registry.city_admin, year=2024)
    failing = [c for c in checks if c.check.findings]
    assert len(checks) == demo.STANDING_TOTAL and 0 < len(failing) < len(checks) / 5
    assert demo.demo_charity_build(seed=3, scale=scale) == {}
    assert Donation.objects.count() == counts["donations"]
