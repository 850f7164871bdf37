"""The tekun policy against docs/DOMAIN.md: all three conditions, each at its boundary; the basic
living standard plus the care subsidy by the 6-item self-care rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minzheng.assistance import messages
from minzheng.assistance.policies.tekun import SELF_CARE_ITEMS, self_care_level
from minzheng.benefits import messages as benefit_messages
from minzheng.benefits.programs.policy import AssetFacts, Facts, MemberFacts, SubjectFacts, policy_for

D = Decimal
TEKUN = D("1950.00")
DIBAO = D("1145.00")
CARE = {"care_amounts": {"self_care": "100.00", "partial_loss": "500.00", "full_loss": "1000.00"}}


def assess(*, age: int | None = 70, income: str = "0", supporters: str = "none", deceased: bool = False,
           certificates: list | None = None, self_care: dict | None = None, assets: AssetFacts | None = None,
           params: dict | None = None, dibao: Decimal | None = DIBAO):
    extra = {"dibao_standard": dibao, "monthly_income": D(income), "supporters": supporters,
             "certificates": certificates or []}
    if self_care is not None:
        extra["self_care"] = self_care
    facts = Facts(assets=assets or AssetFacts(), subject=SubjectFacts(age=age, deceased=deceased, extra=extra))
    return policy_for("tekun").assess(facts, standard=TEKUN, params={**CARE, **(params or {})})


def items(failed: int) -> dict[str, bool]:
    return {item: n >= failed for n, item in enumerate(SELF_CARE_ITEMS)}


def test_an_old_person_alone_with_no_income_is_paid_the_basic_standard() -> None:
    result = assess()
    assert result.eligible
    assert result.monthly_amount == TEKUN
    assert messages.TEKUN_NO_WORK_ABILITY_AGE_OLD.format(age=60) in result.reasons
    assert messages.TEKUN_CARE_NOT_ASSESSED in result.reasons


@pytest.mark.parametrize(("age", "eligible"), [(60, True), (59, False), (16, False), (15, True), (0, True)])
def test_work_ability_by_age_at_its_boundaries(age: int, eligible: bool) -> None:
    assert assess(age=age).eligible is eligible


@pytest.mark.parametrize(("kind", "grade", "eligible"), [
    ("intellectual", 3, True), ("intellectual", 4, False), ("mental", 3, True), ("physical", 2, True),
    ("physical", 3, False), ("visual", 1, True), ("visual", 2, False), ("hearing", 1, False)])
def test_work_ability_by_disability_follows_the_set_grades(kind: str, grade: int, eligible: bool) -> None:
    assert assess(age=40, certificates=[{"kind": kind, "grade": grade}]).eligible is eligible


def test_the_disability_grades_are_a_param() -> None:
    assert assess(age=40, certificates=[{"kind": "hearing", "grade": 1}],
                  params={"no_work_disability": {"hearing": 2}}).eligible


def test_income_exactly_at_the_dibao_standard_is_a_source_of_living() -> None:
    result = assess(income="1145.00")
    assert not result.eligible
    assert messages.TEKUN_INCOME_NOT_BELOW.format(income="1,145.00", standard="1,145.00") in result.reasons


def test_income_one_cent_below_the_dibao_standard_is_no_source_of_living() -> None:
    assert assess(income="1144.99").eligible


def test_without_a_dibao_standard_the_income_test_cannot_pass() -> None:
    result = assess(dibao=None)
    assert not result.eligible and messages.TEKUN_DIBAO_STANDARD_MISSING in result.reasons


def test_deposits_just_over_the_limit_refuse() -> None:
    limit = DIBAO * 24
    assert assess(assets=AssetFacts(deposits=limit)).eligible
    assert not assess(assets=AssetFacts(deposits=limit + D("0.01"))).eligible


def test_a_second_house_refuses() -> None:
    assert not assess(assets=AssetFacts(houses=2)).eligible


@pytest.mark.parametrize(("supporters", "eligible", "reason"), [
    ("none", True, messages.TEKUN_NO_SUPPORTER), ("unable", True, messages.TEKUN_SUPPORTERS_UNABLE),
    ("able", False, messages.TEKUN_SUPPORTERS_ABLE), ("", False, messages.TEKUN_SUPPORTERS_UNKNOWN)])
def test_supporters_condition(supporters: str, eligible: bool, reason: str) -> None:
    result = assess(supporters=supporters)
    assert result.eligible is eligible and reason in result.reasons


def test_all_three_conditions_must_hold() -> None:
    result = assess(age=40, income="2000", supporters="able")
    assert not result.eligible and result.monthly_amount == D("0.00")
    assert len(result.reasons) == 3


def test_a_deceased_person_is_not_eligible() -> None:
    result = assess(deceased=True)
    assert not result.eligible and result.reasons == [messages.SUBJECT_DECEASED]


def test_without_a_tekun_standard_nothing_is_paid() -> None:
    facts = Facts(subject=SubjectFacts(age=70, extra={"dibao_standard": DIBAO, "supporters": "none"}))
    result = policy_for("tekun").assess(facts, standard=None, params={})
    assert not result.eligible and result.reasons == [benefit_messages.POLICY_NO_STANDARD]


@pytest.mark.parametrize(("failed", "level"), [(0, "self_care"), (1, "partial_loss"), (3, "partial_loss"),
                                               (4, "full_loss"), (6, "full_loss")])
def test_the_six_item_rule(failed: int, level: str) -> None:
    assert self_care_level(items(failed)) == (level, failed)


def test_an_item_not_given_counts_as_failed() -> None:
    assert self_care_level({"eating": True}) == ("full_loss", 5)


@pytest.mark.parametrize(("failed", "care"), [(0, "100.00"), (3, "500.00"), (4, "1000.00")])
def test_the_care_subsidy_by_level_is_added_from_params(failed: int, care: str) -> None:
    result = assess(self_care=items(failed))
    assert result.monthly_amount == TEKUN + D(care)
    assert messages.TEKUN_AMOUNT.format(amount=f"{TEKUN + D(care):,.2f}") in result.reasons


def test_members_income_is_used_when_given() -> None:
    facts = Facts(members=[MemberFacts(name="本人", monthly_income=D("1200"))],
                  subject=SubjectFacts(age=70, extra={"dibao_standard": DIBAO, "supporters": "none"}))
    assert not policy_for("tekun").assess(facts, standard=TEKUN, params={}).eligible
