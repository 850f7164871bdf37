"""Word pools for the synthetic city: surnames, given names by era, place names, roads.

Only data and tiny pickers live here; nothing touches the database. Every picker takes the
``random.Random`` stream it must draw from, so that a seed always gives the same city.
"""

from __future__ import annotations

import bisect
import itertools
import random

# Surnames with rough weights for Huzhou. 沈 is the most common surname in the city, and 钱 姚 费
# 闵 潘 陆 俞 are far more frequent here than nationally. Weights are relative, not percentages.
SURNAME_WEIGHTS: dict[str, float] = {
    "沈": 6.0, "王": 5.0, "张": 4.2, "陈": 4.0, "吴": 3.4, "钱": 3.0, "徐": 3.0, "朱": 2.8,
    "李": 2.8, "姚": 2.4, "潘": 2.2, "杨": 2.0, "周": 2.0, "陆": 2.0, "孙": 1.6, "刘": 1.6,
    "黄": 1.5, "赵": 1.4, "费": 1.4, "闵": 1.2, "俞": 1.2, "施": 1.2, "蒋": 1.1, "金": 1.1,
    "胡": 1.0, "邱": 1.0, "顾": 0.9, "章": 0.9, "丁": 0.8, "凌": 0.8, "郑": 0.8, "方": 0.7,
    "许": 0.7, "马": 0.7, "汤": 0.6, "唐": 0.6, "莫": 0.6, "范": 0.6, "董": 0.6, "褚": 0.5,
    "严": 0.5, "叶": 0.5, "冯": 0.5, "程": 0.5, "郭": 0.5, "何": 0.5, "高": 0.5, "林": 0.5,
    "罗": 0.4, "谢": 0.4, "宋": 0.4, "韩": 0.4, "邵": 0.4, "蔡": 0.4, "曹": 0.4, "袁": 0.4,
    "卢": 0.4, "戴": 0.4, "夏": 0.4, "汪": 0.4, "任": 0.3, "姜": 0.3, "吕": 0.3, "邹": 0.3,
    "茅": 0.3, "倪": 0.3, "谈": 0.3, "臧": 0.2, "嵇": 0.2, "慎": 0.2, "水": 0.2, "归": 0.1,
    "欧阳": 0.05, "司马": 0.02,
}
SURNAMES = list(SURNAME_WEIGHTS)
SURNAME_CUM = list(itertools.accumulate(SURNAME_WEIGHTS.values()))

