"""The GB/T 42195-2022 rules as pure functions: the item table, the subtotals and total, the level
at each boundary of the total, the coma rule, and the raise by one level for each cause."""

from __future__ import annotations

import pytest

from minzheng.eldercare import messages
from minzheng.eldercare.assessment.scoring import (
    INDICATORS,
    ITEMS,
    TOTAL_MAX,
    AbilityLevel,
    ScoresInvalid,
    preliminary_level,
    score,
    scores_check,
)
from tests.eldercare.factories import scores_totalling

ALL_MAX = [item.max for item in ITEMS]
ALL_ZERO = [0] * 26


def test_the_table_has_26_items_in_four_indicators_with_the_standards_maxima() -> None:
    assert [(i.name, len(i.items), i.max) for i in INDICATORS] == [
        ("自理能力", 8, 32), ("基础运动能力", 4, 15), ("精神状态", 9, 28), ("感知觉与社会参与", 5, 15)]
    assert len(ITEMS) == 26 and TOTAL_MAX == 90 == sum(ALL_MAX)
    assert [item.code for item in ITEMS][:3] == ["B.1.1", "B.1.2", "B.1.3"]
    assert ITEMS[-1].code == "B.4.5"
    ranges = {item.name: item.max for item in ITEMS}
    assert ranges["上下楼梯"] == 3 and ranges["攻击行为"] == 1 and ranges["抑郁症状"] == 1
    assert ranges["意识水平"] == 2 and ranges["视力"] == 2 and ranges["听力"] == 2
    assert ranges["使用交通工具外出"] == 3 and ranges["社会交往能力"] == 4
    # Every allowed score has the standard's wording, from 0 to the item's maximum.
    for item in ITEMS:
        assert sorted(item.scores) == list(range(item.max + 1)), item.code
        assert all(item.wording(s) for s in item.scores)


def test_subtotals_follow_the_indicators() -> None:
    result = score(ALL_MAX)
    assert result.subtotals == (32, 15, 28, 15) and result.total == 90
    one_each = score([1 if item.code.startswith("B.3") else 0 for item in ITEMS])
    assert one_each.subtotals == (0, 0, 9, 0) and one_each.total == 9


@pytest.mark.parametrize(("total", "level"), [
    (0, AbilityLevel.FULL), (29, AbilityLevel.FULL),
    (30, AbilityLevel.SEVERE), (45, AbilityLevel.SEVERE),
    (46, AbilityLevel.MODERATE), (65, AbilityLevel.MODERATE),
    (66, AbilityLevel.MILD), (89, AbilityLevel.MILD),
    (90, AbilityLevel.INTACT),
])
def test_the_level_at_each_boundary_of_the_total(total: int, level: str) -> None:
    result = score(scores_totalling(total))
    assert result.total == total
    assert result.preliminary_level == level == result.level
    assert result.reasons == (messages.LEVEL_FROM_TOTAL.format(total=total, level=AbilityLevel(level).label),)


def test_a_person_in_a_coma_is_full_loss_whatever_the_scores() -> None:
    result = score(ALL_MAX, coma=True)
    assert result.preliminary_level == AbilityLevel.INTACT  # the total's own level is still shown
    assert result.level == AbilityLevel.FULL
    assert messages.LEVEL_COMA in result.reasons
    # The coma rule is not a raise: it does not add a step on top of one.
    assert score(scores_totalling(50), coma=True, dementia=True, risk_events_30d=5).level == AbilityLevel.FULL


@pytest.mark.parametrize("cause", [{"dementia": True}, {"psychiatric": True}, {"risk_events_30d": 2}])
@pytest.mark.parametrize(("total", "raised"), [
    (90, AbilityLevel.MILD), (89, AbilityLevel.MODERATE), (66, AbilityLevel.MODERATE),
    (65, AbilityLevel.SEVERE), (46, AbilityLevel.SEVERE), (45, AbilityLevel.FULL), (30, AbilityLevel.FULL),
])
def test_each_cause_raises_the_level_one_step(cause: dict, total: int, raised: str) -> None:
    result = score(scores_totalling(total), **cause)
    assert result.level == raised
    assert result.preliminary_level == preliminary_level(total)
    assert result.reasons[-1].endswith(f"在初步等级上提高一级，为{AbilityLevel(raised).label}")


def test_one_care_risk_event_does_not_raise_the_level() -> None:
    assert score(scores_totalling(70), risk_events_30d=1).level == AbilityLevel.MILD
    two = score(scores_totalling(70), risk_events_30d=2)
    assert two.level == AbilityLevel.MODERATE
    assert two.reasons[-1] == messages.LEVEL_RAISED.format(
        causes=messages.CAUSE_RISK_EVENTS.format(count=2), level="中度失能")


def test_several_causes_still_raise_one_step_only() -> None:
    result = score(scores_totalling(70), dementia=True, psychiatric=True, risk_events_30d=3)
    assert result.level == AbilityLevel.MODERATE
    assert result.reasons[-1] == messages.LEVEL_RAISED.format(
        causes="确诊为痴呆、确诊为精神科专科疾病、近30天内发生照护风险事件3次", level="中度失能")


def test_full_loss_is_not_raised_further() -> None:
    result = score(scores_totalling(29), dementia=True)
    assert result.level == AbilityLevel.FULL
    assert result.reasons[-1] == messages.LEVEL_NOT_RAISED_FURTHER.format(causes="确诊为痴呆")


def test_bad_scores_name_every_wrong_item() -> None:
    bad = list(ALL_MAX)
    bad[2] = 5  # B.1.3 洗澡 is 0–4
    bad[18] = 2  # B.3.7 攻击行为 is 0–1
    bad[11] = -1  # B.2.4 上下楼梯 is 0–3
    with pytest.raises(ScoresInvalid) as caught:
        score(bad)
    assert caught.value.messages == [
        "第3项（B.1.3 洗澡）得分应为 0–4 的整数",
        "第12项（B.2.4 上下楼梯）得分应为 0–3 的整数",
        "第19项（B.3.7 攻击行为）得分应为 0–1 的整数",
    ]


@pytest.mark.parametrize("value", [True, 2.0, 2.5, "2", None])
def test_a_score_that_is_not_an_integer_is_refused(value: object) -> None:
    scores: list[object] = list(ALL_ZERO)
    scores[20] = value
    with pytest.raises(ScoresInvalid) as caught:
        scores_check(scores)
    assert caught.value.messages == ["第21项（B.3.9 意识水平）得分应为 0–2 的整数"]


@pytest.mark.parametrize(("scores", "message"), [
    (ALL_ZERO[:25], messages.SCORES_COUNT.format(count=25)),
    ([*ALL_ZERO, 0], messages.SCORES_COUNT.format(count=27)),
    ([], messages.SCORES_COUNT.format(count=0)),
    ("0" * 26, messages.SCORES_NOT_LIST),
    ({"eating": 4}, messages.SCORES_NOT_LIST),
    (None, messages.SCORES_NOT_LIST),
])
def test_a_wrong_count_or_shape_is_refused(scores: object, message: str) -> None:
    with pytest.raises(ScoresInvalid) as caught:
        scores_check(scores)
    assert caught.value.messages == [message]
