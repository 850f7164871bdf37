"""The art. 61 spending check on hand-made accounts: each tier of net assets at and around its
lower bound, the public-fundraising rule with either income base, and the management cap."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from minzheng.civil_society.charity.spending import spending_check

WAN = D(10_000)


def check(
    *, public: bool = False, net: D = D(0), income: D = D(0), avg: D = D(0), spent: D = D(0), mgmt: D = D(0)
):
    return spending_check(
        public_fundraising=public,
        net_assets_prev_year=net,
        income_prev_year=income,
        income_avg_3y=avg,
        charity_spending=spent,
        management_costs=mgmt,
    )


@pytest.mark.parametrize(
    ("net", "share", "cap"),
    [
        (1000 * WAN, D("0.06"), D("0.13")),  # the lower bound belongs to the tier
        (D("9999999.99"), D("0.07"), D("0.14")),
        (500 * WAN, D("0.07"), D("0.14")),
        (D("4999999.99"), D("0.08"), D("0.15")),
        (100 * WAN, D("0.08"), D("0.15")),
        (5000 * WAN, D("0.06"), D("0.13")),
    ],
)
def test_tier_of_the_prior_year_net_assets_sets_the_share_and_the_cap(net: D, share: D, cap: D) -> None:
    required = (net * share).quantize(D("0.01"))
    at = check(net=net, spent=required)
    below = check(net=net, spent=required - D("0.01"))
    assert at.required_spending == required and at.spending_ok and at.findings == []
    assert at.management_cap == cap
    assert not below.spending_ok and "低于应支出" in below.findings[0]


def test_under_a_million_needs_eight_percent_and_half_the_prior_income() -> None:
    # 8% of 800,000 is 64,000, but half of last year's 300,000 income is 150,000: the larger holds.
    result = check(net=80 * WAN, income=30 * WAN, spent=D("149999.99"))
    assert result.required_spending == D("150000.00") and not result.spending_ok
    assert result.management_cap == D("0.20")
    assert "上年总收入的50%" in result.findings[0]
    # With little income, 8% of the net assets is the larger.
    assert check(net=80 * WAN, income=D("100000"), spent=D("64000")).required_spending == D("64000.00")
    assert check(net=D("999999.99"), income=D(0)).management_cap == D("0.20")


def test_public_fundraising_needs_seventy_percent_of_either_income_base() -> None:
    # Last year's income 1,000,000, the 3-year average 800,000: 560,000 (70% of the average) suffices.
    result = check(
        public=True, net=2000 * WAN, income=100 * WAN, avg=80 * WAN, spent=56 * WAN, mgmt=D("10000")
    )
    assert result.required_spending == D("560000.00") and result.spending_ok
    assert result.management_cap == D("0.10") and result.management_ok
    short = check(public=True, income=100 * WAN, avg=80 * WAN, spent=D("559999.99"))
    assert not short.spending_ok and "前三年收入平均数的70%" in short.findings[0]


def test_management_ratio_is_of_the_years_total_spending_with_the_cap_itself_allowed() -> None:
    # 10 of 100 total is exactly the 10% cap: allowed; a fen more is over.
    at_cap = check(public=True, spent=D("90.00"), mgmt=D("10.00"))
    assert at_cap.management_ratio == D("0.1000") and at_cap.management_ok
    over = check(public=True, spent=D("89.99"), mgmt=D("10.01"))
    assert over.management_ratio == D("0.1001") and not over.management_ok
    assert over.findings == ["管理费用占当年总支出的10.01%，超过10%的上限"]


def test_ratio_is_rounded_half_up_to_four_places_and_compared_unrounded() -> None:
    # 13 / 100.0001 is 0.129999..: shown 0.1300, and within the 13% cap of the top tier.
    result = check(net=1000 * WAN, spent=D("600000.00"), mgmt=D("89655.18"))
    assert result.management_ratio == D("0.1300")
    assert not result.management_ok  # 89,655.18 > 13% of 689,655.18 (89,655.17)


def test_nothing_spent_has_no_ratio_and_breaks_no_cap() -> None:
    result = check(net=D(0))
    assert result.management_ratio is None and result.management_ok and result.spending_ok
