"""The dibian policy: per-capita income above 1× and at most k× the dibao standard (k a param),
compared as household totals; assets within the dibao limits; no monthly cash by default."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minzheng.assistance import messages
from minzheng.assistance.policies.dibian import DibianPolicy
from minzheng.benefits import messages as benefit_messages
from minzheng.benefits.programs.policy import AssetFacts, Facts, MemberFacts, policy_for

D = Decimal
STANDARD = D("1145.00")


def assess(*incomes: str, assets: AssetFacts | None = None, params: dict | None = None, deceased: int = 0):
    members = [MemberFacts(name=f"成员{i}", monthly_income=D(x)) for i, x in enumerate(incomes)]
    members += [MemberFacts(name="故人", monthly_income=D("0"), deceased=True)] * deceased
    return policy_for("dibian").assess(Facts(members=members, assets=assets or AssetFacts()), standard=STANDARD,
                                       params=params or {})


def test_dibian_is_measured_against_the_dibao_standard() -> None:
    assert DibianPolicy.standard_program == "dibao"


def test_income_exactly_at_the_standard_is_dibao_not_dibian() -> None:
    result = assess("1145.00")
    assert not result.eligible
    assert messages.DIBIAN_INCOME_NOT_ABOVE.format(income="1,145.00", standard="1,145.00") in result.reasons


def test_one_cent_above_the_standard_is_dibian() -> None:
    result = assess("1145.01")
    assert result.eligible and result.monthly_amount == D("0.00")
    assert messages.DIBIAN_NO_CASH in result.reasons and messages.DIBIAN_LOW_INCOME in result.reasons


def test_exactly_k_times_the_standard_is_still_dibian() -> None:
    assert assess("1717.50").eligible
    assert assess("3435", "0").eligible  # 1,717.50 a head


def test_one_cent_over_k_times_is_not() -> None:
    result = assess("1717.51")
    assert not result.eligible
    assert messages.DIBIAN_INCOME_OVER.format(income="1,717.51", k=D("1.5"), limit="1,717.50") in result.reasons


def test_per_capita_is_compared_without_rounding() -> None:
    # 5,152.50 over 3 is 1,717.50 exactly; one cent more is a third of a fen over per head.
    assert assess("5152.50", "0", "0").eligible
    assert not assess("5152.51", "0", "0").eligible


@pytest.mark.parametrize(("k", "income", "eligible"), [("2", "2290.00", True), ("2", "2290.01", False)])
def test_k_is_a_param(k: str, income: str, eligible: bool) -> None:
    assert assess(income, params={"k": k}).eligible is eligible


def test_deposits_just_over_the_limit_refuse() -> None:
    limit = STANDARD * 24 * 2
    assert assess("1200", "1200", assets=AssetFacts(deposits=limit)).eligible
    assert not assess("1200", "1200", assets=AssetFacts(deposits=limit + D("0.01"))).eligible


def test_a_vehicle_refuses_by_default() -> None:
    result = assess("1200", assets=AssetFacts(vehicles=1))
    assert not result.eligible
    assert benefit_messages.ASSET_VEHICLES_OVER.format(count=1, limit=0) in result.reasons


def test_a_deceased_member_is_not_counted() -> None:
    # Alive alone at 1,200 is dibian; counting the deceased would halve the income into dibao.
    result = assess("1200", deceased=1)
    assert result.eligible and result.counted_members == 1
    assert benefit_messages.POLICY_MEMBER_DECEASED.format(name="故人") in result.reasons


def test_a_cash_amount_per_person_is_a_param() -> None:
    assert assess("1200", "1200", params={"per_person_amount": "50.00"}).monthly_amount == D("100.00")


def test_no_standard_no_members() -> None:
    assert policy_for("dibian").assess(Facts(members=[MemberFacts()]), standard=None, params={}).reasons == [
        benefit_messages.POLICY_NO_STANDARD]
    assert benefit_messages.POLICY_NO_MEMBERS in assess().reasons
