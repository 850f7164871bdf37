"""The match-as-you-type page at /places/match/."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from minzheng.core.models import Region
from minzheng.places import messages
from tests.personas import NEIGHBOUR_VILLAGE
from tests.places.matching.test_matcher import City

URL = "/places/match/"


@pytest.fixture
def city(personas) -> City:  # type: ignore[no-untyped-def]
    return City()


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_page_needs_sign_in(db):
    response = Client().get(URL)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_page_has_an_input_that_matches_as_you_type(city, personas):
    response = client_for(personas.city_admin).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'hx-get="/places/match/"' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert 'hx-target="#match-results"' in html
    assert "<script>" not in html and "style=" not in html and "onclick" not in html


def test_typing_gives_the_best_address_with_a_link_to_it(city, personas):
    response = client_for(personas.city_admin).get(URL, {"q": "仪凤桥社区红旗路十八号"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # htmx gets the results alone
    assert f'href="/places/addresses/{city.hongqi_18.pk}/"' in html
    assert city.hongqi_18.full_text in html
    assert "门牌号“18”" in html


def test_without_javascript_the_whole_page_has_the_results(city, personas):
    html = client_for(personas.city_admin).get(URL, {"q": "环城西路7号"}).content.decode()
    assert "<html" in html and f'href="/places/addresses/{city.huancheng_7.pk}/"' in html


def test_ambiguous_and_empty_answers_say_so(city, personas):
    client = client_for(personas.city_admin)
    ambiguous = client.get(URL, {"q": "红旗路18号"}, HTTP_HX_REQUEST="true").content.decode()
    assert messages.MATCH_AMBIGUOUS in ambiguous
    assert f'href="/places/addresses/{city.far_18.pk}/"' in ambiguous
    assert messages.MATCH_NO_RESULT in client.get(URL, {"q": "随便写写"}, HTTP_HX_REQUEST="true").content.decode()
    assert messages.MATCH_BELOW_THRESHOLD in client.get(URL, {"q": "安吉县环城西路7号"}).content.decode()


def test_a_number_the_road_does_not_have_says_so_and_offers_the_road(city, personas):
    html = client_for(personas.city_admin).get(URL, {"q": "环城西路700号"}, HTTP_HX_REQUEST="true").content.decode()
    assert "环城西路没有700号，现有7号" in html
    assert messages.MATCH_BELOW_THRESHOLD not in html
    assert f'href="/places/addresses/{city.huancheng_7.pk}/"' in html  # the road's address, one click away


def test_the_range_narrows_and_stays_in_scope(city, personas):
    admin = client_for(personas.city_admin)
    html = admin.get(URL, {"q": "红旗路18号", "region": "330502100000"}, HTTP_HX_REQUEST="true").content.decode()
    assert f'href="/places/addresses/{city.far_18.pk}/"' in html and "最佳匹配" in html
    worker = client_for(personas.village_worker)
    html = worker.get(URL, {"q": "织里镇义皋村沈家埭3号"}, HTTP_HX_REQUEST="true").content.decode()
    assert messages.MATCH_NO_RESULT in html and str(city.hamlet_3.full_text) not in html
    # A range the user may not choose is a form error, not a peek elsewhere.
    html = worker.get(URL, {"q": "红旗路18号", "region": "330502100000"}, HTTP_HX_REQUEST="true").content.decode()
    assert "errorlist" in html and "/places/addresses/" not in html


def test_too_long_text_is_refused_in_chinese(city, personas):
    html = client_for(personas.city_admin).get(URL, {"q": "红" * 201}, HTTP_HX_REQUEST="true").content.decode()
    assert "errorlist" in html and "地址" in html


def test_a_tie_between_villages_offers_each_village_in_one_click(city, personas):
    client = client_for(personas.city_admin)
    html = client.get(URL, {"q": "红旗路18号"}, HTTP_HX_REQUEST="true").content.decode()
    assert messages.MATCH_TIED_REGIONS in html
    links = re.findall(r'href="(/places/match/\?q=[^"]+)"', html)
    assert len(links) == 3
    neighbour = next(link for link in links if NEIGHBOUR_VILLAGE in link)
    assert Region.objects.get(code=NEIGHBOUR_VILLAGE).full_name in html
    # The village is not in the range list of a city administrator; the link works all the same.
    picked = client.get(unescape(neighbour)).content.decode()
    assert "最佳匹配" in picked and f'href="/places/addresses/{city.neighbour_18.pk}/"' in picked
    assert "errorlist" not in picked


def test_a_village_outside_the_users_jurisdiction_is_refused(city, personas):
    html = client_for(personas.anji_officer).get(URL, {"q": "红旗路18号", "region": NEIGHBOUR_VILLAGE},
                                                 HTTP_HX_REQUEST="true").content.decode()
    assert "errorlist" in html and "/places/addresses/" not in html


def test_only_punctuation_is_refused_naming_the_field(city, personas):
    html = client_for(personas.city_admin).get(URL, {"q": "，，。。！"}, HTTP_HX_REQUEST="true").content.decode()
    assert "errorlist" in html and f"地址：{messages.MATCH_Q_NO_TEXT}" in html
