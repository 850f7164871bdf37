"""The category rules (docs/DOMAIN.md, "Children"): each category holds and does not, at the
boundary ages (15/16, 17/18, 29 February) and on both sides of the 6-month thresholds."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.children.categories.rules import ChildFacts, ParentFacts, categorize, months_reached
from minzheng.children.codes import Category

AS_OF = dt.date(2024, 6, 30)
ALIVE = ParentFacts(status="alive")


def facts(
    *parents: ParentFacts,
    birth: dt.date = dt.date(2015, 1, 1),
    as_of: dt.date = AS_OF,
    hukou: str = "urban",
    grade: int | None = None,
    dibao: bool = False,
) -> ChildFacts:
    return ChildFacts(
        as_of=as_of,
        birth_date=birth,
        hukou=hukou,
        disability_grade=grade,
        dibao=dibao,
        parents=parents or (ALIVE, ALIVE),
    )


def test_a_child_with_both_parents_alive_and_well_is_in_no_category() -> None:
    verdict = categorize(facts())
    assert verdict.categories == []
    assert Category.ORPHAN in verdict.refused


@pytest.mark.parametrize("statuses", [("dead", "dead"), ("dead", "missing"), ("missing", "missing")])
def test_both_parents_dead_or_missing_make_an_orphan(statuses: tuple[str, str]) -> None:
    verdict = categorize(facts(*(ParentFacts(status=s) for s in statuses)))
    assert verdict.categories[0] == Category.ORPHAN
    assert Category.DE_FACTO not in verdict.categories
    assert verdict.reasons[0].startswith("孤儿")


def test_one_dead_parent_and_one_alive_is_no_orphan() -> None:
    verdict = categorize(facts(ParentFacts(status="dead"), ALIVE))
    assert Category.ORPHAN not in verdict.categories
    assert "父母均死亡" in verdict.refused[Category.ORPHAN]


def test_orphan_ends_on_the_18th_birthday() -> None:
    dead = (ParentFacts(status="dead"), ParentFacts(status="dead"))
    born = dt.date(2006, 6, 30)
    assert Category.ORPHAN in categorize(facts(*dead, birth=born, as_of=dt.date(2024, 6, 29))).categories
    verdict = categorize(facts(*dead, birth=born, as_of=dt.date(2024, 6, 30)))
    assert verdict.categories == []
    assert "已满18周岁" in verdict.refused[Category.ORPHAN]


def test_born_on_29_february_turns_18_on_1_march_in_a_common_year() -> None:
    dead = (ParentFacts(status="dead"), ParentFacts(status="dead"))
    born = dt.date(2008, 2, 29)
    assert Category.ORPHAN in categorize(facts(*dead, birth=born, as_of=dt.date(2026, 2, 28))).categories
    assert categorize(facts(*dead, birth=born, as_of=dt.date(2026, 3, 1))).categories == []


@pytest.mark.parametrize("status", ["severely_disabled", "seriously_ill"])
def test_both_parents_severely_disabled_or_ill_make_de_facto_unsupported(status: str) -> None:
    verdict = categorize(facts(ParentFacts(status=status), ParentFacts(status="seriously_ill")))
    assert Category.DE_FACTO in verdict.categories
    assert Category.ORPHAN not in verdict.categories


def test_one_dead_and_the_other_imprisoned_six_months_is_de_facto_unsupported() -> None:
    since = dt.date(2023, 12, 30)  # 6 months reached on 2024-06-30
    verdict = categorize(facts(ParentFacts(status="dead"), ParentFacts(status="imprisoned", since=since)))
    assert Category.DE_FACTO in verdict.categories
    assert "已满6个月" in verdict.held[Category.DE_FACTO]


def test_imprisoned_one_day_short_of_six_months_is_not_yet_de_facto_unsupported() -> None:
    since = dt.date(2023, 12, 31)  # 6 months reached on 2024-07-01
    verdict = categorize(facts(ParentFacts(status="dead"), ParentFacts(status="imprisoned", since=since)))
    assert Category.DE_FACTO not in verdict.categories
    assert "至2024-07-01方满6个月" in verdict.refused[Category.DE_FACTO]


def test_unreachable_six_months_counts_from_since_both_sides() -> None:
    ill = ParentFacts(status="seriously_ill")
    since = dt.date(2024, 1, 15)
    before = categorize(
        facts(ill, ParentFacts(status="unreachable", since=since), as_of=dt.date(2024, 7, 14))
    )
    on = categorize(facts(ill, ParentFacts(status="unreachable", since=since), as_of=dt.date(2024, 7, 15)))
    assert Category.DE_FACTO not in before.categories
    assert Category.DE_FACTO in on.categories


def test_six_months_from_31_august_are_reached_on_1_march() -> None:
    assert months_reached(dt.date(2023, 8, 31), 6) == dt.date(2024, 3, 1)
    assert months_reached(dt.date(2023, 8, 29), 6) == dt.date(2024, 2, 29)
    assert months_reached(dt.date(2024, 7, 15), 6) == dt.date(2025, 1, 15)


def test_one_parent_alive_and_well_means_no_de_facto_unsupported() -> None:
    verdict = categorize(facts(ParentFacts(status="seriously_ill"), ALIVE))
    assert Category.DE_FACTO not in verdict.categories
    assert "父母一方健在" in verdict.refused[Category.DE_FACTO]


@pytest.mark.parametrize(("kwargs", "text"), [({"dibao": True}, "贫困"), ({"grade": 3}, "残疾人证（3级）")])
def test_poverty_or_own_disability_make_a_child_in_difficulty(kwargs: dict, text: str) -> None:
    verdict = categorize(facts(**kwargs))
    assert verdict.categories == [Category.IN_DIFFICULTY]
    assert text in verdict.reasons[0]


def test_no_parent_able_to_guard_makes_a_child_in_difficulty() -> None:
    verdict = categorize(facts(ParentFacts(status="dead"), ParentFacts(status="alive", can_guard=False)))
    assert verdict.categories == [Category.IN_DIFFICULTY]
    assert "监护" in verdict.reasons[0]


def test_in_difficulty_ends_at_18() -> None:
    born = dt.date(2006, 7, 1)
    assert categorize(facts(dibao=True, birth=born, as_of=dt.date(2024, 6, 30))).categories == [
        Category.IN_DIFFICULTY
    ]
    assert categorize(facts(dibao=True, birth=born, as_of=dt.date(2024, 7, 1))).categories == []


AWAY = ParentFacts(status="alive", works_away=True)


def test_rural_child_under_16_with_both_parents_away_is_left_behind() -> None:
    verdict = categorize(facts(AWAY, AWAY, hukou="rural"))
    assert verdict.categories == [Category.LEFT_BEHIND]


def test_one_parent_away_and_the_other_unable_to_guard_is_left_behind() -> None:
    verdict = categorize(facts(AWAY, ParentFacts(status="alive", can_guard=False), hukou="rural"))
    assert Category.LEFT_BEHIND in verdict.categories


def test_one_parent_away_and_the_other_at_home_is_not_left_behind() -> None:
    verdict = categorize(facts(AWAY, ALIVE, hukou="rural"))
    assert Category.LEFT_BEHIND not in verdict.categories


def test_urban_child_is_not_left_behind() -> None:
    assert Category.LEFT_BEHIND not in categorize(facts(AWAY, AWAY, hukou="urban")).categories


def test_left_behind_ends_on_the_16th_birthday() -> None:
    born = dt.date(2008, 6, 30)
    at_15 = categorize(facts(AWAY, AWAY, hukou="rural", birth=born, as_of=dt.date(2024, 6, 29)))
    at_16 = categorize(facts(AWAY, AWAY, hukou="rural", birth=born, as_of=dt.date(2024, 6, 30)))
    assert Category.LEFT_BEHIND in at_15.categories
    assert Category.LEFT_BEHIND not in at_16.categories
    assert "已满16周岁" in at_16.refused[Category.LEFT_BEHIND]
