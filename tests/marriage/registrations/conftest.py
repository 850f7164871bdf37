"""Offices and parties for the registration tests: a marriage office in 吴兴区 and one in 安吉县,
and registry persons of a chosen gender and birth date."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from minzheng.core.idnumber import make_id_number
from minzheng.facilities.sites.models import Facility
from minzheng.marriage.registrations import services
from minzheng.marriage.registrations.models import Marriage
from minzheng.people.models import Person
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, Personas

_seq = itertools.count(1)


def id_number(gender: str, birth: dt.date, county: str = "330502") -> str:
    n = next(_seq) % 400
    return make_id_number(county, birth, 2 * n + (1 if gender == "M" else 0))


def person(gender: str = "M", birth: dt.date | None = None, *, county: str = "330502", **kw: Any) -> Person:
    birth = birth or (dt.date(1990, 3, 4) if gender == "M" else dt.date(1992, 7, 8))
    return PersonFactory(raw_id_number=id_number(gender, birth, county), gender=gender, birth_date=birth, **kw)


def office(region_code: str = MY_VILLAGE, name: str = "吴兴区婚姻登记处", status: str = "open") -> Facility:
    return Facility.objects.create(name=name, kind=Facility.Kind.MARRIAGE_OFFICE, region_code=region_code,
                                   address_text="人民路1号", status=status)


@pytest.fixture
def wuxing_office(db: Any) -> Facility:
    return office()


@pytest.fixture
def anji_office(db: Any) -> Facility:
    return office(OTHER_COUNTY_VILLAGE, "安吉县婚姻登记处")


def register(actor: Any, office: Facility, husband: Person, wife: Person, *, on: dt.date | None = None,
             **over: Any) -> Marriage:
    args: dict[str, Any] = {
        "actor": actor, "office": office, "registered_on": on or dt.date(2025, 6, 16),
        "husband_id_number": husband.id_number, "wife_id_number": wife.id_number, "both_present": True,
        "declared_not_married": True, "declared_no_prohibited_relationship": True,
    }
    return services.marriage_register(**(args | over))


@pytest.fixture
def registrar(personas: Personas) -> Any:
    return personas.wuxing_marriage_registrar
