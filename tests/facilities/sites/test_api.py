"""``/api/facilities/``: list with filters, register, read, change; Chinese errors naming the
field; a provider operator may change only the opening hours and status of their own sites."""

from __future__ import annotations

import pytest

from minzheng.core.models import AuditEntry
from minzheng.facilities import messages
from minzheng.facilities.models import Facility
from tests.facilities.conftest import Providers
from tests.facilities.factories import FacilityFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, Personas
from tests.places.factories import AddressFactory

pytestmark = pytest.mark.django_db


def test_register_and_read_a_facility(personas: Personas, providers: Providers, api) -> None:  # type: ignore[no-untyped-def]
    address = AddressFactory()
    client = api(personas.aishan_officer)
    response = client.post("/api/facilities/", {
        "name": "仪凤桥社区居家养老服务中心", "kind": "community_care_centre", "address": address.pk,
        "operator": providers.a.pk, "capacity": 30, "floor_area": "850.00", "opened_on": "2018-06-01",
        "rebuilt_on": "2024-03-01", "opening_hours": "8:00-17:00", "tags": ["day_care", "respite"]}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind_display"] == "社区居家养老服务中心" and body["region_code"] == MY_VILLAGE
    assert body["address_text"] == address.full_text and body["operator_name"] == providers.a.name
    assert body["lng"] == pytest.approx(120.0868) and body["floor_area"] == "850.00"
    assert body["tags"] == ["day_care", "respite"] and body["status"] == "open" and body["public"] is True
    assert client.get(f"/api/facilities/{body['id']}/").json() == body
    assert AuditEntry.objects.filter(action="facilities.facility.created", object_id=str(body["id"])).count() == 1


def test_errors_name_the_field_in_chinese(personas: Personas, api) -> None:  # type: ignore[no-untyped-def]
    response = api(personas.aishan_officer).post("/api/facilities/", {
        "name": "x", "kind": "meal_site", "region_code": OTHER_COUNTY_VILLAGE, "address_text": "某路1号",
        "address": 10**6, "service_phone": "12"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"address": [messages.FACILITY_ADDRESS_NOT_FOUND]}
    response = api(personas.aishan_officer).post("/api/facilities/", {
        "name": "x", "kind": "meal_site", "region_code": OTHER_COUNTY_VILLAGE, "address_text": "某路1号",
        "service_phone": "12", "opened_on": "2020-13-01"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"opened_on": [messages.FACILITY_DATE_INVALID]}
    response = api(personas.aishan_officer).post("/api/facilities/", {
        "name": "x", "kind": "meal_site", "region_code": OTHER_COUNTY_VILLAGE, "address_text": "某路1号",
        "service_phone": "12"}, format="json")
    assert response.json() == {"region_code": [messages.FACILITY_REGION_OUT_OF_SCOPE],
                               "service_phone": [messages.FACILITY_PHONE_INVALID]}
    assert not Facility.objects.exists()


def test_registering_needs_the_permission(personas: Personas, api) -> None:  # type: ignore[no-untyped-def]
    response = api(personas.village_worker).post("/api/facilities/", {"name": "x", "kind": "meal_site"},
                                                 format="json")
    assert response.status_code == 403
    assert api(None).get("/api/facilities/").status_code == 401


def test_list_filters(personas: Personas, api) -> None:  # type: ignore[no-untyped-def]
    FacilityFactory(name="甲助餐点", tags=["rural"])
    FacilityFactory(name="乙养老院", kind=Facility.Kind.CARE_HOME, status=Facility.Status.SUSPENDED, tags=["sojourn"])
    FacilityFactory(name="丙公墓", kind=Facility.Kind.CEMETERY, region_code="330502003002")
    client = api(personas.city_admin)

    def names(**query: str) -> set[str]:
        response = client.get("/api/facilities/", query)
        assert response.status_code == 200, response.json()
        return {row["name"] for row in response.json()["results"]}

    assert names() == {"甲助餐点", "乙养老院", "丙公墓"}
    assert names(kind="care_home") == {"乙养老院"}
    assert names(status="suspended") == {"乙养老院"}
    assert names(tag="sojourn") == {"乙养老院"}
    assert names(region="330502003002") == {"丙公墓"}
    assert names(q="助餐") == {"甲助餐点"}
    assert client.get("/api/facilities/", {"region": "abc"}).status_code == 400


def test_a_manager_changes_any_field(personas: Personas, api) -> None:  # type: ignore[no-untyped-def]
    site = FacilityFactory()
    response = api(personas.aishan_officer).patch(f"/api/facilities/{site.pk}/", {
        "name": "新名字", "public": False, "lng": 120.091671, "lat": 30.891956, "coord": "gcj02"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["name"] == "新名字" and body["public"] is False
    assert body["lng"] == pytest.approx(120.0868, abs=2e-6) and body["lat"] == pytest.approx(30.8940, abs=2e-6)


def test_an_operator_may_patch_only_hours_and_status(providers: Providers, api) -> None:  # type: ignore[no-untyped-def]
    client = api(providers.op_a)
    url = f"/api/facilities/{providers.a_mine.pk}/"
    response = client.patch(url, {"opening_hours": "10:00-14:00", "status": "suspended"}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["opening_hours"], response.json()["status"]) == ("10:00-14:00", "suspended")
    response = client.patch(url, {"name": "改名", "capacity": 5, "status": "open"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [messages.FACILITY_OPERATOR_FIELDS_ONLY.format(
        fields="capacity、name")]}
    providers.a_mine.refresh_from_db()
    assert (providers.a_mine.name, providers.a_mine.status) == ("颐康仪凤桥助餐点", "suspended")
    assert client.post("/api/facilities/", {"name": "x", "kind": "meal_site"}, format="json").status_code == 403
