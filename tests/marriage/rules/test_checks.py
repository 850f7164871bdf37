"""The legal checks of a marriage (``marriage.rules.checks``): each failed rule gives one Chinese
reason naming the party and the rule; ages are reached on the birthday itself."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.marriage import messages
from minzheng.marriage.rules.ages import age_on, age_reached_on
from minzheng.marriage.rules.checks import Party, marriage_reasons

D = dt.date
MAN_BORN, WOMAN_BORN = D(1995, 1, 1), D(1997, 1, 1)


def man(birth: dt.date = MAN_BORN, status: str = "unmarried", alive: bool = True) -> Party:
    return Party(gender="M", birth_date=birth, marital_status=status, alive=alive)


def woman(birth: dt.date = WOMAN_BORN, status: str = "unmarried", alive: bool = True) -> Party:
    return Party(gender="F", birth_date=birth, marital_status=status, alive=alive)


def reasons(on: dt.date, *parties: Party, declared: bool = True) -> list[str]:
    return marriage_reasons(registration_date=on, parties=list(parties), prohibited_relationship_declared_absent=declared)


def test_a_man_may_marry_on_his_22nd_birthday_and_not_the_day_before() -> None:
    assert reasons(D(2025, 6, 15), man(D(2003, 6, 15)), woman()) == []
    refused = reasons(D(2025, 6, 14), man(D(2003, 6, 15)), woman())
    assert refused == [
        messages.AGE_TOO_YOUNG.format(party="男方", gender="男", minimum=22, age=21, reach="2025-06-15")
    ]


def test_a_woman_may_marry_on_her_20th_birthday_and_not_the_day_before() -> None:
    assert reasons(D(2025, 3, 10), man(), woman(D(2005, 3, 10))) == []
    refused = reasons(D(2025, 3, 9), man(), woman(D(2005, 3, 10)))
    assert len(refused) == 1 and refused[0].startswith("女方：") and "20周岁" in refused[0]


def test_born_on_29_february_reaches_an_age_on_1_march_in_a_common_year() -> None:
    birth = D(2004, 2, 29)
    assert age_on(birth, D(2024, 2, 28)) == 19 and age_on(birth, D(2024, 2, 29)) == 20
    assert age_on(birth, D(2025, 2, 28)) == 20 and age_on(birth, D(2026, 2, 28)) == 21
    assert age_reached_on(D(2003, 2, 28), 22) == D(2025, 2, 28)
    assert age_reached_on(D(2004, 2, 29), 22) == D(2026, 3, 1)
    assert reasons(D(2026, 2, 28), man(D(2004, 2, 29)), woman()) != []
    assert reasons(D(2026, 3, 1), man(D(2004, 2, 29)), woman()) == []
    assert reasons(D(2024, 2, 29), man(), woman(D(2004, 2, 29))) == []


@pytest.mark.parametrize("status", ["unmarried", "divorced", "widowed"])
def test_unmarried_divorced_and_widowed_may_marry(status: str) -> None:
    assert reasons(D(2025, 1, 1), man(status=status), woman(status=status)) == []


def test_a_married_party_is_refused_naming_that_party() -> None:
    assert reasons(D(2025, 1, 1), man(), woman(status="married")) == [messages.PARTY_MARRIED.format(party="女方")]
    assert reasons(D(2025, 1, 1), man(status="married"), woman()) == [messages.PARTY_MARRIED.format(party="男方")]


def test_a_dead_party_is_refused() -> None:
    assert reasons(D(2025, 1, 1), man(alive=False), woman()) == [messages.PARTY_DECEASED.format(party="男方")]


def test_without_the_declaration_of_no_prohibited_relationship_it_is_refused() -> None:
    assert reasons(D(2025, 1, 1), man(), woman(), declared=False) == [messages.PROHIBITED_NOT_DECLARED]


def test_two_men_are_refused_and_called_first_and_second_party() -> None:
    got = reasons(D(2025, 1, 1), man(), man(D(2010, 1, 1)))
    assert got[0] == messages.NOT_MAN_AND_WOMAN
    assert any(r.startswith("第二方：") for r in got)


def test_every_failed_rule_gives_its_own_reason() -> None:
    got = reasons(D(2025, 1, 1), man(D(2010, 1, 1), status="married", alive=False), woman(status="married"),
                  declared=False)
    assert len(got) == 5 and len(set(got)) == 5
