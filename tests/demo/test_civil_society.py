"""The demo's social organizations (``minzheng.demo.civil_society``): the plan at scale 1.0 gives the
summary's figures (146 cleaned, 178 projects, 9.05M funded, awards 7/8/8/5); the funded amounts sum
exactly within the caps; a small build on the demo city reads the figures back from the records,
with valid USCCs, adult legal representatives and standard addresses of the organization's county,
foundations, detection candidates and list entries; a second build writes nothing."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from stdnum.cn import uscc as stdnum_uscc

from minzheng.benefits.applications.counting import age_on
from minzheng.civil_society.credit.models import CreditEntry
from minzheng.civil_society.dormancy.rules import dormancy_candidates
from minzheng.civil_society.figures.selectors import orgs_figures
from minzheng.civil_society.registry.models import AnnualReport, Organization
from minzheng.core.models import User
from minzheng.core.scope import Scope
from minzheng.demo import civil_society as demo

pytestmark = pytest.mark.django_db
SCALE = 0.02


def test_the_plan_at_scale_one_gives_the_summary():
    counts = demo.plan(1.0)
    assert (counts["registered"], counts["cleaned"], counts["projects"]) == (3000, 146, 178)
    assert Decimal("9000000") <= counts["funding"] < Decimal("9100000")
    assert counts["awards"] == {"brand": 7, "leader": 8, "integrity": 8, "typical_case": 5}


def test_the_funded_amounts_sum_exactly_within_the_caps():
    counts = demo.plan(1.0)
    big, small = demo.funded_amounts(
        rng=random.Random(3), total=counts["funding"], registered=152, community=26
    )
    assert sum(big + small) == counts["funding"]
    assert all(Decimal(5000) <= a <= Decimal(200000) for a in big)
    assert all(a <= Decimal(30000) for a in small)


def test_a_small_build_reads_back(built):
    result = demo.demo_civil_society_build(seed=7, scale=SCALE, say=lambda _: None)
    counts = demo.plan(SCALE)
    orgs = Organization.objects.all()
    assert orgs.count() == counts["registered"] + counts["community"] == result["organizations"]
    for org in orgs.filter(kind__in=["association", "service_org", "foundation"]):
        assert stdnum_uscc.is_valid(org.uscc)
    for org in orgs.select_related("legal_representative", "address"):
        assert org.address.region_code == org.region_code
        # An adult on the day the organization was registered, not only today.
        assert age_on(org.legal_representative.birth_date, org.registered_on) >= 18, org.pk
    figures = orgs_figures(scope=Scope(prefix="3305"), year=2024)
    assert figures["orgs.zombie_cleaned"] == result["cleaned"] >= 1
    assert figures["orgs.venture_projects"] == counts["projects"]
    assert figures["orgs.venture_funding"] == counts["funding"]
    assert figures["orgs.leaders_new"] == counts["awards"]["leader"]
    assert AnnualReport.objects.filter(late=True).exists()
    assert CreditEntry.objects.exists()
    admin = User.objects.filter(is_superuser=False, region__code="330500000000").first()
    if admin is not None:
        assert dormancy_candidates(user=admin, day=dt.date(2024, 12, 31))
    assert demo.demo_civil_society_build(seed=7, scale=SCALE, say=lambda _: None) == {}
    assert Organization.objects.count() == result["organizations"]
