"""The four 四.2 figures counted from the records in the reader's scope: bases designated in the
year, stations open at the year's end, collective ceremonies and matchmaking/counselling events of
the year; on the page and in ``GET /api/marriage/figures/?year=``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from minzheng.facilities.models import Facility
from minzheng.marriage.counselling.services import wedding_base_create
from minzheng.marriage.figures.selectors import marriage_figures, marriage_figures_by_county
from tests.facilities.factories import FacilityFactory
from tests.marriage.counselling.conftest import ANJI_TOWNSHIP, WUXING_TOWNSHIP, event_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(personas):  # type: ignore[no-untyped-def]
    station = Facility.Kind.MARRIAGE_COUNSELLING_STATION
    FacilityFactory(kind=station, region_code="330502003001", opened_on=dt.date(2023, 4, 1))
    FacilityFactory(kind=station, region_code="330502003001", opened_on=dt.date(2024, 12, 31))
    FacilityFactory(kind=station, region_code="330502003001", opened_on=dt.date(2025, 1, 1))  # after the year
    FacilityFactory(kind=station, region_code="330502003001", opened_on=None)
    FacilityFactory(kind=station, region_code="330502003001", status=Facility.Status.CLOSED)
    FacilityFactory(kind=station, region_code="330523001001", opened_on=dt.date(2020, 1, 1))
    FacilityFactory(kind=Facility.Kind.MARRIAGE_OFFICE, region_code="330502003001")  # not a station
    officer = personas.wuxing_officer
    for day in ("2024-01-01", "2024-12-31", "2023-12-31"):
        wedding_base_create(actor=officer, name=f"基地{day}", region_code=WUXING_TOWNSHIP, designated_on=day)
    wedding_base_create(actor=personas.anji_officer, name="安吉基地", region_code=ANJI_TOWNSHIP, designated_on="2024-06-01")
    event_make(officer, kind="collective_certificate", couples=10, people=0)
    event_make(officer, kind="collective_wedding", couples=8, people=40)
    event_make(officer, kind="matchmaking")
    event_make(officer, kind="counselling", held_on=dt.date(2024, 12, 31))
    event_make(officer, kind="counselling", held_on=dt.date(2023, 12, 31))
    event_make(personas.anji_officer, kind="matchmaking", region_code=ANJI_TOWNSHIP)
    return personas


def test_the_figures_count_the_years_records_in_scope(records) -> None:
    wuxing = marriage_figures(actor=records.wuxing_officer, year=2024)
    assert (wuxing["simple_wedding_bases"], wuxing["counseling_stations"], wuxing["collective_ceremonies"],
            wuxing["matchmaking_events"]) == (2, 3, 2, 2)
    assert wuxing["kinds"]["collective_wedding"] == {"events": 1, "people": 40, "couples": 8}
    city = marriage_figures(actor=records.city_admin, year=2024)
    assert (city["simple_wedding_bases"], city["counseling_stations"], city["collective_ceremonies"],
            city["matchmaking_events"]) == (3, 4, 2, 3)
    assert marriage_figures(actor=records.nobody, year=2024)["matchmaking_events"] == 0
    counties = {c["code"]: c for c in marriage_figures_by_county(actor=records.city_admin, year=2024)}
    assert counties["330523000000"]["matchmaking_events"] == 1 and counties["330502000000"]["matchmaking_events"] == 2


def test_the_api_answers_the_same_and_names_a_bad_year(records) -> None:
    c = Client()
    c.force_login(records.wuxing_officer)
    body = c.get("/api/marriage/figures/", {"year": 2024}).json()
    assert (body["year"], body["simple_wedding_bases"], body["counseling_stations"], body["collective_ceremonies"],
            body["matchmaking_events"]) == (2024, 2, 3, 2, 2)
    assert [x["code"] for x in body["counties"]] == ["330502000000"]
    bad = c.get("/api/marriage/figures/", {"year": "20x4"})
    assert bad.status_code == 400 and "year" in bad.json()
    c.force_login(records.village_worker)
    assert c.get("/api/marriage/figures/", {"year": 2024}).status_code == 403


def test_the_page_shows_the_four_figures(records) -> None:
    c = Client()
    c.force_login(records.wuxing_marriage_registrar)
    page = c.get(reverse("marriage_figures:figures"), {"year": 2024})
    assert page.status_code == 200
    assert [r["value"] for r in page.context["rows"]] == [3, 2, 2, 2]
    assert "婚姻家庭辅导驿站" in page.content.decode()
