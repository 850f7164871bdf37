"""The three subsidies for elders in difficulty: age 60 or over and low-income; nursing also by the
recorded ability level."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minzheng.assistance import messages
from minzheng.benefits.programs.policy import Facts, SubjectFacts, policy_for

D = Decimal
PARAMS = {"monthly_amount": "200.00", "amounts": {"moderate": "200.00", "severe": "400.00", "full": "600.00"}}


def assess(code: str, *, age: int | None = 60, low_income: tuple = ("dibao",), level: str = "severe",
           deceased: bool = False, params: dict | None = None):
    extra = {"low_income": list(low_income), "ability_level": level}
    return policy_for(code).assess(Facts(subject=SubjectFacts(age=age, deceased=deceased, extra=extra)),
                                   standard=None, params={**PARAMS, **(params or {})})


@pytest.mark.parametrize("code", ["elder_living", "elder_service", "elder_nursing"])
def test_sixty_is_old_enough_fifty_nine_is_not(code: str) -> None:
    assert assess(code, age=60).eligible
    result = assess(code, age=59)
    assert not result.eligible and messages.ELDER_AGE_UNDER.format(age=60) in result.reasons


@pytest.mark.parametrize("code", ["elder_living", "elder_service", "elder_nursing"])
@pytest.mark.parametrize("program", ["dibao", "dibian", "tekun"])
def test_each_low_income_program_counts(code: str, program: str) -> None:
    assert assess(code, low_income=(program,)).eligible


@pytest.mark.parametrize("code", ["elder_living", "elder_service", "elder_nursing"])
def test_without_low_income_status_nothing(code: str) -> None:
    result = assess(code, low_income=())
    assert not result.eligible and messages.ELDER_NOT_LOW_INCOME in result.reasons


def test_living_and_service_amounts_are_params() -> None:
    assert assess("elder_living").monthly_amount == D("200.00")
    assert assess("elder_service", params={"monthly_amount": "150.00"}).monthly_amount == D("150.00")


@pytest.mark.parametrize(("level", "amount"), [("moderate", "200.00"), ("severe", "400.00"), ("full", "600.00")])
def test_nursing_pays_by_level(level: str, amount: str) -> None:
    assert assess("elder_nursing", level=level).monthly_amount == D(amount)


@pytest.mark.parametrize("level", ["intact", "mild"])
def test_nursing_refuses_the_able(level: str) -> None:
    assert not assess("elder_nursing", level=level).eligible


def test_nursing_without_a_recorded_level_is_refused_but_living_is_not() -> None:
    assert messages.ELDER_LEVEL_MISSING in assess("elder_nursing", level="").reasons
    assert assess("elder_living", level="").eligible


def test_unknown_age_or_death_refuses() -> None:
    assert not assess("elder_living", age=None).eligible
    assert not assess("elder_living", deceased=True).eligible
