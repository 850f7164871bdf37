import pytest

from minzheng.places.parsing import chinese_to_int, normalize, parse


@pytest.mark.parametrize(("text", "value"), [("十八", 18), ("十", 10), ("二十", 20), ("一百零五", 105),
                                             ("二〇一", 201), ("五", 5), ("三百", 300)])
def test_chinese_numerals(text, value):
    assert chinese_to_int(text) == value


def test_full_address_is_split_into_every_level():
    p = parse("湖州市吴兴区爱山街道仪凤桥社区红旗路18号3幢2单元501室")
    assert p.levels() == {"city": "湖州市", "county": "吴兴区", "township": "爱山街道", "village": "仪凤桥社区",
                          "road": "红旗路", "number": "18", "building": "3", "unit": "2", "room": "501"}


def test_missing_upper_levels():
    assert parse("红旗路18号3幢501").levels() == {"road": "红旗路", "number": "18", "building": "3", "room": "501"}


def test_dashed_numbers():
    assert parse("红旗路18-3-2-501").levels() == {"road": "红旗路", "number": "18", "building": "3", "unit": "2",
                                                 "room": "501"}


def test_full_width_digits_and_chinese_numerals():
    assert parse("红旗路１８号").number == "18"
    assert parse("红旗路十八号三幢").levels() == {"road": "红旗路", "number": "18", "building": "3"}


def test_noise_spaces_and_punctuation_are_dropped():
    assert normalize("  红旗路 18号，附近！") == "红旗路18号"


def test_compound_after_road():
    p = parse("吴兴区爱山街道红旗路18号")
    assert (p.county, p.township, p.road, p.number) == ("吴兴区", "爱山街道", "红旗路", "18")
    q = parse("碧浪湖小区5幢1单元302室")
    assert (q.compound, q.building, q.unit, q.room) == ("碧浪湖小区", "5", "1", "302")


def test_province_and_city_are_read():
    p = parse("浙江省湖州市吴兴区爱山街道红旗路18号")
    assert (p.province, p.city, p.county, p.township, p.road) == ("浙江省", "湖州市", "吴兴区", "爱山街道", "红旗路")
    assert parse("浙江湖州市红旗路18号").province == "浙江"


def test_a_two_part_dash_may_be_a_sub_number():
    p = parse("红旗路18-3")
    assert (p.number, p.building, p.sub_number) == ("18", "3", "18-3")
    assert parse("红旗路18-1号").levels() == {"road": "红旗路", "number": "18-1"}


def test_in_an_estate_dashes_are_building_unit_room():
    assert parse("碧浪湖小区5-2-302").levels() == {"compound": "碧浪湖小区", "building": "5", "unit": "2", "room": "302"}
    assert parse("碧浪湖小区5-302").levels() == {"compound": "碧浪湖小区", "building": "5", "room": "302"}
    assert parse("碧浪湖小区1-5-2-302").levels() == {"compound": "碧浪湖小区", "number": "1", "building": "5",
                                                   "unit": "2", "room": "302"}
    assert parse("碧浪湖小区3号楼501").levels() == {"compound": "碧浪湖小区", "building": "3", "room": "501"}


def test_road_then_estate():
    assert parse("红旗路碧浪湖小区3幢501").levels() == {"road": "红旗路", "compound": "碧浪湖小区", "building": "3",
                                                    "room": "501"}
    assert parse("红旗路18号碧浪湖小区3幢501室").levels() == {"road": "红旗路", "compound": "碧浪湖小区", "number": "18",
                                                        "building": "3", "room": "501"}


def test_a_name_without_a_suffix_is_read_as_the_road():
    assert parse("红旗18号").levels() == {"road": "红旗", "number": "18"}
    assert parse("义皋村沈家埭5号").levels() == {"village": "义皋村", "road": "沈家埭", "number": "5"}


def test_spaces_between_numbers_work_as_dashes():
    assert normalize("红旗路 18 3 501") == "红旗路18-3-501"
    assert parse("仪凤桥路 18 3 501").levels() == {"road": "仪凤桥路", "number": "18", "building": "3", "room": "501"}


def test_traditional_forms_and_leftovers():
    assert parse("紅旗路18號").levels() == {"road": "紅旗路", "number": "18"}
    p = parse("红旗路18号3幢501室东侧")
    assert p.room == "501" and p.rest == "东侧"
    assert "rest" not in p.levels()


@pytest.mark.parametrize(("text", "levels"), [
    ("德清县新市镇荷庄村陆家桥69号", {"county": "德清县", "township": "新市镇", "village": "荷庄村", "road": "陆家桥",
                                  "number": "69"}),
    ("南浔区练市镇庄舍村李家坞110号", {"county": "南浔区", "township": "练市镇", "village": "庄舍村", "road": "李家坞",
                                   "number": "110"}),
    ("清源社区市陌路74号", {"village": "清源社区", "road": "市陌路", "number": "74"}),
    ("安吉县章村镇红旗路1号", {"county": "安吉县", "township": "章村镇", "road": "红旗路", "number": "1"}),
    ("乌鲁木齐市天山区", {"city": "乌鲁木齐市", "county": "天山区"}),
])
def test_a_level_name_holding_another_levels_mark_is_not_misread(text, levels):
    # 新市镇 and 练市镇 contain 市: they are townships, not the end of a city's name.
    assert parse(text).levels() == levels


def test_where_a_village_may_end_is_kept_as_alternative_readings():
    p = parse("湖州市吴兴区月河街道龙泉新村社区紫金新村2号2幢1单元302室")
    assert (p.village, p.compound) == ("龙泉新村", "社区紫金新村")  # the patterns alone cannot tell
    [longer] = p.alternatives
    assert longer.levels() == {"city": "湖州市", "county": "吴兴区", "township": "月河街道", "village": "龙泉新村社区",
                               "compound": "紫金新村", "number": "2", "building": "2", "unit": "1", "room": "302"}
    assert parse("仪凤桥社区红旗路18号").alternatives == ()


def test_two_short_dashed_numbers_in_an_estate_are_gate_and_building():
    assert parse("紫金新村1-2").levels() == {"village": "紫金新村", "number": "1", "building": "2"}
    assert parse("碧浪湖小区1-2").levels() == {"compound": "碧浪湖小区", "number": "1", "building": "2"}
    assert parse("碧浪湖小区5-302").levels() == {"compound": "碧浪湖小区", "building": "5", "room": "302"}
