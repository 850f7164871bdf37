"""The year's 四.3 funeral figures counted from the records in the reader's scope: the waived amounts
by the service's year, the columbaria and mourning points open at the year's end, the eco
conversions completed in the year; per county, on the page and in the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from minzheng.facilities.sites.models import Facility
from minzheng.funeral.cemetery.models import ConversionProject, ProjectStatus
from minzheng.funeral.figures.selectors import (
    figures_default_year,
    funeral_figures,
    funeral_figures_by_county,
)
from minzheng.funeral.services.services import funeral_service_add, funeral_service_void
from tests.funeral.services.conftest import kind, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(personas, case):  # type: ignore[no-untyped-def]
    actor = personas.wuxing_funeral_registrar

    def add(code: str, fee: str, day: dt.date):  # type: ignore[no-untyped-def]
        return funeral_service_add(actor=actor, case=case, service_type=kind(code), facility=case.home,
                                   performed_at=timezone.make_aware(dt.datetime(day.year, day.month, day.day, 9)),
                                   fee=fee)

    add("cremation", "500", dt.date(2025, 3, 3))
    add("urn", "120", dt.date(2025, 3, 3))
    voided = add("farewell", "300", dt.date(2025, 3, 3))
    funeral_service_void(actor=actor, service=voided, reason="未使用")
    place("仁皇山骨灰堂", Facility.Kind.COLUMBARIUM, "330502100000", opened_on=dt.date(2024, 5, 1))
    place("道场骨灰堂", Facility.Kind.COLUMBARIUM, "330502100000", opened_on=dt.date(2025, 2, 1))
    place("关闭的骨灰堂", Facility.Kind.COLUMBARIUM, "330502100000", opened_on=dt.date(2020, 1, 1),
          status=Facility.Status.CLOSED)
    place("递铺集中治丧点", Facility.Kind.MOURNING_POINT, "330523001000")
    cemetery = place("老公墓", Facility.Kind.CEMETERY, "330523001000")
    ConversionProject.objects.create(facility=cemetery, region_code=cemetery.region_code, plan="生态化改造",
                                     status=ProjectStatus.COMPLETED, started_on=dt.date(2025, 1, 5),
                                     completed_on=dt.date(2025, 9, 30))
    return case


def test_the_city_figures_count_the_records(personas, records) -> None:
    assert funeral_figures(actor=personas.city_admin, year=2025) == {
        "year": 2025, "waived_amount": Decimal("470.00"), "columbaria": 2, "mourning_points": 1,
        "cemeteries_renovated": 1}
    assert funeral_figures(actor=personas.city_admin, year=2024) == {
        "year": 2024, "waived_amount": Decimal("0.00"), "columbaria": 1, "mourning_points": 1,
        "cemeteries_renovated": 0}
    assert figures_default_year() == 2025


def test_a_county_sees_only_its_own(personas, records) -> None:
    anji = funeral_figures(actor=personas.anji_officer, year=2025)
    assert (anji["waived_amount"], anji["columbaria"], anji["mourning_points"], anji["cemeteries_renovated"]) == (
        Decimal("0.00"), 0, 1, 1)
    counties = {c["code"]: c for c in funeral_figures_by_county(actor=personas.city_admin, year=2025)}
    assert counties["330502000000"]["waived_amount"] == Decimal("470.00")
    assert counties["330523000000"]["mourning_points"] == 1
    assert [c["code"] for c in funeral_figures_by_county(actor=personas.wuxing_officer, year=2025)] == ["330502000000"]


def test_the_page_and_the_api(personas, records, login, api) -> None:
    page = login(personas.city_admin).get("/funeral/figures/?year=2025")
    assert page.status_code == 200 and "减免群众丧葬费用" in page.content.decode() and "470.00" in page.content.decode()
    assert login(personas.city_admin).get("/funeral/figures/?year=abc").status_code == 400
    assert login(personas.village_worker).get("/funeral/figures/").status_code == 403
    body = api(personas.city_admin).get("/api/funeral/figures/?year=2025").json()
    assert (body["waived_amount"], body["columbaria"], body["mourning_points"], body["cemeteries_renovated"]) == (
        "470.00", 2, 1, 1)
    assert len(body["counties"]) >= 2
    assert api(personas.city_admin).get("/api/funeral/figures/?year=").status_code == 400
    assert api(personas.village_worker).get("/api/funeral/figures/?year=2025").status_code == 403
