"""The lottery pages: Chinese, scoped (out of scope 404, no permission 403), Excel exports, and
the writes through their forms with the services' reasons on the fields."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from minzheng.lottery.fund.models import GameType
from minzheng.lottery.promotion.models import PromotionEvent
from minzheng.lottery.sales.models import MonthlySale
from minzheng.lottery.stations.models import AgencyContract, StationUpgrade
from tests.lottery.conftest import school, station
from tests.personas import OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGES = [
    "/lottery/",
    "/lottery/findings/",
    "/lottery/sales/",
    "/lottery/fund/",
    "/lottery/promotion/",
    "/lottery/figures/?year=2024",
]


@pytest.fixture
def sites(seeded):  # type: ignore[no-untyped-def]
    a = station("吴兴仪凤桥投注站")
    b = station("安吉城东投注站", region_code=OTHER_COUNTY_VILLAGE)
    MonthlySale.objects.create(
        station=a,
        region_code=a.region_code,
        month=dt.date(2024, 5, 1),
        game_type=seeded["ssq"],
        amount=Decimal("100.00"),
    )
    return a, b


@pytest.mark.parametrize("url", PAGES)
def test_every_page_opens_for_the_city_and_a_county_and_not_for_a_township(
    personas, sites, login, url
) -> None:
    assert login(personas.city_admin).get(url).status_code == 200
    assert login(personas.anji_officer).get(url).status_code == 200
    assert login(personas.aishan_officer).get(url).status_code == 403


@pytest.mark.parametrize(
    "url",
    ["/lottery/", "/lottery/sales/", "/lottery/fund/?year=2024", "/lottery/promotion/", "/lottery/findings/"],
)
def test_lists_export_to_excel_in_scope(personas, sites, login, url) -> None:
    response = login(personas.anji_officer).get(url + ("&" if "?" in url else "?") + "format=xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX


def test_a_county_sees_only_its_stations(personas, sites, login) -> None:
    a, b = sites
    client = login(personas.anji_officer)
    page = client.get("/lottery/").content.decode()
    assert "安吉城东投注站" in page and "吴兴仪凤桥投注站" not in page
    assert client.get(f"/lottery/stations/{a.pk}/").status_code == 404
    assert client.get(f"/lottery/stations/{b.pk}/").status_code == 200
    assert (
        client.post(
            f"/lottery/stations/{b.pk}/upgrades/", {"upgraded_on": "2024-05-01", "kind": "image"}
        ).status_code
        == 403
    )


def test_the_centre_signs_a_contract_and_a_school_too_near_is_named_on_the_form(
    personas, sites, login
) -> None:
    a, _ = sites
    school("湖州市仪凤桥小学", north=120)
    client = login(personas.city_admin)
    form = {
        "contract_number": "HZFC-2024-00001",
        "terminal_number": "3305000001",
        "agent_name": "王建国",
        "agent_id_number": "33050219800101001X",
        "signed_on": "2024-03-01",
        "valid_from": "2024-03-10",
        "valid_to": "2027-03-09",
    }
    response = client.post(f"/lottery/stations/{a.pk}/contracts/", form)
    assert response.status_code == 400 and "湖州市仪凤桥小学" in response.content.decode()
    assert not AgencyContract.objects.exists()
    page = client.get(f"/lottery/stations/{a.pk}/").content.decode()
    assert "120 米" in page
    assert "湖州市仪凤桥小学" in client.get("/lottery/findings/").content.decode()


def test_the_centre_records_an_upgrade_and_imports_sales(personas, sites, login) -> None:
    a, _ = sites
    client = login(personas.city_admin)
    response = client.post(
        f"/lottery/stations/{a.pk}/upgrades/", {"upgraded_on": "2024-05-01", "kind": "image"}
    )
    assert response.status_code == 302 and StationUpgrade.objects.count() == 1
    upload = SimpleUploadedFile("s.csv", f"月份,站点,游戏类型,销量\n2024-05,{a.pk},ggl,10\n".encode())
    assert client.post("/lottery/sales/import/", {"file": upload}).status_code == 302
    bad = SimpleUploadedFile("s.csv", f"月份,站点,游戏类型,销量\n2024-05,{a.pk},ggl,-10\n".encode())
    response = client.post("/lottery/sales/import/", {"file": bad})
    assert response.status_code == 400 and "不能为负数" in response.content.decode()
    assert MonthlySale.objects.count() == 2


def test_the_centre_records_a_promotion_event(personas, sites, login) -> None:
    client = login(personas.city_admin)
    response = client.post(
        "/lottery/promotion/",
        {
            "held_on": "2024-06-01",
            "title": "福彩有爱·情暖童心",
            "place": "人民广场",
            "region_code": "330502000000",
            "participants": "120",
        },
    )
    assert response.status_code == 302
    assert PromotionEvent.objects.get().participants == 120
    assert login(personas.anji_officer).post("/lottery/promotion/", {}).status_code == 403


def test_the_centre_adds_a_rate_and_a_second_for_the_same_month_is_refused(personas, sites, login) -> None:
    client = login(personas.city_admin)
    form = {"game_type": GameType.objects.get(code="ggl").pk, "effective_from": "2025-01", "rate": "0.2200"}
    assert client.post("/lottery/fund/", form).status_code == 302
    response = client.post("/lottery/fund/", form)
    assert response.status_code == 400 and "比例只增不改" in response.content.decode()
