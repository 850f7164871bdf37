import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minzheng.core import messages
from minzheng.core.idnumber import IdNumberError, make_id_number, parse_id_number


def test_standard_example_is_valid():
    parsed = parse_id_number("11010519491231002X")
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.gender == "F"
    assert parsed.county_code == "110105"


def test_lower_case_x_and_spaces_are_normalised():
    assert parse_id_number(" 11010519491231002x ").value == "11010519491231002X"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", messages.ID_NUMBER_REQUIRED),
        ("1101051949123100", messages.ID_NUMBER_BAD_LENGTH.format(length=16)),
        ("11010519491231002X9", messages.ID_NUMBER_BAD_LENGTH.format(length=19)),
        ("11010519491231002Y", messages.ID_NUMBER_BAD_CHARACTERS),
        ("1101051949A231002X", messages.ID_NUMBER_BAD_CHARACTERS),
        ("110105194912310021", messages.ID_NUMBER_BAD_CHECKSUM),
        ("99010519491231002X", messages.ID_NUMBER_BAD_REGION),
    ],
)
def test_bad_id_numbers_name_the_reason(raw, reason):
    with pytest.raises(IdNumberError) as err:
        parse_id_number(raw)
    assert str(err.value) == reason


def test_impossible_birth_date_is_rejected():
    body = "33050219990230001"  # 30 February
    from stdnum.cn import ric

    with pytest.raises(IdNumberError, match=messages.ID_NUMBER_BAD_DATE):
        parse_id_number(body + ric.calc_check_digit(body + "0"))


def test_birth_date_in_future_is_rejected():
    number = make_id_number("330502", dt.date(2030, 1, 1), 11)
    with pytest.raises(IdNumberError, match=messages.ID_NUMBER_FUTURE_DATE):
        parse_id_number(number, today=dt.date(2026, 11, 29))


def test_huzhou_ids_born_before_their_county_code_existed_are_accepted():
    # 吴兴区 (330502) dates from 2003; people born earlier carry that code on re-issued cards.
    assert parse_id_number(make_id_number("330502", dt.date(1950, 3, 4), 7)).gender == "M"


@given(
    county=st.sampled_from(["330501", "330502", "330503", "330521", "330522", "330523"]),
    birth=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31)),
    seq=st.integers(min_value=0, max_value=999),
)
def test_made_numbers_round_trip(county, birth, seq):
    parsed = parse_id_number(make_id_number(county, birth, seq))
    assert (parsed.county_code, parsed.birth_date) == (county, birth)
    assert parsed.gender == ("M" if seq % 2 else "F")
