"""The two disability subsidies: living for disabled people in dibao households (optionally the
other low-income programs), nursing for grades 1–2 plus intellectual and mental grades 3–4 when the
param allows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minzheng.assistance import messages
from minzheng.benefits.programs.policy import Facts, SubjectFacts, policy_for

D = Decimal
LIVING = {"monthly_amount": "410.00"}
NURSING = {"amounts": {"1": "300.00", "2": "150.00", "3": "100.00", "4": "80.00"}}


def living(*, certificates: list | None = None, low_income: tuple = ("dibao",), params: dict | None = None,
           deceased: bool = False):
    extra = {"certificates": certificates if certificates is not None else [{"kind": "physical", "grade": 3}],
             "low_income": list(low_income)}
    return policy_for("disability_living").assess(Facts(subject=SubjectFacts(age=50, deceased=deceased, extra=extra)),
                                                  standard=None, params={**LIVING, **(params or {})})


def nursing(kind: str, grade: int, params: dict | None = None):
    extra = {"certificates": [{"kind": kind, "grade": grade}], "low_income": []}
    return policy_for("disability_nursing").assess(Facts(subject=SubjectFacts(age=50, extra=extra)),
                                                   standard=None, params={**NURSING, **(params or {})})


def test_a_disabled_member_of_a_dibao_household_gets_the_living_subsidy() -> None:
    result = living()
    assert result.eligible and result.monthly_amount == D("410.00")


def test_no_certificate_no_living_subsidy() -> None:
    result = living(certificates=[])
    assert not result.eligible and result.reasons == [messages.DISABILITY_NO_CERTIFICATE]


def test_a_dibian_household_is_covered_only_when_the_setting_extends_it() -> None:
    assert not living(low_income=("dibian",)).eligible
    assert messages.DISABILITY_NOT_LOW_INCOME in living(low_income=("dibian",)).reasons
    assert living(low_income=("dibian",), params={"include_low_income": True}).eligible


def test_a_deceased_person_gets_nothing() -> None:
    assert not living(deceased=True).eligible


@pytest.mark.parametrize(("kind", "grade", "amount"), [("physical", 1, "300.00"), ("hearing", 2, "150.00"),
                                                       ("intellectual", 3, "100.00"), ("mental", 4, "80.00")])
def test_nursing_covers_grades_one_two_and_intellectual_or_mental_three_four(kind: str, grade: int,
                                                                              amount: str) -> None:
    result = nursing(kind, grade)
    assert result.eligible and result.monthly_amount == D(amount)


@pytest.mark.parametrize(("kind", "grade"), [("physical", 3), ("visual", 4), ("multiple", 3)])
def test_nursing_does_not_cover_other_grades_three_four(kind: str, grade: int) -> None:
    assert not nursing(kind, grade).eligible


def test_nursing_of_intellectual_three_four_follows_the_setting() -> None:
    result = nursing("intellectual", 3, params={"grades_3_4_intellectual_mental": False})
    assert not result.eligible
    assert messages.DISABILITY_GRADE_NOT_COVERED.format(kind="智力", grade=3) in result.reasons


def test_nursing_needs_no_low_income_status() -> None:
    assert nursing("physical", 1).eligible


def test_the_most_severe_covered_certificate_sets_the_amount() -> None:
    extra = {"certificates": [{"kind": "physical", "grade": 3}, {"kind": "mental", "grade": 2}]}
    result = policy_for("disability_nursing").assess(Facts(subject=SubjectFacts(age=50, extra=extra)),
                                                     standard=None, params=NURSING)
    assert result.monthly_amount == D("150.00")
