"""Temporary aid: emergency or expenditure, one-off, capped at N × the monthly dibao standard."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minzheng.assistance import messages
from minzheng.assistance.policies.temporary_aid import TemporaryAidPolicy
from minzheng.benefits.programs.policy import Facts, SubjectFacts, policy_for

D = Decimal
STANDARD = D("1145.00")


def assess(kind: str = "emergency", need: str = "3000", params: dict | None = None, deceased: bool = False):
    facts = Facts(subject=SubjectFacts(age=40, deceased=deceased, extra={"aid_kind": kind, "aid_need": need}))
    return policy_for("temporary_aid").assess(facts, standard=STANDARD, params=params or {})


def test_the_cap_is_against_the_dibao_standard() -> None:
    assert TemporaryAidPolicy.standard_program == "dibao"


@pytest.mark.parametrize("kind", ["emergency", "expenditure"])
def test_both_kinds_pay_the_need(kind: str) -> None:
    result = assess(kind, "3000")
    assert result.eligible and result.monthly_amount == D("3000.00")
    assert messages.AID_KIND.format(kind=messages.AID_KINDS[kind]) in result.reasons


def test_a_need_exactly_at_ten_times_the_standard_is_paid_in_full() -> None:
    result = assess(need="11450.00")
    assert result.monthly_amount == D("11450.00")
    assert not any("超过上限" in r for r in result.reasons)


def test_one_cent_over_the_cap_is_capped() -> None:
    result = assess(need="11450.01")
    assert result.monthly_amount == D("11450.00")
    assert messages.AID_CAPPED.format(need="11,450.01", cap="11,450.00", months=D(10)) in result.reasons


def test_the_multiple_is_a_param() -> None:
    assert assess(need="99999", params={"cap_months": 3}).monthly_amount == D("3435.00")


def test_an_unknown_kind_or_no_need_is_refused() -> None:
    assert assess(kind="other").reasons == [messages.AID_KIND_INVALID]
    assert not assess(need="0").eligible


def test_a_deceased_person_is_refused() -> None:
    assert not assess(deceased=True).eligible
