"""Each naming rule, passing and refusing, with its message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from minzheng.places import messages
from minzheng.places.models import NamingProposal
from minzheng.places.names.rules import (
    check_format,
    check_kind,
    check_living_person,
    check_proposal,
    check_reason,
    check_unique,
    clean_pinyin,
    proper_part,
)
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, OTHER_TOWNSHIP_VILLAGE
from tests.places.factories import RoadFactory
from tests.places.names.factories import NamingProposalFactory

ROAD, BRIDGE = NamingProposal.Kind.ROAD, NamingProposal.Kind.BRIDGE
AISHAN, ZHILI = "330502003000", "330502100000"
GOOD_REASON = "该道路连接三个自然村，原无正式名称，群众出行不便。"


# ---- characters, length, generic ---------------------------------------------------------------

@pytest.mark.parametrize(("name", "kind"), [
    ("桑梓路", ROAD), ("人民大道", ROAD), ("稻香街", ROAD), ("迎春巷", ROAD), ("三里弄", ROAD), ("环湖道", ROAD),
    ("湖织线", ROAD), ("一号路", ROAD), ("104国道", ROAD), ("仪凤桥", BRIDGE), ("第1桥", BRIDGE),
    ("桥头路", ROAD),
])
def test_good_names_pass_the_format_rules(name, kind):
    assert check_format(name, kind) == []


@pytest.mark.parametrize("name", ["Hongqi路", "红旗 路", "红旗-路", "红旗。路", "红旗（东）路", "A1路"])
def test_only_chinese_characters_and_digits(name):
    errors = check_format(name, ROAD)
    assert len(errors) == 1
    assert errors[0].startswith(messages.NAMING_NAME_BAD_CHARACTERS.split("：")[0])


def test_bad_characters_are_named():
    (error,) = check_format("红 旗-路", ROAD)
    assert "空格" in error and "“-”" in error


def test_length_limits():
    assert check_format("桑梓路", ROAD) == []
    assert check_format("一二三四五六七八九十一路", ROAD) == []  # 12
    assert messages.NAMING_NAME_LENGTH.format(min=2, max=12, length=13) in check_format("一二三四五六七八九十一二路", ROAD)
    assert check_format("", ROAD) == [messages.NAMING_NAME_REQUIRED]


def test_a_road_must_end_in_a_road_generic():
    assert check_format("桑梓桥", ROAD) == [messages.NAMING_NAME_ROAD_SUFFIX]
    assert check_format("桑梓村", ROAD) == [messages.NAMING_NAME_ROAD_SUFFIX]


def test_a_bridge_must_end_in_qiao():
    assert check_format("桑梓路", BRIDGE) == [messages.NAMING_NAME_BRIDGE_SUFFIX]


def test_the_generic_needs_a_proper_part():
    assert check_format("大道", ROAD) == [messages.NAMING_NAME_NO_PROPER.format(generic="大道")]
    assert messages.NAMING_NAME_LENGTH.format(min=2, max=12, length=1) in check_format("路", ROAD)


def test_kind():
    assert check_kind(ROAD) == [] and check_kind(BRIDGE) == []
    assert check_kind("tunnel") == [messages.NAMING_KIND_INVALID]
    assert proper_part("人民大道", ROAD) == "人民"


# ---- uniqueness --------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_road_of_the_same_name_in_a_village_of_the_township_clashes(regions):
    road = RoadFactory(name="红旗路", region_code=MY_VILLAGE)
    assert check_unique("红旗路", ROAD, AISHAN) == [
        messages.NAMING_NAME_DUPLICATE_ROAD.format(name="红旗路", code=road.code)]


@pytest.mark.django_db
def test_a_road_in_another_township_does_not_clash(regions):
    RoadFactory(name="红旗路", region_code=OTHER_TOWNSHIP_VILLAGE)
    assert check_unique("红旗路", ROAD, AISHAN) == []


@pytest.mark.django_db
def test_a_retired_road_or_a_compound_does_not_clash(regions):
    RoadFactory(name="红旗路", status="retired")
    RoadFactory(name="碧浪路", kind="compound")
    assert check_unique("红旗路", ROAD, AISHAN) == []
    assert check_unique("碧浪路", ROAD, AISHAN) == []


@pytest.mark.django_db
def test_a_former_name_of_a_road_clashes(regions):
    RoadFactory(name="人民路", aliases=["解放路", "人民"])
    assert check_unique("解放路", ROAD, AISHAN) == [messages.NAMING_NAME_DUPLICATE_ALIAS.format(road="人民路")]


@pytest.mark.django_db
def test_a_live_proposal_of_the_same_name_and_kind_clashes(people):
    NamingProposalFactory(name="桑梓路", region_code=AISHAN, proposed_by=people.aishan_officer)
    (error,) = check_unique("桑梓路", ROAD, AISHAN)
    assert error == messages.NAMING_NAME_DUPLICATE_PROPOSAL.format(kind="道路", status="待乡镇审核")
    assert check_unique("桑梓路", ROAD, ZHILI) == []  # another township
    assert check_unique("桑梓桥", BRIDGE, AISHAN) == []  # another name


@pytest.mark.django_db
def test_bridges_clash_only_with_bridges(people):
    NamingProposalFactory(name="桑梓桥", kind=BRIDGE, region_code=AISHAN, proposed_by=people.aishan_officer)
    assert check_unique("桑梓桥", BRIDGE, AISHAN)
    assert check_unique("桑梓桥", ROAD, AISHAN) == []


@pytest.mark.django_db
def test_a_rejected_proposal_frees_its_name(people):
    NamingProposalFactory(name="桑梓路", region_code=AISHAN, status="rejected", proposed_by=people.aishan_officer)
    assert check_unique("桑梓路", ROAD, AISHAN) == []


@pytest.mark.django_db
def test_a_proposal_does_not_clash_with_itself(people):
    own = NamingProposalFactory(name="桑梓路", region_code=AISHAN, proposed_by=people.aishan_officer)
    assert check_unique("桑梓路", ROAD, AISHAN, exclude_pk=own.pk) == []


# ---- living persons ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_name_of_a_living_resident_is_refused(regions):
    PersonFactory(name="张建国", region_code=MY_VILLAGE)
    assert check_living_person("张建国路", ROAD) == [messages.NAMING_NAME_LIVING_PERSON.format(name="张建国")]
    assert check_living_person("张建国桥", BRIDGE)


@pytest.mark.django_db
def test_the_name_of_a_deceased_resident_is_allowed(regions):
    PersonFactory(name="张建国", region_code=MY_VILLAGE, status="deceased", death_date=dt.date(2020, 1, 1))
    assert check_living_person("张建国路", ROAD) == []


@pytest.mark.django_db
def test_only_an_exact_full_name_counts(regions):
    PersonFactory(name="张建国", region_code=MY_VILLAGE)
    assert check_living_person("建国路", ROAD) == []  # a given name alone: allowed (documented trade-off)
    assert check_living_person("张建国新路", ROAD) == []


@pytest.mark.django_db
def test_a_one_character_proper_part_is_not_checked(regions):
    PersonFactory(name="张", region_code=MY_VILLAGE)
    assert check_living_person("张路", ROAD) == []


@pytest.mark.django_db
@override_settings(MINZHENG_PROTECTED_PERSON_NAMES=["李明德"])
def test_the_protected_names_list_is_refused_without_a_resident():
    assert check_living_person("李明德路", ROAD) == [messages.NAMING_NAME_LIVING_PERSON.format(name="李明德")]
    assert check_living_person("明德路", ROAD) == []


# ---- reason and pinyin -------------------------------------------------------------------------

def test_reason_needs_ten_characters():
    assert check_reason(GOOD_REASON) == []
    assert check_reason("一二三四五六七八九十") == []
    assert check_reason("太短了") == [messages.NAMING_REASON_TOO_SHORT.format(min=10)]
    assert check_reason("   一二三四五六七八九   ") == [messages.NAMING_REASON_TOO_SHORT.format(min=10)]
    assert check_reason("长" * 501) == [messages.NAMING_REASON_TOO_LONG.format(max=500)]


def test_pinyin_is_generated_when_blank():
    assert clean_pinyin("", "红旗路") == ("Hongqi Lu", [])


def test_pinyin_override_is_tidied_and_kept():
    assert clean_pinyin("zhangxing lu", "长兴路") == ("Zhangxing Lu", [])


def test_pinyin_override_with_bad_characters():
    assert clean_pinyin("Hongqi-Lu", "红旗路")[1] == [messages.NAMING_PINYIN_BAD_CHARACTERS]


def test_pinyin_override_that_spells_another_name():
    assert clean_pinyin("Hongxing Lu", "红旗路")[1] == [messages.NAMING_PINYIN_MISMATCH.format(suggested="Hongqi Lu")]


def test_pinyin_override_too_long():
    assert clean_pinyin("a" * 121, "红旗路")[1] == [messages.NAMING_PINYIN_TOO_LONG.format(max=120)]


# ---- all at once -------------------------------------------------------------------------------

@pytest.mark.django_db
def test_every_failing_field_is_reported_at_once(regions):
    checked = check_proposal(name="Hongqi路", kind=ROAD, township_code=AISHAN, reason="短", pinyin="Hongqi-Lu")
    assert set(checked.errors) == {"name", "reason", "pinyin"}


@pytest.mark.django_db
def test_a_good_proposal_passes(regions):
    checked = check_proposal(name=" 桑梓路 ", kind=ROAD, township_code=AISHAN, reason=GOOD_REASON)
    assert checked.errors == {}
    assert (checked.name, checked.pinyin) == ("桑梓路", "Sangzi Lu")
