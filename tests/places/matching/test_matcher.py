"""The matcher, one variation of real input at a time, on a few roads made with the factories."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from minzheng.core.models import Region
from minzheng.core.scope import NOWHERE, Scope, scope_for
from minzheng.places import codes
from minzheng.places.matching import match_address, match_addresses, region_prefix, road_names_rebuild
from minzheng.places.matching.search import Reader
from minzheng.places.models import Address, MatchKey, Road
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE, OTHER_TOWNSHIP_VILLAGE
from tests.places.factories import AddressFactory, RoadFactory

FULL = "湖州市吴兴区爱山街道仪凤桥社区"


class City:
    """红旗路 in three villages (two of them in 爱山街道), and a few other roads and an estate."""

    def __init__(self) -> None:
        self.serials: dict[str, int] = {}
        self.hongqi = self.road("红旗路", aliases=["东风路"])
        self.hongqi_18 = self.address(self.hongqi, "18")
        self.flat = self.address(self.hongqi, "18", "3", "2", "501")
        self.flat_other_unit = self.address(self.hongqi, "18", "3", "1", "501")
        self.sub = self.address(self.hongqi, "18-1")
        self.hongqi_5 = self.address(self.hongqi, "5")
        self.hongxing = self.road("红星路")
        self.hongxing_99 = self.address(self.hongxing, "99")
        self.huancheng = self.road("环城西路")
        self.huancheng_7 = self.address(self.huancheng, "7")
        self.estate = self.road("碧浪湖小区", kind=Road.Kind.COMPOUND)
        self.estate_flat = self.address(self.estate, "1", "5", "1", "302")
        self.hamlet = self.road("沈家埭", village=OTHER_TOWNSHIP_VILLAGE)
        self.hamlet_3 = self.address(self.hamlet, "3")
        self.neighbour_hongqi = self.road("红旗路", village=NEIGHBOUR_VILLAGE)
        self.neighbour_18 = self.address(self.neighbour_hongqi, "18")
        self.far_hongqi = self.road("红旗路", village=OTHER_TOWNSHIP_VILLAGE)
        self.far_18 = self.address(self.far_hongqi, "18")
        self.anji = self.road("昌硕路", village=OTHER_COUNTY_VILLAGE)
        self.anji_9 = self.address(self.anji, "9")
        road_names_rebuild()

    def road(self, name: str, *, village: str = MY_VILLAGE, aliases: list[str] | None = None,
             kind: str = Road.Kind.ROAD) -> Road:
        self.serials[village] = self.serials.get(village, 0) + 1
        return RoadFactory(name=name, region_code=village, code=codes.road_code(village, self.serials[village]),
                           aliases=aliases or [], kind=kind)

    @staticmethod
    def address(road: Road, number: str, building: str = "", unit: str = "", room: str = "") -> Address:
        return AddressFactory(road=road, number=number, building=building, unit=unit, room=room)


@pytest.fixture
def city(regions) -> City:  # type: ignore[no-untyped-def]
    return City()


def best_of(text: str, **kwargs) -> Address | None:  # type: ignore[no-untyped-def]
    best = match_address(text, **kwargs).best
    return Address.objects.get(pk=best.address_id) if best else None


def test_the_standard_text_matches_with_full_score(city):
    result = match_address(FULL + "红旗路18号3幢2单元501室")
    assert result.best.address_id == city.flat.pk
    assert result.best.code == city.flat.code and result.best.full_text == city.flat.full_text
    assert result.best.score == 1.0
    assert result.parsed == {"city": "湖州市", "county": "吴兴区", "township": "爱山街道", "village": "仪凤桥社区",
                             "road": "红旗路", "number": "18", "building": "3", "unit": "2", "room": "501"}


def test_upper_levels_may_be_left_out(city):
    assert best_of("仪凤桥社区红旗路18号3幢2单元501") == city.flat
    assert best_of("环城西路7号") == city.huancheng_7  # only one 环城西路 in the city
    assert best_of("碧浪湖小区1号5幢1单元302室") == city.estate_flat


def test_dashed_numbers(city):
    assert best_of("仪凤桥社区红旗路18-3-2-501") == city.flat
    assert best_of("仪凤桥社区红旗路18号3-2-501") == city.flat
    assert best_of("碧浪湖小区5-1-302") == city.estate_flat  # in an estate: building, unit, room


def test_dashed_number_may_be_a_sub_number(city):
    assert best_of("仪凤桥社区红旗路18-1") == city.sub
    assert best_of("仪凤桥社区红旗路18-1号") == city.sub


def test_full_width_digits_and_chinese_numerals(city):
    assert best_of("仪凤桥社区红旗路１８号３幢２单元５０１室") == city.flat
    assert best_of("仪凤桥社区红旗路十八号三幢二单元五零一室") == city.flat
    assert best_of("环城西路七号") == city.huancheng_7


def test_aliases_and_names_without_their_suffix(city):
    assert best_of("仪凤桥社区东风路18号3幢2单元501室") == city.flat  # a former name
    assert best_of("仪凤桥社区红旗18号") == city.hongqi_18  # 路 left out
    assert best_of("碧浪湖5幢1单元302室") == city.estate_flat  # 小区 left out


def test_noise_spaces_and_punctuation(city):
    assert best_of("  仪凤桥社区，红旗路 18号 3幢2单元501室 附近！") == city.flat
    assert best_of("（环城西路 7号）旁边") == city.huancheng_7


@pytest.mark.parametrize("typed", ["环城西陆7号", "环城路7号", "环城西大路7号", "环成西路7号"])
def test_one_character_typo_in_the_road_name(city, typed):
    result = match_address(typed)
    assert result.best is not None and result.best.address_id == city.huancheng_7.pk
    assert result.best.score < 1.0  # a typo costs something


def test_one_character_typo_in_the_estate_name(city):
    assert best_of("碧浪胡小区1号5幢1单元302室") == city.estate_flat


def test_a_name_that_exists_is_not_read_as_a_typo_of_another(city):
    # 红旗路 has no 99号; 红星路 has, one character away. That is no match, not 红星路99号.
    assert match_address("仪凤桥社区红旗路99号").best is None
    assert best_of("红星路99号") == city.hongxing_99


def test_upper_levels_in_the_text_narrow_the_search(city):
    result = match_address("红旗路18号")  # three villages have one
    assert result.best is None and result.ambiguous
    top = {c.address_id for c in result.candidates if c.score == 1.0}
    assert top == {city.hongqi_18.pk, city.neighbour_18.pk, city.far_18.pk}
    assert {r.code for r in result.tied_regions} == {MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE}
    assert best_of("南街社区红旗路18号") == city.neighbour_18
    assert best_of("织里镇红旗路18号") == city.far_18
    assert best_of("吴兴区织里镇义皋村红旗路18号") == city.far_18
    assert match_address("爱山街道红旗路18号").best is None  # two villages of 爱山街道 have one


def test_short_region_names_run_together(city):
    assert best_of("吴兴织里红旗路18号") == city.far_18
    assert best_of("湖州吴兴爱山仪凤桥社区红旗路18号3幢2单元501室") == city.flat


def test_a_typo_in_a_road_run_together_with_its_regions(city):
    # Regions and road in one run, and the road one character off: read as regions, then a typo.
    result = match_address("湖州吴兴爱山仪凤桥环成西路7号")
    assert result.best is not None and result.best.address_id == city.huancheng_7.pk
    assert result.best.score < 1.0
    # The regions still narrow: 织里 has no road near 环成西路, so this is no match.
    assert match_address("吴兴织里环成西路7号").best is None
    # Regions and a name two characters off any road is no match either.
    assert match_address("爱山仪凤桥环成东街7号").best is None


@pytest.mark.parametrize("typed", ["南衔社区", "南街社", "南大街社区", "爱山街道南衔社区"])
def test_a_village_one_character_off_narrows_like_the_village(city, typed):
    result = match_address(typed + "红旗路18号")
    assert result.best is not None and result.best.address_id == city.neighbour_18.pk
    assert result.best.score < 1.0  # the slip costs something


def test_a_township_one_character_off_narrows_like_the_township(city):
    assert best_of("织理镇红旗路18号") == city.far_18


def test_a_region_typo_that_leaves_several_addresses_is_no_match(city):
    # 北京社区 is no village one character away: the three 红旗路18号 still tie.
    result = match_address("北京社区红旗路18号")
    assert result.best is None and result.ambiguous
    # 爱山街道 with a slip still holds two of them.
    assert match_address("爱仙街道红旗路18号").best is None


def test_the_short_dash_is_gate_and_building_in_an_estate(city):
    building = AddressFactory(road=city.estate, number="1", building="5")
    assert best_of("碧浪湖小区1-5") == building
    assert best_of("仪凤桥社区碧浪湖小区1-5") == building
    assert match_address("碧浪湖小区1-9").best is None  # no building 9


def test_the_region_argument_narrows_the_search(city):
    assert best_of("红旗路18号", region_code=OTHER_TOWNSHIP_VILLAGE) == city.far_18
    assert best_of("红旗路18号", region_code="330502100") == city.far_18
    assert best_of("红旗路18号", region_code=NEIGHBOUR_VILLAGE) == city.neighbour_18
    nowhere = match_address("红旗路18号", region_code="330523")
    assert nowhere.best is None and nowhere.candidates == ()


def test_the_scope_restricts_the_candidates(city, personas):
    mine = scope_for(personas.village_worker)
    assert best_of("红旗路18号", scope=mine) == city.hongqi_18
    elsewhere = match_address("织里镇义皋村沈家埭3号", scope=mine)
    assert elsewhere.best is None and elsewhere.candidates == ()
    assert best_of("沈家埭3号", scope=scope_for(personas.wuxing_officer)) == city.hamlet_3
    assert match_address("沈家埭3号", scope=scope_for(personas.anji_officer)).candidates == ()
    assert match_address("红旗路18号", scope=NOWHERE).candidates == ()
    assert match_address("红旗路18号", scope=scope_for(personas.nobody)).candidates == ()


def test_a_region_outside_the_scope_finds_nothing(city):
    result = match_address("红旗路18号", scope=Scope(prefix=MY_VILLAGE), region_code="330502100")
    assert result.best is None and result.candidates == ()


def test_a_road_in_another_county_than_the_text_says_is_no_match(city):
    result = match_address("安吉县环城西路7号")
    assert result.best is None
    assert [c.address_id for c in result.candidates] == [city.huancheng_7.pk]  # offered, with a low score


@pytest.mark.parametrize("text", ["", "   ", "随便写写", "12345", "ASDF", "附近", "湖州市吴兴区", "爱山街道仪凤桥社区",
                                  "请问低保怎么申请"])
def test_garbage_is_no_match(city, text):
    assert match_address(text).best is None


@pytest.mark.parametrize("text", ["杭州市西湖区红旗路18号", "杭州市西湖区文三路100号", "江苏省苏州市红旗路18号",
                                  "上海市环城西路7号", "杭州红旗路18号"])
def test_other_cities_are_no_match(city, text):
    assert match_address(text).best is None


def test_numbers_and_rooms_that_do_not_exist_are_no_match(city):
    missing_number = match_address("环城西路700号")
    assert missing_number.best is None
    assert [c.address_id for c in missing_number.candidates] == [city.huancheng_7.pk]  # the road's addresses
    # A number the road does not have: its addresses are offered, not called a tie.
    missing_on_long_road = match_address("仪凤桥社区红旗路700号")
    assert missing_on_long_road.best is None and not missing_on_long_road.ambiguous
    assert len(missing_on_long_road.candidates) > 1
    assert match_address("仪凤桥社区红旗路18号3幢2单元999室").best is None
    assert match_address("建设路18号").candidates == ()


def test_a_missing_unit_is_fine_unless_it_leaves_two_flats(city):
    # 18号3幢 has 501 in units 1 and 2: "18-3-501" could be either.
    result = match_address("仪凤桥社区红旗路18-3-501")
    assert result.best is None and result.ambiguous
    assert {c.address_id for c in result.candidates[:2]} == {city.flat.pk, city.flat_other_unit.pk}


def test_the_threshold_is_a_setting(city):
    typo = match_address("环成西路7号")
    assert typo.best is not None and 0.8 <= typo.best.score < 0.95
    with override_settings(MINZHENG_ADDRESS_MATCH_THRESHOLD=0.95):
        strict = match_address("环成西路7号")
        assert strict.best is None
        assert strict.candidates[0].address_id == city.huancheng_7.pk
        assert match_address("环城西路7号").best.address_id == city.huancheng_7.pk
    assert match_address("环成西路7号", threshold=0.95).best is None


def test_retired_addresses_and_roads_are_not_matched(city):
    Address.objects.filter(pk=city.huancheng_7.pk).update(status=Address.Status.RETIRED)
    assert match_address("环城西路7号").best is None
    Road.objects.filter(pk=city.hongxing.pk).update(status=Road.Status.RETIRED)
    road_names_rebuild(road_ids=[city.hongxing.pk])
    result = match_address("红星路99号")
    assert result.best is None and city.hongxing_99.pk not in {c.address_id for c in result.candidates}


def test_limit_bounds_the_candidates(city):
    assert len(match_address("红旗路18号", limit=2).candidates) == 2
    assert len(match_address("红旗路18号", limit=1).candidates) == 1


def test_keys_rebuild_is_idempotent_and_follows_renames(city):
    count = MatchKey.objects.count()
    assert road_names_rebuild() == count
    assert MatchKey.objects.count() == count
    Road.objects.filter(pk=city.huancheng.pk).update(name="解放路")
    assert match_address("解放路7号").best is None  # not until its keys are rebuilt
    road_names_rebuild(road_ids=[city.huancheng.pk])
    assert match_address("解放路7号").best.address_id == city.huancheng_7.pk
    assert match_address("环城西路7号").best is None
    assert MatchKey.objects.count() < count + 20


def test_region_prefix_accepts_codes_and_prefixes_only():
    assert region_prefix("330502000000") == "330502"
    assert region_prefix("330502003001") == "330502003001"
    assert region_prefix("3305") == "3305"
    for bad in ("", "abc", "3", "3305020030011", "33050a"):
        with pytest.raises(ValueError):
            region_prefix(bad)


def test_rebuilding_some_roads_keys_the_regions_too(regions):
    road = RoadFactory(name="青铜路", region_code=MY_VILLAGE, code=codes.road_code(MY_VILLAGE, 1))
    address = AddressFactory(road=road, number="7")
    road_names_rebuild(road_ids=[road.pk])  # as the services and the demo call it
    assert MatchKey.objects.filter(target=MatchKey.Target.REGION).exists()
    assert match_address(FULL + "青铜路7号").best.address_id == address.pk
    before = MatchKey.objects.count()
    road_names_rebuild(road_ids=[road.pk])
    assert MatchKey.objects.count() == before


def test_answers_do_not_depend_on_prepared_statements(city):
    # On PostgreSQL the matcher prepares its statements, with lists as arrays; behind a pooler it
    # may not. Both ways must give the same answers, down to the candidates offered.
    texts = ["红旗路18号3幢2单元501室", "仪凤桥社区红旗路18-3-501", "环城西路700号", "环成西路7号", "碧浪湖5幢302",
             "湖州吴兴爱山红旗路18号", "宁波市海曙区中山路1号"]
    with override_settings(MINZHENG_MATCH_PREPARED_STATEMENTS=True):
        prepared = [match_address(text) for text in texts]
    with override_settings(MINZHENG_MATCH_PREPARED_STATEMENTS=False):
        plain = [match_address(text) for text in texts]
    assert prepared == plain
    assert prepared[0].best is not None and prepared[0].best.address_id == city.flat.pk


def test_a_missing_number_names_the_road_and_the_numbers_it_has(city):
    result = match_address("环城西路700号")
    assert result.best is None
    assert result.missing_number is not None
    assert (result.missing_number.road, result.missing_number.number, result.missing_number.existing) == (
        "环城西路", "700", "7号")
    assert match_address("环城西路7号").missing_number is None


@pytest.mark.parametrize(("numbers", "text"), [
    (["1", "2", "3", "4", "5"], "1–5号"),
    (["5", "1", "3", "2", "7", "9-1"], "1–3号、5号、7号、9-1号"),
    (["18"], "18号"),
    ([str(n) for n in range(1, 40, 2)], "1号、3号、5号、7号、9号、11号、13号、15号等"),
])
def test_numbers_read_as_ranges(numbers, text):
    from minzheng.places.matching.search import number_ranges

    assert number_ranges(numbers) == text


def test_tied_villages_are_named_alone_and_in_a_batch(city):
    full_names = dict(Region.objects.values_list("code", "full_name"))
    alone = match_address("红旗路18号")
    assert alone.tied_regions and all(r.name == full_names[r.code] for r in alone.tied_regions)
    assert match_addresses(["环城西路7号", "红旗路18号", "红星路18号"])[1] == alone


@pytest.mark.parametrize(("text", "queries"), [
    (FULL + "红旗路18号3幢2单元501室", 1),
    ("红旗路18号", 1),  # a tie between villages: named from the same query
    # Typos: the addresses of a name a character longer come with the first lookup, those of one
    # a character shorter or different with the typo lookup; none is read by code afterwards.
    ("碧浪湖区1号5幢1单元302室", 2),
    ("环成西路7号", 2),
    ("吴兴织里红旗路18号", 2),  # run together: the fragments come with the typo lookup
])
def test_round_trips_per_match(city, monkeypatch, text, queries):
    # A round trip to PostgreSQL costs about as much as the work of a match itself.
    sent: list[str] = []
    fetch = Reader.fetch

    def counted(self: Reader, sql: str, params: Any) -> Any:
        sent.append(sql)
        return fetch(self, sql, params)

    monkeypatch.setattr(Reader, "fetch", counted)
    assert match_address(text).best is not None or text == "红旗路18号"
    assert len(sent) == queries
