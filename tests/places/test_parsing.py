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
