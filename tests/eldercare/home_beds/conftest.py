"""Fixtures for home eldercare beds: two providers of two operators (a care home in the persona
township 爱山街道, a community care centre in 安吉县), each operator with an account (no region), a
meal site (not a provider), and elders who qualify in each way: fully disabled (an assessment of
重度失能), partly disabled (中度失能), low income (a dibao enrollment), and one who does not
(能力完好, no assistance)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from minzheng.benefits.models import Enrollment, Program
from minzheng.core.models import User
from minzheng.eldercare.beds.models import Bed
from minzheng.eldercare.home_beds import services
from minzheng.eldercare.home_beds.models import HomeBed
from minzheng.eldercare.home_services.models import ServiceOrder
from minzheng.facilities.models import Facility, Operator
from minzheng.people.models import Person
from tests.benefits.factories import programs_reseed
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.beds.conftest import TOTAL_FOR, api, build_homes, fresh, login  # noqa: F401  (fixtures)
from tests.eldercare.factories import assess, elder
from tests.facilities.factories import FacilityFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, Personas

D = dt.date
START = D(2024, 3, 1)
PLAN = {"meal": 8, "cleaning": 4, "medical": 2}
BORN_DISABLED, BORN_POOR = D(1940, 3, 1), D(1945, 6, 1)


@dataclass
class Providers:
    a: Operator
    b: Operator
    op_a: User  # acts for a: runs `home`
    op_b: User  # acts for b: runs `anji`
    home: Facility  # care home in MY_VILLAGE (爱山街道, 吴兴区), operator a
    anji: Facility  # community care centre in OTHER_COUNTY_VILLAGE (安吉县), operator b
    meal_site: Facility  # not a provider of home beds, in MY_VILLAGE
    beds: list[Bed]  # of `home`: room 101, beds 1-3


@pytest.fixture
def providers(personas: Personas) -> Providers:
    return build_providers(personas)


def build_providers(personas: Personas) -> Providers:
    """The bed tests' two operators, their accounts, care home and meal site, and a community
    care centre of operator b in 安吉县."""
    homes = build_homes(personas)
    anji = FacilityFactory(
        name="递铺街道居家养老服务中心",
        kind=Facility.Kind.COMMUNITY_CARE_CENTRE,
        operator=homes.b,
        region_code=OTHER_COUNTY_VILLAGE,
        lng="119.6800000",
        lat="30.6300000",
    )
    return Providers(
        a=homes.a,
        b=homes.b,
        op_a=homes.op_a,
        op_b=homes.op_b,
        home=homes.mine,
        anji=anji,
        meal_site=homes.meal_site,
        beds=homes.beds,
    )


def disabled(
    actor: User, *, level: str = "severe", region_code: str = MY_VILLAGE, birth: dt.date = BORN_DISABLED
) -> Person:
    """An elder assessed at ``level`` before the contracts start."""
    person = elder(birth, region_code=region_code)[0]
    assess(actor, person, total=TOTAL_FOR[level], on=D(2023, 6, 10))
    return person


def dibao(*, region_code: str = MY_VILLAGE, birth: dt.date = BORN_POOR, status: str = "active") -> Person:
    """An elder with a dibao enrollment from January 2024 (no assessment)."""
    programs_reseed()
    person = elder(birth, region_code=region_code)[0]
    Enrollment.objects.create(
        program=Program.objects.get(code="dibao"),
        person=person,
        region_code=region_code,
        approved_on=D(2023, 12, 20),
        start_month=D(2024, 1, 1),
        monthly_amount=Decimal("1000.00"),
        persons=1,
        status=status,
    )
    return person


def sign(
    actor: User,
    person: Person,
    provider: Facility,
    *,
    on: dt.date = START,
    plan: dict[str, Any] | None = None,
) -> HomeBed:
    return services.home_bed_sign(
        actor=actor, provider=provider, person=person, started_on=on, plan=PLAN if plan is None else plan
    )


def order(
    bed: HomeBed,
    kind: str,
    at: dt.datetime | dt.date,
    *,
    status: str = "done",
    provider: Facility | None = None,
    person: Person | None = None,
) -> ServiceOrder:
    """A visit written past h1's services (their checks are theirs): what compliance counts."""
    if not isinstance(at, dt.datetime):
        at = dt.datetime.combine(at, dt.time(9, 30))
    when = timezone.make_aware(at) if timezone.is_naive(at) else at
    site = provider or bed.provider
    return ServiceOrder.objects.create(
        person=person or bed.person,
        provider=site,
        region_code=site.region_code,
        kind=kind,
        scheduled_at=when,
        period=when.date().replace(day=1),
        status=status,
        price=Decimal("30.00"),
        payer="subsidy",
        created_at=when,
        checked_in_at=when if status == "done" else None,
        checked_out_at=when + dt.timedelta(minutes=45) if status == "done" else None,
        minutes=45 if status == "done" else None,
    )
