"""The elderly ability assessment of GB/T 42195-2022 (老年人能力评估规范) as pure rules: the 26
items with their allowed scores and the standard's wording, the four indicator subtotals, the
total, the preliminary level, the coma rule and the raise by one level (docs/DOMAIN.md).

Nothing here reads or writes the database: the score API, the assessor's page and the service
that saves an assessment all call ``score()``, so a level is computed one way only.

- 26 items in 4 indicators (B.1 自理能力 8, B.2 基础运动能力 4, B.3 精神状态 9, B.4 感知觉与社会参与
  5); a higher score is more able; the total is 0–90.
- Preliminary level from the total: 90 能力完好, 66–89 轻度失能, 46–65 中度失能, 30–45 重度失能,
  0–29 完全失能.
- A person in a coma is 完全失能 whatever the scores.
- Otherwise the level goes up one step (one step, however many apply) for diagnosed dementia,
  another psychiatric diagnosis, or 2 or more care-risk events (跌倒、噎食、自杀、自伤、走失) in the
  last 30 days; 完全失能 stays 完全失能.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models

from minzheng.eldercare import messages


class AbilityLevel(models.TextChoices):
    """老年人能力等级, from most able to least. The codes are the ones the elder nursing subsidy
    (``assistance``) has read since before this module existed."""

    INTACT = "intact", "能力完好"
    MILD = "mild", "轻度失能"
    MODERATE = "moderate", "中度失能"
    SEVERE = "severe", "重度失能"
    FULL = "full", "完全失能"


class Reason(models.TextChoices):
    """评估原因 (GB/T 42195-2022 A.1)."""

    FIRST = "first", "首次评估"
    ROUTINE = "routine", "常规评估"
    IMMEDIATE = "immediate", "即时评估"
    REASSESSMENT = "reassessment", "复评"  # 因评估结果有疑问进行的复评
    OTHER = "other", "其他"


LEVELS: tuple[str, ...] = tuple(AbilityLevel.values)  # most able first: one step up is the next
TOTAL_MAX = 90
# The lowest total of each level (the standard's table), most able first.
LEVEL_FLOORS: tuple[tuple[int, str], ...] = (
    (90, AbilityLevel.INTACT), (66, AbilityLevel.MILD), (46, AbilityLevel.MODERATE), (30, AbilityLevel.SEVERE),
    (0, AbilityLevel.FULL),
)
RISK_EVENTS_RAISE = 2  # care-risk events in 30 days that raise the level
RISK_EVENTS_MAX = 99  # what a form or request may say; more in 30 days is a typing error


@dataclass(frozen=True)
class Item:
    """One item: its number in the standard (B.1.1), the name used in code (the model's column),
    its Chinese name and definition, and its allowed scores with their wording, highest first."""

    code: str
    key: str
    name: str
    definition: str
    options: tuple[tuple[int, str], ...]

    @property
    def max(self) -> int:
        return self.options[0][0]

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(score for score, _ in self.options)

    def wording(self, score: int) -> str:
        return dict(self.options).get(score, "")


@dataclass(frozen=True)
class Indicator:
    code: str
    key: str
    name: str
    items: tuple[Item, ...]

    @property
    def max(self) -> int:
        return sum(item.max for item in self.items)


# The wording most 0–4 items share (B.1.2–B.1.5, B.1.8, B.2.1, B.2.2).
ASSISTED = (
    (4, "独立完成，不需要协助"),
    (3, "在他人指导或提示下完成"),
    (2, "需要他人协助，但以自身完成为主"),
    (1, "主要依靠他人协助，自身能给予配合"),
    (0, "完全依赖他人协助，且不能给予配合"),
)


def _item(code: str, key: str, name: str, definition: str, options: tuple[tuple[int, str], ...]) -> Item:
    return Item(code=code, key=key, name=name, definition=definition, options=options)


SELF_CARE = Indicator("B.1", "self_care", "自理能力", (
    _item("B.1.1", "eating", "进食", "使用适当的器具将食物送入口中并咽下", (
        (4, "独立使用器具将食物送进口中并咽下，没有呛咳"),
        (3, "在他人指导或提示下完成，或独立使用辅具，没有呛咳"),
        (2, "进食中需要少量接触式协助，偶尔（每月一次及以上）呛咳"),
        (1, "在进食中需要大量接触式协助，经常（每周一次及以上）呛咳"),
        (0, "完全依赖他人协助进食，或吞咽困难，或留置营养管"),
    )),
    _item("B.1.2", "grooming", "修饰", "洗脸、刷牙、梳头、刮脸、剪指（趾）甲等", ASSISTED),
    _item("B.1.3", "bathing", "洗澡", "清洗和擦干身体", ASSISTED),
    _item("B.1.4", "dressing_upper", "穿/脱上衣", "穿/脱上身衣服、系扣、拉拉链等", ASSISTED),
    _item("B.1.5", "dressing_lower", "穿/脱裤子和鞋袜", "穿/脱裤子、鞋袜等", ASSISTED),
    _item("B.1.6", "urination", "小便控制", "控制和排出尿液的能力", (
        (4, "可自行控制排尿，排尿次数、排尿控制均正常"),
        (3, "白天可自行控制排尿次数，夜间出现排尿次数增多、排尿控制较差，或自行使用尿布、尿垫等辅助用物"),
        (2, "白天大部分时间可自行控制排尿，偶出现（每天<1次，但每周>1次）尿失禁，夜间控制排尿较差，"
            "或他人少量协助使用尿布、尿垫等辅助用物"),
        (1, "白天大部分时间不能控制排尿（每天≥1次，但尚非完全失控），夜间出现尿失禁，"
            "或他人大量协助使用尿布、尿垫等辅助用物"),
        (0, "小便失禁，完全不能控制排尿，或留置导尿管"),
    )),
    _item("B.1.7", "defecation", "大便控制", "控制和排出粪便的能力", (
        (4, "可正常自行控制大便排出"),
        (3, "有时出现（每周<1次）便秘或大便失禁，或自行使用开塞露、尿垫等辅助用物"),
        (2, "经常出现（每天<1次，但每周>1次）便秘或大便失禁，或他人少量协助使用开塞露、尿垫等辅助用物"),
        (1, "大部分时间均出现（每天≥1次）便秘或大便失禁，但尚非完全失控，或他人大量协助使用开塞露、尿垫等辅助用物"),
        (0, "严重便秘或者完全大便失禁，需要依赖他人协助排便或清洁皮肤"),
    )),
    _item("B.1.8", "toileting", "如厕", "上厕所排泄大小便并清洁身体（含排泄前解开裤子、排泄后清洁身体、穿上裤子）",
          ASSISTED),
))

MOBILITY = Indicator("B.2", "mobility", "基础运动能力", (
    _item("B.2.1", "bed_mobility", "床上体位转移", "卧床翻身及坐起躺下", ASSISTED),
    _item("B.2.2", "bed_chair_transfer", "床椅转移", "从坐位到站位，再从站位到坐位的转换过程", ASSISTED),
    _item("B.2.3", "walking", "平地行走", "双脚交互的方式在地面行动，总是一只脚在前（包括他人辅助和使用辅具的步行）", (
        (4, "独立平地行走50 m左右，不需要协助，无摔倒风险"),
        (3, "能平地行走50 m左右，存在摔倒风险，需要他人监护或指导，或使用拐杖、助行器等辅助工具"),
        (2, "在步行时需要他人少量扶持协助"),
        (1, "在步行时需要他人大量扶持协助"),
        (0, "完全不能步行"),
    )),
    _item("B.2.4", "stairs", "上下楼梯", "双脚交替完成楼梯台阶连续的上下移动", (
        (3, "可独立上下楼梯（连续上下10个～15个台阶），不需要协助"),
        (2, "在他人指导或提示下完成"),
        (1, "需要他人协助，但以自身完成为主"),
        (0, "主要依靠他人协助，自身能给予配合；或者完全依赖他人协助，且不能给予配合"),
    )),
))

MENTAL = Indicator("B.3", "mental", "精神状态", (
    _item("B.3.1", "time_orientation", "时间定向", "知道并确认时间的能力", (
        (4, "时间观念（年、月）清楚，日期（或星期几）可相差一天"),
        (3, "时间观念有些下降，年、月、日（或星期几）不能全部分清（相差两天或以上）"),
        (2, "时间观念较差，年、月、日不清楚，可知上半年或下半年或季节"),
        (1, "时间观念很差，年、月、日不清楚，可知上午、下午或白天、夜间"),
        (0, "无时间观念"),
    )),
    _item("B.3.2", "place_orientation", "空间定向", "知道并确认空间的能力", (
        (4, "能在日常生活范围内单独外出，如在日常居住小区内独自外出购物等"),
        (3, "不能单独外出，但能准确知道自己日常生活所在地的地址信息"),
        (2, "不能单独外出，但知道较多有关自己日常生活的地址信息"),
        (1, "不能单独外出，但知道较少自己居住或生活所在地的地址信息"),
        (0, "不能单独外出，无空间观念"),
    )),
    _item("B.3.3", "person_orientation", "人物定向", "知道并确认人物的能力", (
        (4, "认识长期共同一起生活的人，能称呼并知道关系"),
        (3, "能认识大部分共同生活居住的人，能称呼或知道关系"),
        (2, "能认识部分日常同住的亲人或照护者等，能称呼或知道关系等"),
        (1, "只认识自己或极少数日常同住的亲人或照护者等"),
        (0, "不认识任何人（包括自己）"),
    )),
    _item("B.3.4", "memory", "记忆", "短时、近期和远期记忆能力", (
        (4, "总是能保持与社会、年龄所适应的记忆能力，能完整的回忆"),
        (3, "出现轻度的记忆紊乱或回忆不能（不能回忆即时信息，3个词语经过5分钟后仅能回忆0～1个）"),
        (2, "出现中度的记忆紊乱或回忆不能（不能回忆近期记忆，不记得上一顿饭吃了什么）"),
        (1, "出现重度的记忆紊乱或回忆不能（不能回忆远期记忆，不记得自己的老朋友）"),
        (0, "记忆完全紊乱或者完全不能对既往事物进行正确的回忆"),
    )),
    _item("B.3.5", "comprehension", "理解能力", "理解语言信息和非语言信息的能力（可借助平时使用的助听设备等），即理解别人的话", (
        (4, "能正常理解他人的话"),
        (3, "能理解他人的话，但需要增加时间"),
        (2, "理解有困难，需频繁重复或简化口头表达"),
        (1, "理解有严重困难，需要大量他人帮助"),
        (0, "完全不能理解他人的话"),
    )),
    _item("B.3.6", "expression", "表达能力", "表达信息能力，包括口头的和非口头的，即表达自己的想法", (
        (4, "能正常表达自己的想法"),
        (3, "能表达自己的需要，但需要增加时间"),
        (2, "表达需要有困难，需频繁重复或简化口头表达"),
        (1, "表达有严重困难，需要大量他人帮助"),
        (0, "完全不能表达需要"),
    )),
    _item("B.3.7", "aggression", "攻击行为",
          "身体攻击行为（如打/踢/推/咬/抓/摔东西）和语言攻击行为（如骂人、语言威胁、尖叫）", (
              (1, "未出现"),
              (0, "近一个月内出现过攻击行为"),
          )),
    _item("B.3.8", "depression", "抑郁症状",
          "存在情绪低落、兴趣减退、活力减退等症状，甚至出现妄想、幻觉、自杀念头或自杀行为", (
              (1, "未出现"),
              (0, "近一个月内出现过负性情绪"),
          )),
    _item("B.3.9", "consciousness", "意识水平",
          "机体对自身和周围环境的刺激做出应答反应的能力程度，包括清醒和持续的觉醒状态", (
              (2, "神志清醒，对周围环境能做出正确反应"),
              (1, "嗜睡（呼唤或推动肢体时可唤醒，能正确交谈或执行指令，停止刺激后又继续入睡）；"
                  "或意识模糊（注意力涣散，对外界刺激不能清晰认识，时间和空间定向力障碍，理解力迟钝，记忆力模糊和不连贯）"),
              (0, "昏睡（一般的外界刺激不能使其觉醒，给予较强烈的刺激时可有短时的意识清醒，刺激减弱后又很快进入睡眠状态）；"
                  "或昏迷（意识丧失，随意运动丧失，对一般刺激全无反应）"),
          )),
))

PERCEPTION = Indicator("B.4", "perception", "感知觉与社会参与", (
    _item("B.4.1", "vision", "视力", "感受存在的光线并感受物体的大小、形状的能力；在个体的最好矫正视力下进行评估", (
        (2, "视力正常"),
        (1, "能看清楚大字体，但看不清书报上的标准字体；视力有限，看不清报纸大标题，但能辨认物体"),
        (0, "只能看到光、颜色和形状；完全失明"),
    )),
    _item("B.4.2", "hearing", "听力", "能辨别声音的方位、音调、音量和音质的有关能力（可借助平时使用的助听设备等）", (
        (2, "听力正常"),
        (1, "在轻声说话或说话距离超过2 m时听不清；正常交流有些困难，需在安静的环境或大声说话才能听到"),
        (0, "讲话者大声说话或说话很慢，才能部分听见；完全失聪"),
    )),
    _item("B.4.3", "daily_affairs", "执行日常事务", "计划、安排并完成日常事务，包括但不限于洗衣服、小金额购物、服药管理", (
        (4, "能完全独立计划、安排和完成日常事务，无需协助"),
        (3, "在计划、安排和完成日常事务时需要他人监护或指导"),
        (2, "在计划、安排和完成日常事务时需要少量协助"),
        (1, "在计划、安排和完成日常事务时需要大量协助"),
        (0, "完全依赖他人进行日常事务"),
    )),
    _item("B.4.4", "transport", "使用交通工具外出", "使用交通工具外出的能力", (
        (3, "能自己骑车或搭乘公共交通工具外出"),
        (2, "能自己搭乘出租车，但不会搭乘其他公共交通工具外出"),
        (1, "当有人协助或陪伴，可搭乘公共交通工具外出"),
        (0, "只能在他人协助下搭乘出租车或私家车外出；完全不能出门，或者外出完全需要协助"),
    )),
    _item("B.4.5", "social", "社会交往能力", "参与社会、与人交往的能力", (
        (4, "参与社会，在社会环境有一定的适应能力，待人接物恰当"),
        (3, "能适应单纯环境，主动接触他人，初次见面时难让人发现智力问题，不能理解隐喻语"),
        (2, "脱离社会，可被动接触，不会主动待他人，谈话中很多不适词句，容易上当受骗"),
        (1, "勉强可与他人接触，谈吐内容不清楚，表情不恰当"),
        (0, "不能与人交往"),
    )),
))

INDICATORS: tuple[Indicator, ...] = (SELF_CARE, MOBILITY, MENTAL, PERCEPTION)
ITEMS: tuple[Item, ...] = tuple(item for indicator in INDICATORS for item in indicator.items)
ITEM_KEYS: tuple[str, ...] = tuple(item.key for item in ITEMS)


class ScoresInvalid(ValueError):
    """The scores are not 26 allowed integers; ``messages`` names every item that is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.messages = problems


def score_message(index: int) -> str:
    item = ITEMS[index]
    return messages.SCORE_INVALID.format(n=index + 1, code=item.code, name=item.name, max=item.max)


def scores_check(scores: Any) -> list[int]:
    """``scores`` as 26 integers in the standard's order, or ``ScoresInvalid`` naming each wrong
    item. A boolean, a float or a numeric string is not an integer score: a client that sends
    ``"3"`` or ``3.5`` has a bug worth hearing about."""
    if not isinstance(scores, list | tuple):
        raise ScoresInvalid([messages.SCORES_NOT_LIST])
    if len(scores) != len(ITEMS):
        raise ScoresInvalid([messages.SCORES_COUNT.format(count=len(scores))])
    problems = [score_message(n) for n, (item, value) in enumerate(zip(ITEMS, scores, strict=True))
                if type(value) is not int or not 0 <= value <= item.max]
    if problems:
        raise ScoresInvalid(problems)
    return list(scores)


def preliminary_level(total: int) -> str:
    """The level the total alone gives (the standard's table)."""
    if not 0 <= total <= TOTAL_MAX:
        raise ValueError(f"total {total} outside 0–{TOTAL_MAX}")
    return next(str(level) for floor, level in LEVEL_FLOORS if total >= floor)


def label(level: str) -> str:
    return str(AbilityLevel(level).label)


@dataclass(frozen=True)
class Result:
    subtotals: tuple[int, int, int, int]
    total: int
    preliminary_level: str
    level: str
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"subtotals": list(self.subtotals), "total": self.total,
                "preliminary_level": self.preliminary_level, "level": self.level,
                "preliminary_level_display": label(self.preliminary_level), "level_display": label(self.level),
                "reasons": list(self.reasons)}


