"""Fixtures for caregivers: a care home of provider a in the persona township 爱山街道 (吴兴区), a
community care centre of provider b in 安吉县, each provider with an operator account (no region),
a meal site (not an employer), the migration's example allowance standards again (a live-server
test flushes every table), and helpers that make caregivers through the real service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from minzheng.benefits.programs.models import Program
from minzheng.core.models import User
from minzheng.eldercare.caregivers import services
from minzheng.eldercare.caregivers.models import AllowanceStandard, Caregiver
from minzheng.facilities.models import Facility, Operator
from minzheng.facilities.operators import services as operator_services
from minzheng.people.models import Person
from tests.assistance.factories import person_born
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.beds.conftest import api, fresh, login  # noqa: F401  (the bed tests' client fixtures)
from tests.facilities.factories import USCC_A, USCC_B, FacilityFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, Personas

PASSWORD = "Huliyuan-2024-hz"
# The migration's example tiers: yuan a month by level, for 0, 5 and 10 full years of service.
TIERS = {
    "junior": ("300.00", "350.00", "400.00"),
    "intermediate": ("500.00", "550.00", "600.00"),
    "senior": ("700.00", "750.00", "800.00"),
    "technician": ("900.00", "950.00", "1000.00"),
    "senior_technician": ("1100.00", "1150.00", "1200.00"),
}
BANDS = (0, 5, 10)
FROM = dt.date(2024, 1, 1)


def standards_reseed() -> None:
    Program.objects.get_or_create(
        code="caregiver_allowance",
        defaults={
            "name": "养老护理员特殊岗位津贴",
            "domain": "eldercare",
            "unit": "person",
            "kind": "monthly",
            "params": {"min_months_in_post": 3},
        },
    )
    for level, amounts in TIERS.items():
        for band, amount in zip(BANDS, amounts, strict=True):
            AllowanceStandard.objects.get_or_create(
                level=level,
                min_years=band,
                region_prefix="3305",
                effective_from=FROM,
                defaults={"amount": Decimal(amount)},
            )


@dataclass
class Sites:
    a: Operator
    b: Operator
    op_a: User  # acts for a: runs `home`
    op_b: User  # acts for b: runs `centre`
    home: Facility  # care home in MY_VILLAGE (爱山街道, 吴兴区)
    centre: Facility  # community care centre in OTHER_COUNTY_VILLAGE (安吉县)
    meal_site: Facility  # not an employer of caregivers, in MY_VILLAGE


@pytest.fixture
def sites(personas: Personas) -> Sites:
    return build_sites(personas)


def build_sites(personas: Personas) -> Sites:
    standards_reseed()
    admin = personas.city_admin
    a = operator_services.operator_create(
        actor=admin, name="湖州颐康养老服务有限公司", uscc=USCC_A, region_code="330500000000"
    )
    b = operator_services.operator_create(
        actor=admin, name="安吉仁爱养老服务中心", uscc=USCC_B, region_code="330500000000"
    )
    op_a = operator_services.operator_account_create(
        actor=admin, operator=a, username="care_op_a", password=PASSWORD, display_name="颐康人事"
    ).user
    op_b = operator_services.operator_account_create(
        actor=admin, operator=b, username="care_op_b", password=PASSWORD, display_name="仁爱人事"
    ).user
    home = FacilityFactory(
        name="仪凤桥颐养院", kind=Facility.Kind.CARE_HOME, operator=a, region_code=MY_VILLAGE
    )
    centre = FacilityFactory(
        name="递铺街道居家养老服务中心",
        kind=Facility.Kind.COMMUNITY_CARE_CENTRE,
        operator=b,
        region_code=OTHER_COUNTY_VILLAGE,
        lng=Decimal("119.6800000"),
        lat=Decimal("30.6300000"),
    )
    meal_site = FacilityFactory(name="仪凤桥老年食堂", operator=a, region_code=MY_VILLAGE)
    return Sites(a=a, b=b, op_a=op_a, op_b=op_b, home=home, centre=centre, meal_site=meal_site)


_numbers = iter(range(1, 10**6))


def worker(born: dt.date = dt.date(1980, 5, 20), *, region_code: str = MY_VILLAGE) -> tuple[Person, str]:
    """A person of working age (by default) and their raw ID number."""
    return person_born(born, region_code=region_code)


def caregiver(
    actor: User,
    employer: Facility,
    *,
    level: str = "junior",
    started_on: dt.date = dt.date(2015, 3, 1),
    certified_on: dt.date | None = dt.date(2015, 1, 10),
    person: Person | None = None,
) -> Caregiver:
    """A caregiver registered through the real service, certified at ``level`` ("" uncertified)."""
    person = person or worker()[0]
    return services.caregiver_register(
        actor=actor,
        person=person,
        employer=employer,
        started_on=started_on,
        level=level,
        certificate_number=f"HL{next(_numbers):08d}" if level else "",
        certified_on=certified_on if level else None,
    )
