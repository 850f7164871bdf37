"""Pinyin for place names, GB/T 16159 style."""

from __future__ import annotations

import pytest

from minzheng.places.pinyin import (
    normalize_override,
    override_is_well_formed,
    pinyin_matches,
    place_name_pinyin,
    split_generic,
)


@pytest.mark.parametrize(("name", "expected"), [
    ("红旗路", "Hongqi Lu"),
    ("仪凤桥", "Yifeng Qiao"),
    ("西安路", "Xi'an Lu"),  # apostrophe before a syllable starting with a
    ("永安桥", "Yong'an Qiao"),
    ("天鹅湖路", "Tian'ehu Lu"),  # ... and e
    ("长兴路", "Changxing Lu"),  # heteronym settled by pypinyin's phrase dictionary
    ("长桥", "Chang Qiao"),  # 长 alone reads cháng in a place name, not zhǎng
    ("十里长街", "Shilichang Jie"),
    ("苕溪路", "Tiaoxi Lu"),  # a local reading
    ("人民东路", "Renmin Donglu"),  # a one-syllable direction joins the generic
    ("江南路", "Jiangnan Lu"),  # ... but not when it is part of the proper name
    ("解放大街", "Jiefang Dajie"),
    ("人民大道", "Renmin Dadao"),
    ("迎春巷", "Yingchun Xiang"),
    ("三里弄", "Sanli Nong"),
    ("和平线", "Heping Xian"),
    ("吕山路", "Lüshan Lu"),  # ü is kept
    ("南浔古镇", "Nanxun Guzhen"),
    ("104国道", "104 Guodao"),
    ("１０４国道", "104 Guodao"),  # full-width digits
    ("余村", "Yu Cun"),
])
def test_place_name_pinyin(name, expected):
    assert place_name_pinyin(name) == expected


def test_no_tone_marks():
    assert place_name_pinyin("绿水桥").isascii() is False  # ü only
    assert all(ch not in "āáǎàēéěèīíǐìōóǒòūúǔù" for ch in place_name_pinyin("宝塔路"))


def test_blank_name_gives_blank_pinyin():
    assert place_name_pinyin("") == ""
    assert place_name_pinyin("   ") == ""


def test_split_generic():
    assert split_generic("人民东路").proper == "人民"
    assert split_generic("人民大道").generic == "大道"
    assert split_generic("南浔").generic == ""


@pytest.mark.parametrize("value", ["Hongqi Lu", "hongqi lu", "HongQi  Lu", "Hong qi lu"])
def test_override_matching_the_name(value):
    assert pinyin_matches(value, "红旗路")


@pytest.mark.parametrize("value", ["Hongqii Lu", "Hong Lu", "Honqi Lu", "Lu Hongqi"])
def test_override_not_matching_the_name(value):
    assert not pinyin_matches(value, "红旗路")


def test_override_may_choose_another_reading_of_a_heteronym():
    assert pinyin_matches("Zhangxing Lu", "长兴路")  # 长 has both readings
    assert pinyin_matches("Lvshan Lu", "吕山路")  # v stands for ü


@pytest.mark.parametrize(("value", "ok"), [
    ("Xi'an Lu", True), ("Xi’an Lu", True), ("Lüshan Lu", True), ("104 Guodao", True),
    ("Hongqi-Lu", False), ("Hongqi Lu.", False), ("红旗 Lu", False), ("", False), ("Hongqi Lu!", False),
])
def test_override_characters(value, ok):
    assert override_is_well_formed(value) is ok


def test_override_is_tidied():
    assert normalize_override("  hongqi   LU ") == "Hongqi Lu"
    assert normalize_override("xi’an lu") == "Xi'an Lu"
