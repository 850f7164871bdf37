"""The staff pages of the registry: the list with counts and filters, registering a facility
through the form (errors on their fields), its page with map links, changing it; a provider
operator's edit page holds only the opening hours and status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from minzheng.facilities import messages
from minzheng.facilities.models import Facility
from tests.facilities.conftest import Providers
from tests.facilities.factories import FacilityFactory
from tests.personas import MY_VILLAGE, Personas
from tests.places.factories import AddressFactory

pytestmark = pytest.mark.django_db


def test_the_list_counts_each_kind_and_filters(personas: Personas, login) -> None:  # type: ignore[no-untyped-def]
    FacilityFactory(name="甲助餐点")
    FacilityFactory(name="乙敬老院", kind=Facility.Kind.CARE_HOME)
    client = login(personas.aishan_officer)
    html = client.get(reverse("facilities:list")).content.decode()
    assert "甲助餐点" in html and "乙敬老院" in html and "福利彩票销售站点" in html
    html = client.get(reverse("facilities:list"), {"kind": "care_home"}).content.decode()
    assert "乙敬老院" in html and "甲助餐点" not in html


def test_the_nav_lists_facilities(personas: Personas, login) -> None:  # type: ignore[no-untyped-def]
    html = login(personas.village_worker).get(reverse("web:home")).content.decode()
    assert reverse("facilities:list") in html


def test_register_through_the_form(personas: Personas, providers: Providers, login) -> None:  # type: ignore[no-untyped-def]
    address = AddressFactory()
    client = login(personas.aishan_officer)
    assert client.get(reverse("facilities:create")).status_code == 200
    response = client.post(reverse("facilities:create"), {
        "name": "仪凤桥老年食堂", "kind": "meal_site", "operator": providers.a.pk, "address_code": address.code,
        "coord": "wgs84", "status": "open", "public": "on", "capacity": "60", "tags": ["meal_delivery"]})
    assert response.status_code == 302
    facility = Facility.objects.get(name="仪凤桥老年食堂")
    assert facility.address == address and facility.operator == providers.a and facility.capacity == 60
    detail = client.get(response["Location"]).content.decode()
    assert "uri.amap.com/navigation" in detail and "api.map.baidu.com/direction" in detail and "送餐上门" in detail


def test_form_errors_land_on_their_fields(personas: Personas, login) -> None:  # type: ignore[no-untyped-def]
    response = login(personas.aishan_officer).post(reverse("facilities:create"), {
        "name": "x", "kind": "meal_site", "address_code": "330502003001000100018", "coord": "wgs84",
        "status": "open", "capacity": "-3"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["address_code"] == [messages.FACILITY_ADDRESS_NOT_FOUND]
    response = login(personas.aishan_officer).post(reverse("facilities:create"), {
        "name": "x", "kind": "meal_site", "region_code": MY_VILLAGE, "coord": "wgs84", "status": "open",
        "capacity": "-3", "lng": "120.1"})
    form = response.context["form"]
    assert form.errors["capacity"] == [messages.FACILITY_CAPACITY_INVALID.format(max=100_000)]
    assert form.errors["address_text"] == [messages.FACILITY_ADDRESS_TEXT_REQUIRED]
    assert form.errors["lat"] == [messages.FACILITY_COORDINATES_PAIR]


def test_a_village_worker_may_not_register(personas: Personas, login) -> None:  # type: ignore[no-untyped-def]
    assert login(personas.village_worker).get(reverse("facilities:create")).status_code == 403


def test_a_manager_edits_every_field(personas: Personas, login) -> None:  # type: ignore[no-untyped-def]
    site = FacilityFactory(capacity=10)
    client = login(personas.aishan_officer)
    page = client.get(reverse("facilities:edit", args=[site.pk]))
    assert page.status_code == 200 and 'name="capacity"' in page.content.decode()
    data = {**{k: v for k, v in page.context["form"].initial.items() if v is not None}, "capacity": "25",
            "status": "suspended", "public": "on"}
    data.pop("tags", None)
    response = client.post(reverse("facilities:edit", args=[site.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    site.refresh_from_db()
    assert (site.capacity, site.status, str(site.lng)) == (25, "suspended", "120.0868000")


def test_an_operator_edits_hours_and_status_only(providers: Providers, login) -> None:  # type: ignore[no-untyped-def]
    client = login(providers.op_a)
    url = reverse("facilities:edit", args=[providers.a_mine.pk])
    html = client.get(url).content.decode()
    assert 'name="opening_hours"' in html and 'name="status"' in html and 'name="capacity"' not in html
    response = client.post(url, {"opening_hours": "全天", "status": "suspended", "name": "改名"})
    assert response.status_code == 302
    providers.a_mine.refresh_from_db()
    assert (providers.a_mine.opening_hours, providers.a_mine.status, providers.a_mine.name) == (
        "全天", "suspended", "颐康仪凤桥助餐点")


def test_an_operator_sees_no_people(providers: Providers, login) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import HouseholdFactory

    HouseholdFactory(head__name="王秀英")
    html = login(providers.op_a).get(reverse("people:person_list")).content.decode()
    assert "王秀英" not in html
