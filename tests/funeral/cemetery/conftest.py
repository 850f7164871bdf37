from __future__ import annotations

import datetime as dt

import pytest

from minzheng.facilities.sites.models import Facility
from minzheng.people.models import Person
from tests.factories import PersonFactory, id_number_for

WUXING = "330502003001"
ANJI = "330523100001"


@pytest.fixture
def cemetery(db) -> Facility:  # type: ignore[no-untyped-def]
    return Facility.objects.create(name="吴兴区公益性公墓", kind="cemetery", region_code=WUXING,
                                   address_text="道场乡青山坞", service_phone="0572-1234567")


@pytest.fixture
def columbarium(db) -> Facility:  # type: ignore[no-untyped-def]
    return Facility.objects.create(name="吴兴区骨灰堂", kind="columbarium", region_code=WUXING, address_text="龙泉路1号")


@pytest.fixture
def anji_cemetery(db) -> Facility:  # type: ignore[no-untyped-def]
    return Facility.objects.create(name="安吉县公墓", kind="cemetery", region_code=ANJI, address_text="递铺街道")


@pytest.fixture
def holder(db) -> Person:  # type: ignore[no-untyped-def]
    return PersonFactory(name="张建国", raw_id_number=id_number_for(901))


def deceased_person(n: int, *, died: dt.date = dt.date(2024, 3, 1), region: str = WUXING) -> Person:
    return PersonFactory(name=f"逝者{n}", raw_id_number=id_number_for(800 + n, birth=dt.date(1940, 2, 2)),
                         status=Person.Status.DECEASED, death_date=died, region_code=region)


@pytest.fixture
def deceased(db) -> Person:  # type: ignore[no-untyped-def]
    return deceased_person(1)


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    def as_user(user):  # type: ignore[no-untyped-def]
        client.force_login(user)
        return client

    return as_user
