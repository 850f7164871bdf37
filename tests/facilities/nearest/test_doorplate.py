"""The public doorplate page lists the nearest meal sites and community care centres to its
address, with distances and navigation links, and no personal data; places reaches the search
through its hook, never by importing facilities."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from minzheng.facilities.models import Facility
from minzheng.places.doorplates import nearby
from minzheng.places.models import PersonAddress
from tests.facilities.conftest import Providers
from tests.facilities.factories import FacilityFactory
from tests.factories import HouseholdFactory
from tests.personas import MY_VILLAGE
from tests.places.factories import AddressFactory, DoorplateFactory

pytestmark = pytest.mark.django_db
PLACES = Path(__file__).resolve().parents[3] / "minzheng" / "places"


@pytest.fixture
def plate(personas):  # type: ignore[no-untyped-def]
    # The address stands at WGS-84 (120.0868, 30.8940).
    return DoorplateFactory(address=AddressFactory(number="18"))


def test_the_page_lists_the_nearest_meal_sites_and_centres(plate, providers: Providers, client: Client) -> None:  # type: ignore[no-untyped-def]
    near_meal = FacilityFactory(name="北门老年食堂", lng="120.0868000", lat="30.9030000", opening_hours="11:00-13:00")
    FacilityFactory(name="远郊老年食堂", lng="120.0868000", lat="31.0000000")  # 11.8 km: not nearby
    FacilityFactory(name="休息中的食堂", status=Facility.Status.SUSPENDED)
    FacilityFactory(name="仪凤桥居家养老服务中心", kind=Facility.Kind.COMMUNITY_CARE_CENTRE,
                    lng="120.0968000", lat="30.8940000")
    FacilityFactory(name="某公墓", kind=Facility.Kind.CEMETERY)
    html = client.get(reverse("public:plate", args=[plate.token])).content.decode()
    assert "附近的老年助餐点" in html and "附近的社区居家养老服务中心" in html
    assert near_meal.name in html and "约 1.0 公里" in html and "开放时间：11:00-13:00" in html
    assert "仪凤桥居家养老服务中心" in html and "约 954 米" in html
    assert providers.a_mine.name in html and "约 0 米" in html
    for absent in ("远郊老年食堂", "休息中的食堂", "某公墓"):
        assert absent not in html
    # Navigation to the site, in each map's own system: WGS (120.0868, 30.903) is GCJ (120.091672, 30.900961).
    assert "to=120.091672,30.900961," in html and "tocoord=30.900961,120.091672" in html
    assert html.index(providers.a_mine.name) < html.index(near_meal.name)  # nearest first


def test_the_page_shows_no_personal_data(plate, providers: Providers, client: Client) -> None:  # type: ignore[no-untyped-def]
    Facility.objects.filter(pk=providers.a_mine.pk).update(service_phone="13987654321")
    household = HouseholdFactory(region_code=MY_VILLAGE, head__name="王秀英", head__raw_phone="13912345678")
    PersonAddress.objects.create(person=household.head, address=plate.address, region_code=MY_VILLAGE, score="1.000")
    html = client.get(reverse("public:plate", args=[plate.token])).content.decode()
    assert providers.a_mine.name in html
    for secret in ("王秀英", household.head.id_number, "13912345678", "13987654321", providers.a.name, providers.a.uscc):
        assert secret not in html, secret
    assert not re.search(r"(?<!\d)\d{6}(\*{8}|\d{8})\d{3}[\dXx](?![\dXx])", html)
    assert not re.search(r"(?<!\d)1[3-9]\d(\*{4}|\d{4})\d{4}(?!\d)", html)


def test_an_address_without_coordinates_lists_nothing(personas, client: Client) -> None:  # type: ignore[no-untyped-def]
    FacilityFactory(name="北门老年食堂")
    plate = DoorplateFactory(address=AddressFactory(lng=None, lat=None))
    html = client.get(reverse("public:plate", args=[plate.token])).content.decode()
    assert "北门老年食堂" not in html and "附近的公共服务设施" not in html


def test_facilities_register_their_search_with_the_places_hook() -> None:
    assert "facilities.nearest" in nearby._providers


def test_places_never_imports_facilities() -> None:
    for path in PLACES.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.startswith("minzheng.facilities") for n in names), path


def test_the_page_pays_one_query_for_its_nearby_list(providers: Providers, django_assert_num_queries) -> None:
    from minzheng.facilities.nearest.doorplate import nearest_for_doorplate

    FacilityFactory(kind=Facility.Kind.COMMUNITY_CARE_CENTRE, lng="120.0968000")
    with django_assert_num_queries(1):
        groups = nearest_for_doorplate(120.0868, 30.8940)
    assert [len(g.places) for g in groups] == [1, 2]