# Given names follow the fashion of the decade a person was born in. Each era has whole names
# that were common then, and characters from which more are composed.
_ERAS: list[tuple[int, dict[str, tuple[str, str, str]]]] = [
    # (born before this year, {gender: (whole names, first characters, second characters)})
    (1950, {
        "M": ("金根 福林 根宝 水生 阿毛 荣华 炳坤 长林 掌林 阿三 金法 松林 杏生 顺发 财宝",
              "金 福 根 水 荣 炳 长 松 顺 财 阿 德 桂 宝 永",
              "根 林 生 发 宝 坤 华 法 泉 明 荣 富 元 山 庆"),
        "F": ("阿娣 杏娣 金妹 彩凤 月娥 秀英 桂英 凤英 金花 玉英 美娣 小妹 银娣 菊英 兰英",
              "秀 桂 凤 金 玉 美 银 菊 兰 杏 彩 月 小 素 阿",
              "英 娣 妹 凤 花 娥 珍 宝 仙 香 兰 芳 琴 宝 梅"),
    }),
    (1966, {
        "M": ("建国 国强 志明 德华 永康 学军 文龙 国平 建新 跃进 卫国 新民 福根 建明 国良",
              "建 国 志 德 永 学 文 新 跃 卫 福 明 兴 伟 金",
              "国 强 明 华 康 军 龙 平 新 进 民 良 荣 忠 林"),
        "F": ("秀珍 玉兰 美娟 雅琴 杏芳 月英 凤珍 桂芳 素英 爱珍 建英 美华 丽华 玉珍 金凤",
              "秀 玉 美 雅 杏 月 凤 桂 素 爱 建 丽 金 宝 彩",
              "珍 兰 娟 琴 芳 英 华 凤 仙 萍 妹 娥 琴 香 娣"),
    }),
    (1980, {
        "M": ("建华 卫东 红兵 建平 海峰 晓东 志刚 国华 伟民 建忠 永强 海林 建荣 利民 小平",
              "建 卫 红 海 晓 志 国 伟 永 利 小 建 卫 明 新",
              "华 东 兵 平 峰 刚 民 忠 强 林 荣 军 勇 斌 明"),
        "F": ("丽萍 海燕 红霞 美芳 雪芳 建英 丽娟 红英 春燕 晓红 玲娣 雪琴 丽华 月芬 美英",
              "丽 海 红 美 雪 建 春 晓 玲 月 爱 慧 亚 秋 小",
              "萍 燕 霞 芳 英 娟 红 琴 华 芬 萍 敏 丽 娟 红"),
    }),
    (1995, {
        "M": ("伟 勇 军 强 磊 杰 斌 涛 峰 超 文杰 志强 俊杰 晓峰 建锋 海波 佳伟 宏伟 剑锋 晨阳",
              "文 志 俊 晓 建 海 佳 宏 剑 晨 振 立 鹏 浩 一",
              "杰 强 峰 锋 波 伟 明 辉 斌 军 磊 超 飞 涛 华"),
        "F": ("丽 红 芳 敏 燕 萍 静 婷 倩 琳 晶晶 婷婷 丽丽 佳丽 晓燕 雅芳 海霞 梦婷 燕萍 秋萍",
              "晶 婷 丽 佳 晓 雅 海 梦 燕 秋 冬 丹 红 慧 莉",
              "晶 婷 丽 萍 燕 芳 霞 婷 琴 洁 娟 雯 琳 红 丹"),
    }),
    (2008, {
        "M": ("浩 鹏 磊 晨 俊 杰 家豪 佳豪 晨阳 子豪 宇航 俊杰 天宇 嘉伟 浩杰 思远 博文 皓 旭 鑫",
              "家 佳 晨 子 宇 俊 天 嘉 浩 思 博 明 泽 文 一",
              "豪 阳 航 杰 宇 伟 远 文 辉 浩 轩 然 鑫 翔 凯"),
        "F": ("静 雪 颖 佳 倩 琳 丹 佳怡 思佳 雨婷 欣怡 梦洁 佳琪 诗雨 雅婷 晓雯 婧 怡 洁 悦",
              "佳 思 雨 欣 梦 诗 雅 晓 若 心 文 嘉 一 可 安",
              "怡 佳 婷 洁 琪 雨 雯 欣 琳 萱 颖 悦 涵 瑶 妍"),
    }),
    (9999, {
        "M": ("子轩 浩然 宇轩 梓豪 一诺 俊熙 皓轩 子墨 沐宸 睿 辰 逸 奕辰 梓睿 铭泽 宇辰 思源 锦程 煜",
              "子 浩 宇 梓 一 俊 皓 沐 奕 铭 思 锦 梓 晨 承",
              "轩 然 豪 诺 熙 墨 宸 辰 睿 泽 源 程 煜 航 阳"),
        "F": ("梓涵 欣怡 子涵 诗涵 雨桐 可馨 一诺 若汐 语桐 思彤 沐希 芷若 梓萱 雨萱 安琪 悦 瑶 溪 妍",
              "梓 欣 子 诗 雨 可 若 语 思 沐 芷 安 一 依 伊",
              "涵 怡 桐 馨 诺 汐 彤 希 若 萱 琪 瑶 然 冉 妍"),
    }),
]

ERA_LIMITS = [limit for limit, _ in _ERAS]
ERA_POOLS: list[dict[str, tuple[list[str], list[str], list[str]]]] = [
    {g: (whole.split(), first.split(), second.split()) for g, (whole, first, second) in pools.items()}
    for _, pools in _ERAS
]


def surname(rng: random.Random) -> str:
    return rng.choices(SURNAMES, cum_weights=SURNAME_CUM)[0]


def given_name(rng: random.Random, gender: str, birth_year: int) -> str:
    """A given name in the fashion of the birth year: a common whole name half the time, else
    composed from that era's characters (single-character names are common from the 1980s)."""
    era = bisect.bisect_right(ERA_LIMITS, birth_year)
    whole, first, second = ERA_POOLS[era][gender]
    roll = rng.random()
    if roll < 0.45:
        return rng.choice(whole)
    if roll < 0.55 and era >= 3:
        return rng.choice(second)
    return rng.choice(first) + rng.choice(second)


# ---- places ---------------------------------------------------------------------------------

