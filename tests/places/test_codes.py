import pytest

from minzheng.places import codes


def test_address_code_is_fixed_width_and_ordered():
    a = codes.address_code(region_code="330502003001", road_code="3305020030010001", number="18", building="3",
                           unit="2", room="501")
    assert a == "330502003001" + "0001" + "00180" + "003" + "02" + "0501"
    b = codes.address_code(region_code="330502003001", road_code="3305020030010001", number="18-1")
    assert len(a) == len(b) == 30 and b[16:21] == "00181"


@pytest.mark.parametrize("number", ["", "A12", "12345", "1-23"])
def test_bad_doorplate_numbers_are_refused(number):
    with pytest.raises(codes.CodeError):
        codes.address_code(region_code="330502003001", road_code="3305020030010001", number=number)


def test_full_text_has_every_level_present():
    assert codes.full_text(region_full_name="湖州市吴兴区爱山街道仪凤桥社区", road_name="红旗路", number="18",
                           building="3", unit="2", room="501") == "湖州市吴兴区爱山街道仪凤桥社区红旗路18号3幢2单元501室"
    assert codes.full_text(region_full_name="X", road_name="南街", number="5") == "X南街5号"
