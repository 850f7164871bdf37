"""The year's lottery figures counted from the records, in the reader's scope and per county,
and their API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.lottery.figures.selectors import growth, lottery_figures, lottery_figures_by_county
from minzheng.lottery.promotion.models import PromotionEvent
from minzheng.lottery.sales.models import MonthlySale
from minzheng.lottery.stations.models import StationClosure, StationUpgrade
from tests.lottery.conftest import station
from tests.personas import OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(seeded):  # type: ignore[no-untyped-def]
    wuxing = station("吴兴站", opened_on=dt.date(2024, 3, 1))
    anji = station("安吉站", region_code=OTHER_COUNTY_VILLAGE, opened_on=dt.date(2010, 1, 1))
    gone = station("旧站", opened_on=dt.date(2012, 1, 1), status="closed")
    StationClosure.objects.create(
        station=gone, region_code=gone.region_code, closed_on=dt.date(2024, 9, 1), reason="停业"
    )
    StationUpgrade.objects.create(
        station=anji, region_code=anji.region_code, upgraded_on=dt.date(2024, 5, 1), kind="image"
    )
    StationUpgrade.objects.create(
        station=anji, region_code=anji.region_code, upgraded_on=dt.date(2023, 5, 1), kind="image"
    )
    rows = [
        (wuxing, 2024, "ssq", "1000.00"),
        (wuxing, 2024, "ggl", "500.50"),
        (anji, 2024, "hd15x5", "1000.00"),
        (anji, 2023, "ssq", "2300.00"),
        (wuxing, 2023, "ssq", "0.00"),
    ]
    for site, year, code, amount in rows:
        MonthlySale.objects.create(
            station=site,
            region_code=site.region_code,
            month=dt.date(year, 6, 1),
            game_type=seeded[code],
            amount=Decimal(amount),
        )
    PromotionEvent.objects.create(
        held_on=dt.date(2024, 6, 1),
        title="福彩有爱",
        place="广场",
        region_code="330523000000",
        participants=100,
    )
    return wuxing, anji


def test_the_city_figures_count_the_records(personas, records) -> None:
    values = lottery_figures(actor=personas.city_admin, year=2024)
    assert values["sales"] == Decimal("2500.50") and values["sales_previous"] == Decimal("2300.00")
    assert values["sales_growth"] == Decimal("8.7")  # 200.50 / 2300 = 8.717 %
    assert values["fund_raised"] == Decimal("360.00") + Decimal("100.10") + Decimal("280.00")
    assert (values["stations_net_new"], values["stations_upgraded"], values["promotion_events"]) == (0, 1, 1)


def test_a_county_reads_its_own(personas, records) -> None:
    values = lottery_figures(actor=personas.anji_officer, year=2024)
    assert values["sales"] == Decimal("1000.00") and values["stations_net_new"] == 0
    assert values["sales_growth"] == Decimal("-56.5")
    by_county = {row["code"]: row for row in lottery_figures_by_county(actor=personas.city_admin, year=2024)}
    assert by_county["330502000000"]["stations_net_new"] == 0  # one opened, one closed
    assert by_county["330502000000"]["stations_opened"] == 1
    assert by_county["330523000000"]["promotion_events"] == 1
    assert [r["code"] for r in lottery_figures_by_county(actor=personas.anji_officer, year=2024)] == [
        "330523000000"
    ]


def test_growth_is_rounded_half_up_to_one_decimal_and_none_without_last_year() -> None:
    assert growth(Decimal("920000000"), Decimal("878701050")) == Decimal("4.7")
    assert growth(Decimal("100.5"), Decimal("100")) == Decimal("0.5")
    assert growth(Decimal("1"), Decimal("0")) is None


def test_the_figures_api(personas, records, api) -> None:
    body = api(personas.city_admin).get("/api/lottery/figures/?year=2024").json()
    assert body["sales"] == "2500.50" and body["sales_growth"] == "8.7" and body["fund_raised"] == "740.10"
    assert len(body["counties"]) >= 2
    assert api(personas.city_admin).get("/api/lottery/figures/?year=abc").status_code == 400
    assert api(personas.aishan_officer).get("/api/lottery/figures/?year=2024").status_code == 403
