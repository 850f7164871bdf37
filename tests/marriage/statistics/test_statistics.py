"""Marriage statistics by office and month: counts and average ages from the records, aggregates
only, in each reader's scope; counties and the city read them, as do registrars."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from minzheng.marriage.registrations import services
from minzheng.marriage.statistics.selectors import monthly_rows, totals
from tests.marriage.registrations.conftest import office, person, register
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

D = dt.date


@pytest.fixture
def registrations(personas: Personas) -> None:
    wuxing, anji = office(), office(OTHER_COUNTY_VILLAGE, "安吉县婚姻登记处")
    reg = personas.wuxing_marriage_registrar
    # Ages at registration: 30 and 28, then 25 and 25 (average of the four: 27).
    first = register(reg, wuxing, person("M", D(1995, 1, 1)), person("F", D(1997, 1, 1)), on=D(2025, 3, 5))
    register(reg, wuxing, person("M", D(2000, 1, 1)), person("F", D(2000, 1, 1)), on=D(2025, 3, 20))
    register(personas.anji_marriage_registrar, anji, person("M"), person("F"), on=D(2025, 4, 1))
    with time_machine.travel(dt.datetime(2025, 6, 2, 9, tzinfo=dt.UTC)):
        application = services.divorce_apply(actor=reg, marriage=first, office=wuxing, applied_on=D(2025, 6, 2),
                                             agreement="协议")
    with time_machine.travel(dt.datetime(2025, 7, 10, 9, tzinfo=dt.UTC)):
        services.divorce_register(actor=reg, application=application, both_present=True)


def test_rows_count_marriages_divorces_and_the_average_age(personas: Personas, registrations) -> None:
    rows = monthly_rows(user=personas.wuxing_officer, year=2025)
    assert [(r.month, r.marriages, r.divorces, r.average_age) for r in rows] == [
        (3, 2, 0, Decimal("27.0")), (7, 0, 1, None)
    ]
    assert totals(rows) == {"marriages": 2, "divorces": 1, "average_age": Decimal("27.0")}


def test_the_city_sees_every_county_and_a_county_its_own(personas: Personas, registrations) -> None:
    assert totals(monthly_rows(user=personas.city_admin, year=2025))["marriages"] == 3
    assert totals(monthly_rows(user=personas.anji_officer, year=2025))["marriages"] == 1
    assert monthly_rows(user=personas.city_admin, year=2024) == []


def test_the_page_the_excel_and_the_api(personas: Personas, registrations) -> None:
    client = Client()
    client.force_login(personas.wuxing_officer)
    page = client.get("/marriage/statistics/", {"year": 2025})
    assert page.status_code == 200 and "27.0" in page.content.decode()
    xlsx = client.get("/marriage/statistics/", {"year": 2025, "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/marriage/statistics/", {"year": "abc"}).status_code == 400
    api = APIClient()
    api.force_authenticate(personas.city_admin)
    answer = api.get("/api/marriage/statistics/", {"year": 2025})
    assert answer.json()["totals"] == {"marriages": 3, "divorces": 1, "average_age": "29.2"}  # (30+28+25+25+35+32) ÷ 6
    assert api.get("/api/marriage/statistics/", {"year": "x"}).status_code == 400


def test_the_auditor_and_village_workers_do_not_read_the_statistics(personas: Personas) -> None:
    for who in (personas.village_worker, personas.auditor):
        client = Client()
        client.force_login(who)
        assert client.get("/marriage/statistics/").status_code == 403
