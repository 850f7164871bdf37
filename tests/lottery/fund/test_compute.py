"""The 公益金 by the rate table: per game type half up to the fen, the halves adding up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.lottery.fund.compute import fund_for, parse_amount, parse_month, split
from minzheng.lottery.fund.models import FundRate

MAY = dt.date(2024, 5, 1)
pytestmark = pytest.mark.django_db


def test_the_seeded_rates_are_the_mof_2018_rates_by_category(seeded) -> None:
    rates = {r.game_type.code: (r.rate, r.approximate) for r in FundRate.objects.select_related("game_type")}
    assert rates["ssq"] == (Decimal("0.3600"), True)
    assert rates["fc3d"] == (Decimal("0.3600"), True)
    assert rates["hd15x5"] == (Decimal("0.2800"), False)
    assert rates["quiz"] == (Decimal("0.1800"), False)
    assert rates["ggl"] == (Decimal("0.2000"), True)


def test_each_game_type_is_rounded_half_up_to_the_fen(seeded) -> None:
    fund = fund_for(
        MAY,
        {
            seeded["ssq"]: Decimal("100.01"),
            seeded["hd15x5"]: Decimal("0.05"),
            seeded["quiz"]: Decimal("0.25"),
            seeded["ggl"]: Decimal("1000.00"),
        },
    )
    by_code = {line.game_type.code: line.fund for line in fund.lines}
    assert by_code == {
        "ssq": Decimal("36.00"),
        "hd15x5": Decimal("0.01"),
        "quiz": Decimal("0.05"),
        "ggl": Decimal("200.00"),
    }  # 0.045 goes up to 0.05, not to the even 0.04
    assert fund.total == Decimal("236.06")
    assert fund.sales_total == Decimal("1100.31")
    assert (fund.central, fund.local) == (Decimal("118.03"), Decimal("118.03"))


def test_the_central_half_is_rounded_and_the_local_half_is_the_rest(seeded) -> None:
    assert split(Decimal("0.05")) == (Decimal("0.03"), Decimal("0.02"))
    fund = fund_for(MAY, {seeded["quiz"]: Decimal("0.25")})
    assert fund.central + fund.local == fund.total == Decimal("0.05")


def test_a_new_rate_applies_from_its_month_and_not_before(seeded) -> None:
    FundRate.objects.create(
        game_type=seeded["ggl"], effective_from=dt.date(2025, 1, 1), rate=Decimal("0.2200")
    )
    before = fund_for(dt.date(2024, 12, 1), {seeded["ggl"]: Decimal("100.00")})
    after = fund_for(dt.date(2025, 1, 1), {seeded["ggl"]: Decimal("100.00")})
    assert (before.total, after.total) == (Decimal("20.00"), Decimal("22.00"))


def test_a_month_before_any_rate_has_no_fund(seeded) -> None:
    with pytest.raises(ValueError, match="没有在用的公益金提取比例"):
        fund_for(dt.date(2017, 12, 1), {seeded["ssq"]: Decimal("1.00")})


@pytest.mark.parametrize("value", ["2024-13", "2024/05", "24-05", "", "May"])
def test_a_bad_month_is_refused(value: str) -> None:
    with pytest.raises(ValueError):
        parse_month(value)


@pytest.mark.parametrize(
    ("value", "reason"),
    [("-1", "negative"), ("1.005", "fraction"), ("abc", "invalid"), ("NaN", "invalid"), (True, "invalid")],
)
def test_a_bad_amount_is_refused_with_its_reason(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_amount(value)
