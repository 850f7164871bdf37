"""The dibao policy against docs/DOMAIN.md: below the standard, not at it; the difference per
counted member, rounded once; asset limits from the program's params; deceased members."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minzheng.benefits import messages
from minzheng.benefits.programs.dibao import DEFAULT_PARAMS, DibaoPolicy
from minzheng.benefits.programs.policy import (
    AssetFacts,
    Facts,
    MemberFacts,
    Policy,
    PolicyMissing,
    policy_for,
    register,
)

STANDARD = Decimal("1145.00")
D = Decimal


def assess(*incomes: str, assets: AssetFacts | None = None, params: dict | None = None, **member_kw: object):
    members = [MemberFacts(name=f"成员{i}", monthly_income=D(x), **member_kw) for i, x in enumerate(incomes)]
    return policy_for("dibao").assess(Facts(members=members, assets=assets or AssetFacts()),
                                      standard=STANDARD, params=params or {})


def test_the_rounding_example_gives_2435_00_not_2435_01() -> None:
    result = assess("1000", "0", "0")
    assert result.eligible
    assert result.monthly_amount == D("2435.00")
    assert result.per_capita_income == D(1000) / 3  # unrounded inside the calculation
    assert result.counted_members == 3


def test_income_exactly_at_the_standard_is_not_eligible() -> None:
    result = assess("1145.00")
    assert not result.eligible
    assert result.monthly_amount == D("0.00")
    assert messages.DIBAO_INCOME_NOT_BELOW.format(income="1,145.00", standard="1,145.00") in result.reasons


def test_one_cent_below_the_standard_is_eligible_for_one_cent() -> None:
    result = assess("1144.99")
    assert result.eligible
    assert result.monthly_amount == D("0.01")


def test_household_per_capita_at_the_standard_is_compared_without_rounding() -> None:
    # 3,435 over 3 members is exactly the standard; 3,434.99 is below by a third of a fen each.
    assert not assess("3435", "0", "0").eligible
    below = assess("3434.99", "0", "0")
    assert below.eligible and below.monthly_amount == D("0.01")


def test_per_person_floor_setting_raises_a_small_difference() -> None:
    result = assess("1100", params={"per_person_floor": "100.00"})
    assert result.monthly_amount == D("100.00")
    assert messages.DIBAO_FLOOR_APPLIED.format(floor="100.00") in result.reasons
    assert assess("1100").monthly_amount == D("45.00")


def test_deposits_just_over_the_limit_refuse() -> None:
    limit = STANDARD * DEFAULT_PARAMS["deposits_per_capita_months"] * 2
    assert assess("0", "0", assets=AssetFacts(deposits=limit)).eligible
    over = assess("0", "0", assets=AssetFacts(deposits=limit + D("0.01")))
    assert not over.eligible and over.monthly_amount == D("0.00")
    assert any(r.startswith("家庭人均存款") for r in over.reasons)


def test_asset_limits_are_params_not_literals() -> None:
    assert not assess("0", assets=AssetFacts(vehicles=1)).eligible
    assert assess("0", assets=AssetFacts(vehicles=1), params={"vehicles_max": 1}).eligible
    assert not assess("0", assets=AssetFacts(houses=2)).eligible
    assert assess("0", assets=AssetFacts(deposits=D("30000")), params={"deposits_per_capita_months": 30}).eligible


def test_a_deceased_member_is_not_counted_and_is_named() -> None:
    members = [MemberFacts(name="张三", monthly_income=D("500")), MemberFacts(name="李四", deceased=True,
                                                                           monthly_income=D("3000"))]
    result = policy_for("dibao").assess(Facts(members=members), standard=STANDARD, params={})
    assert result.counted_members == 1
    assert result.monthly_amount == D("645.00")
    assert messages.POLICY_MEMBER_DECEASED.format(name="李四") in result.reasons


def test_a_household_of_deceased_members_only_is_refused() -> None:
    result = policy_for("dibao").assess(Facts(members=[MemberFacts(name="王五", deceased=True)]),
                                        standard=STANDARD, params={})
    assert not result.eligible
    assert messages.POLICY_NO_MEMBERS in result.reasons


def test_members_not_counted_bring_neither_income_nor_a_share() -> None:
    members = [MemberFacts(monthly_income=D("200")), MemberFacts(monthly_income=D("9000"), counted=False)]
    result = policy_for("dibao").assess(Facts(members=members), standard=STANDARD, params={})
    assert result.eligible and result.monthly_amount == D("945.00")


def test_no_standard_is_not_eligible_with_a_reason() -> None:
    result = policy_for("dibao").assess(Facts(members=[MemberFacts()]), standard=None, params={})
    assert not result.eligible and result.reasons == [messages.POLICY_NO_STANDARD]


def test_review_interval_is_six_months_with_a_work_capable_member_of_unstable_income() -> None:
    policy = DibaoPolicy()
    stable = Facts(members=[MemberFacts(work_capable=True, income_stable=True)])
    unstable = Facts(members=[MemberFacts(work_capable=True, income_stable=False)])
    assert policy.review_interval_months(stable, params=DEFAULT_PARAMS) == 12
    assert policy.review_interval_months(unstable, params=DEFAULT_PARAMS) == 6


def test_the_registry_is_open_and_refuses_a_second_class_for_a_code() -> None:
    with pytest.raises(PolicyMissing):
        policy_for("no_such_program")
    with pytest.raises(ValueError):
        register(type("Other", (Policy,), {"code": "dibao"}))
