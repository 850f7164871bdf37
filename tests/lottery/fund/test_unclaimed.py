"""Unclaimed prizes (逾期未兑奖金): recorded by the centre in its scope, into the fund's local half on
the fund page, not into the figure of the fund raised from sales."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.lottery.figures.selectors import lottery_figures
from minzheng.lottery.fund.models import UnclaimedPrize
from minzheng.lottery.fund.services import unclaimed_prize_record
from minzheng.lottery.sales.selectors import fund_by_month

pytestmark = pytest.mark.django_db


def test_lapsed_prizes_go_to_the_local_half_of_their_month(personas, sites) -> None:
    unclaimed_prize_record(
        actor=personas.city_admin,
        month="2024-05",
        region_code="330502000000",
        amount="12.34",
        note="双色球2024030期逾期",
    )
    unclaimed_prize_record(actor=personas.city_admin, month="2024-07", region_code="330523000000", amount="5")
    may = {m["month"]: m for m in fund_by_month(user=personas.city_admin, year=2024)}
    assert may[dt.date(2024, 5, 1)]["fund"] == Decimal("36.00")  # 100.00 of 双色球 at 36%
    assert may[dt.date(2024, 5, 1)]["local_total"] == Decimal("18.00") + Decimal("12.34")
    assert may[dt.date(2024, 7, 1)]["sales"] == 0 and may[dt.date(2024, 7, 1)]["local_total"] == Decimal(
        "5.00"
    )
    assert [m["month"] for m in fund_by_month(user=personas.anji_officer, year=2024)] == [dt.date(2024, 7, 1)]
    assert lottery_figures(actor=personas.city_admin, year=2024)["fund_raised"] == Decimal("36.00")


def test_bad_input_is_named_and_a_county_may_not_record(personas, sites) -> None:
    with pytest.raises(ValidationError) as exc:
        unclaimed_prize_record(
            actor=personas.city_admin, month="2024-5-1", region_code="110000000000", amount="0"
        )
    assert set(exc.value.message_dict) == {"month", "region_code", "amount"}
    with pytest.raises(PermissionDenied):
        unclaimed_prize_record(
            actor=personas.anji_officer, month="2024-05", region_code="330523000000", amount="1"
        )
    assert not UnclaimedPrize.objects.exists()


def test_the_fund_page_records_them(personas, sites, login) -> None:
    client = login(personas.city_admin)
    response = client.post(
        "/lottery/fund/",
        {"form": "unclaimed", "month": "2024-05", "region_code": "330502000000", "amount": "8.00"},
    )
    assert response.status_code == 302
    page = client.get("/lottery/fund/?year=2024").content.decode()
    assert "8.00" in page and "逾期未兑奖金" in page
