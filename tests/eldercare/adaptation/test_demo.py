"""The demo's home adaptation: the subsidy paid and the spending of 2024 are the summary's
43,608,000 and 55,397,000 yuan × scale to the fen (the plan checked at scale 1.0), every subsidy
the service's own rounding of its total × rate, lines within the catalogue prices, idempotent."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from minzheng.demo import adaptation
from minzheng.demo.build import BuildReport
from minzheng.eldercare.adaptation.models import AdaptationApplication, AdaptationItem, AdaptationLine
from minzheng.eldercare.adaptation.selectors import adaptation_figures
from minzheng.eldercare.adaptation.services import subsidy_of
from tests.demo.conftest import SEED, built  # noqa: F401  (fixture)
from tests.personas import build_personas


def _catalogue() -> dict[str, AdaptationItem]:
    return {
        code: AdaptationItem(code=code, name=name, category=cat, unit=unit, price=Decimal(price))
        for code, name, cat, unit, price in adaptation.ITEMS
    }


@pytest.mark.parametrize("scale", [1.0, 0.01, 0.0005])
def test_the_plan_gives_the_summarys_figures_to_the_fen(scale: float) -> None:
    plans = adaptation.applications_plan(scale=scale, rng=random.Random(5), items=_catalogue())
    s = Decimal(str(scale))
    assert sum(p.subsidy for p in plans) == (Decimal("43608000.00") * s).quantize(Decimal("0.01"))
    assert sum(p.total for p in plans) == (Decimal("55397000.00") * s).quantize(Decimal("0.01"))
    for plan in plans:
        assert plan.subsidy == subsidy_of(plan.total, plan.rate) and Decimal("0.5") <= plan.rate <= 1
        assert all(0 < price <= item.price for item, _, price in plan.lines)
        assert len({item.code for item, _, _ in plan.lines}) == len(plan.lines)
    assert max(p.total for p in plans) < Decimal("12000")


@pytest.mark.django_db
def test_the_build_writes_applications_whose_figures_are_the_summarys(built: BuildReport) -> None:  # noqa: F811
    counts = adaptation.demo_adaptation_build(seed=SEED, scale=0.0005)
    assert AdaptationApplication.objects.count() == counts["adaptation_applications"]
    figures = adaptation_figures(actor=build_personas().city_admin, year=2024)
    assert figures == {
        "adaptation_subsidy_paid": Decimal("21804.00"),
        "adaptation_consumption": Decimal("27698.50"),
    }
    for application in AdaptationApplication.objects.prefetch_related("lines"):
        assert application.total == sum(line.amount for line in application.lines.all())
        assert application.subsidy == subsidy_of(application.total, application.subsidy_rate)
    assert AdaptationLine.objects.count() == counts["adaptation_lines"]
    assert adaptation.demo_adaptation_build(seed=SEED, scale=0.0005) == {}
    assert AdaptationApplication.objects.count() == counts["adaptation_applications"]
