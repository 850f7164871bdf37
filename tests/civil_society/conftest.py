"""Fixtures for the social-organization registry and the sub-domains on it: standard addresses in the
persona village (吴兴区 爱山街道) and in 安吉县, adult legal representatives, valid USCCs computed with
python-stdnum, and ``make_org`` which registers through the real service."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from stdnum.cn import uscc as stdnum_uscc

from minzheng.civil_society.registry import services
from minzheng.civil_society.registry.models import Organization
from minzheng.core.models import User
from minzheng.places import codes
from tests.assistance.factories import person_born
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.beds.conftest import api, fresh, login  # noqa: F401  (client fixtures)
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, Personas
from tests.places.factories import AddressFactory, RoadFactory

_serial = itertools.count(1)


def uscc_for(n: int, *, prefix: str = "5133050") -> str:
    """A valid USCC: 51 (民政, 社会团体) + a region + a serial, with its check character."""
    body = f"{prefix}{n:010d}"[:17]
    return body + stdnum_uscc.calc_check_digit(body)


def wrong_check(code: str) -> str:
    last = code[-1]
    return code[:-1] + ("1" if last != "1" else "2")


def address_in(region: str = MY_VILLAGE) -> Any:
    if region == MY_VILLAGE:
        return AddressFactory()
    road = RoadFactory(region_code=region, code=codes.road_code(region, next(_serial) + 500))
    return AddressFactory(road=road)


def adult() -> Any:
    return person_born(dt.date(1975, 3, 8))


def org_values(**overrides: Any) -> dict[str, Any]:
    person, _ = adult()
    values: dict[str, Any] = {
        "name": f"湖州市测试社会组织{next(_serial)}",
        "kind": "association",
        "uscc": uscc_for(next(_serial)),
        "registered_on": dt.date(2019, 4, 1),
        "supervising_unit": "湖州市民政局",
        "legal_representative": person,
        "funds": Decimal("50000"),
        "scope": "开展公益服务",
        "foundation_kind": "",
    }
    values.update(overrides)
    if "address" not in values:
        values["address"] = address_in()
    return values


def make_org(actor: User, **overrides: Any) -> Organization:
    return services.organization_create(actor=actor, **org_values(**overrides))


@pytest.fixture
def wuxing(personas: Personas) -> User:
    return personas.wuxing_officer


@pytest.fixture
def org(personas: Personas) -> Organization:
    return make_org(personas.wuxing_officer)


@pytest.fixture
def anji_org(personas: Personas) -> Organization:
    return make_org(personas.anji_officer, address=address_in(OTHER_COUNTY_VILLAGE))