def raise_causes(*, dementia: bool, psychiatric: bool, risk_events_30d: int) -> list[str]:
    """What raises the preliminary level one step, in the standard's words."""
    causes = []
    if dementia:
        causes.append(messages.CAUSE_DEMENTIA)
    if psychiatric:
        causes.append(messages.CAUSE_PSYCHIATRIC)
    if risk_events_30d >= RISK_EVENTS_RAISE:
        causes.append(messages.CAUSE_RISK_EVENTS.format(count=risk_events_30d))
    return causes


def score(scores: Sequence[int], *, coma: bool = False, dementia: bool = False, psychiatric: bool = False,
          risk_events_30d: int = 0) -> Result:
    """The subtotals, total, preliminary level and level of one assessment. Raises
    ``ScoresInvalid`` when the scores are not the 26 allowed integers."""
    values = scores_check(scores)
    subtotals: list[int] = []
    start = 0
    for indicator in INDICATORS:
        subtotals.append(sum(values[start:start + len(indicator.items)]))
        start += len(indicator.items)
    total = sum(subtotals)
    preliminary = preliminary_level(total)
    reasons = [messages.LEVEL_FROM_TOTAL.format(total=total, level=label(preliminary))]
    level = preliminary
    if coma:
        level = AbilityLevel.FULL
        reasons.append(messages.LEVEL_COMA)
    elif causes := raise_causes(dementia=dementia, psychiatric=psychiatric, risk_events_30d=risk_events_30d):
        # One step, however many causes: the standard raises "在原有能力级别上提高一个级别".
        if preliminary == AbilityLevel.FULL:
            reasons.append(messages.LEVEL_NOT_RAISED_FURTHER.format(causes="、".join(causes)))
        else:
            level = LEVELS[LEVELS.index(preliminary) + 1]
            reasons.append(messages.LEVEL_RAISED.format(causes="、".join(causes), level=label(level)))
    return Result(subtotals=(subtotals[0], subtotals[1], subtotals[2], subtotals[3]), total=total,
                  preliminary_level=preliminary, level=str(level), reasons=tuple(reasons))