# Communities in a 街道 take names from old streets, bridges, gates and new estates.
COMMUNITY_HEADS = list(
    ["仪凤", "南街", "北街", "府庙", "马军巷", "衣裳街", "月河", "清河", "青铜", "凤凰", "百花", "碧浪", "红丰", "景湖", "吉山", "清源", "苕南", "朝阳", "飞英", "龙泉", "龙溪", "潘公桥", "骆驼桥", "塘南", "青塘", "莲花庄", "白鱼潭", "西山漾", "金盖", "弁南", "仁皇", "太湖", "滨湖", "湖东", "东门", "西门", "南门", "北门", "新风", "新华", "人民", "红旗", "劳动", "健康", "幸福", "和平", "友谊", "吉祥", "文昌", "文庙", "状元", "学士", "书院", "紫金", "金桥", "银桥", "玉兰", "桂花", "梅园", "竹苑", "荷花", "芙蓉", "海棠", "丁莲", "苕溪", "霅溪", "东林", "西林", "双林", "长岛", "梧桐", "杨柳", "紫云", "碧玉", "锦绣", "安定", "永安", "长安", "康宁", "泰和"]
)
COMMUNITY_TAILS = ["", "", "", "桥", "里", "苑", "园", "坊", "湾", "门", "新村", "花园"]

# Villages in a 镇 or 乡 follow the water towns of the plain (溇 港 兜 漾 浜 墩) and the hills of
# 安吉 and 德清 (坞 岭 坑 岙).
VILLAGE_FIRST = list(
    "义许杨荻东西南北上下新大小长石沈钱陆吴潘金双三五横章胡蒋庄竹桑荷菱梅桃杏伍晓乔幻"
    "轧利漾谈常义戴费闵朱姚俞施邱顾凌褚汤唐莫范董严叶冯程郭高林罗谢宋韩邵蔡曹袁卢夏汪"
    "丰安永太和平兴隆福寿康宁泰吉庆祥云青红白黄紫碧清秀观"
)
VILLAGE_SECOND_PLAIN = list("皋溇港兜漾浜墩塘桥湾圩埭家山村庄舍里店河泾渎荡滩")
VILLAGE_SECOND_HILLS = list("坞岭坑岙山冲塘溪岗源口畈湾垓里亭峰")

# Roads and estates give community addresses; natural villages (自然村) give village ones.
ROADS = list(
    ["红旗路", "人民路", "凤凰路", "青铜路", "环城西路", "环城东路", "劳动路", "衣裳街", "南街", "北街", "吉山路", "二环东路", "龙溪北路", "龙溪南路", "苕溪路", "太湖路", "米兰路", "爱山路", "解放路", "北门路", "东街", "西街", "湖州大道", "仁皇山路", "金盖山路", "西山路", "莲花庄路", "清源路", "飞英路", "朝阳路", "月河路", "车站路", "体育场路", "青塘路", "孔家浜路", "新华路", "凤凰西路", "市陌路", "湖东路", "外环南路", "长兴大道", "天目路", "递铺路", "昌硕路", "灵峰路", "孝源路", "德清大道", "武康路", "英溪路", "舞阳路", "长中路", "太湖中路", "画溪路", "雉州路", "明珠路"]
)
ESTATE_HEADS = list(
    ["凤凰", "碧浪", "金色", "南山", "爱山", "仪凤", "江南", "太湖", "东方", "西城", "水岸", "翠苑", "玉湖", "湖滨", "锦绣", "紫金", "银泰", "龙溪", "月河", "弁山", "苕溪", "青塘", "香樟", "金地", "望湖", "凯旋", "阳光", "春江"]
)
ESTATE_TAILS = ["新村", "小区", "花园", "家园", "苑", "公寓", "嘉园", "华庭"]
HAMLET_TAILS = list("家埭兜浜湾墩坞村头桥")
GROUP_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六"]


def community_name(rng: random.Random) -> str:
    return rng.choice(COMMUNITY_HEADS) + rng.choice(COMMUNITY_TAILS) + "社区"


def village_name(rng: random.Random, *, hills: bool) -> str:
    seconds = VILLAGE_SECOND_HILLS if hills else VILLAGE_SECOND_PLAIN
    return rng.choice(VILLAGE_FIRST) + rng.choice(seconds) + "村"


def estate_name(rng: random.Random) -> str:
    return rng.choice(ESTATE_HEADS) + rng.choice(ESTATE_TAILS)


def hamlet_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES[:40]) + rng.choice(HAMLET_TAILS)


# Rural roads named in the place-names demo (乡村著名行动) take one character of each, as local
# features do (桑梓路); the address demo keeps its own road names clear of these pairs.
RURAL_ROAD_FIRST = list("桑稻竹荷梅兰菊桂茶柳杏桃枫樟松柏芦菱莲麦禾丰瑞安康宁和福兴乐祥锦翠碧青清明晨曦溪湖泉塘港漾湾渔舟云霞月星春秋夏新古永美善仁义礼智信德孝勤耕读")
RURAL_ROAD_SECOND = list("梓香韵园溪湖塘港湾影风光苑田林山源泉畈坞岭川洲渚浜滨堤岸里庄舍亭径乡景华丰安宁和乐兴福顺泰晓晴雨露霞云烟歌语声悦")
