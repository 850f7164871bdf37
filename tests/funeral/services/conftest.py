"""Funeral homes in two counties, deceased registry people, and a helper to open cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from minzheng.core.models import User
from minzheng.facilities.sites.models import Facility
from minzheng.funeral.services.models import FuneralCase, ServiceType
from minzheng.funeral.services.services import funeral_case_open
from minzheng.people.models import Person
from tests.factories import PersonFactory, id_number_for

DEATH = dt.date(2025, 3, 2)


def place(name: str, kind: str = Facility.Kind.FUNERAL_HOME, region_code: str = "330502000000",
          **extra: Any) -> Facility:
    return Facility.objects.create(name=name, kind=kind, region_code=region_code, address_text="殡仪路1号", **extra)


def deceased(n: int = 1, *, county: str = "330502", death: dt.date = DEATH, **extra: Any) -> Person:
    return PersonFactory(raw_id_number=id_number_for(n, county=county), status=Person.Status.DECEASED,
                         death_date=death, **extra)


def kind(code: str) -> ServiceType:
    return ServiceType.objects.get(code=code)


@pytest.fixture
def homes(db) -> dict[str, Facility]:  # type: ignore[no-untyped-def]
    return {
        "wuxing": place("吴兴区殡仪馆", region_code="330502100000"),
        "anji": place("安吉县殡仪馆", region_code="330523001000"),
    }


@pytest.fixture
def case(personas, homes) -> FuneralCase:  # type: ignore[no-untyped-def]
    deceased(1)
    return funeral_case_open(actor=personas.wuxing_funeral_registrar, id_number=id_number_for(1, county="330502"),
                             home=homes["wuxing"], received_on=DEATH)


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    def sign_in(user: User):  # type: ignore[no-untyped-def]
        client.force_login(user, backend="minzheng.core.permission_cache.CachedPermissionBackend")
        return client

    return sign_in


@pytest.fixture
def api():  # type: ignore[no-untyped-def]
    def client_for(user: User) -> APIClient:
        client = APIClient()
        client.force_authenticate(user=User.objects.get(pk=user.pk))
        return client

    return client_for
