"""``/api/doorplates/``: create, list, read, remove, counts and bulk, good and bad paths."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from minzheng.core.api import messages as api_messages
from minzheng.core.messages import NOT_AUTHENTICATED, NOT_FOUND, PERMISSION_DENIED
from minzheng.places import messages
from minzheng.places.models import Doorplate, DoorplateBatch
from tests.core.api.support import client_for
from tests.personas import (
    MY_VILLAGE,
    NEIGHBOUR_VILLAGE,
    OTHER_COUNTY_VILLAGE,
    OTHER_TOWNSHIP_VILLAGE,
    Personas,
)
from tests.places.doorplates.conftest import MANAGERS, SEES, VILLAGES, Village, make_road
from tests.places.factories import AddressFactory

pytestmark = pytest.mark.django_db
URL = "/api/doorplates/"


@pytest.fixture
def api(staff: Personas):  # type: ignore[no-untyped-def]
    return lambda name: client_for(staff, name)


def test_create(api, staff: Personas) -> None:  # type: ignore[no-untyped-def]
    address = AddressFactory(road=make_road(MY_VILLAGE))
    response = api("aishan_officer").post(URL, {"address": address.pk, "installed_on": "2024-06-01"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    plate = Doorplate.objects.get(address=address)
    assert body["id"] == plate.pk and body["token"] == plate.token and body["address_code"] == address.code
    assert body["public_url"].endswith(f"/d/{plate.token}") and body["status"] == "active"
    assert address.code not in body["token"]


def test_create_twice_answers_the_chinese_error(api) -> None:  # type: ignore[no-untyped-def]
    address = AddressFactory(road=make_road(MY_VILLAGE))
    client: APIClient = api("aishan_officer")
    client.post(URL, {"address": address.pk, "installed_on": "2024-06-01"}, format="json")
    response = client.post(URL, {"address": address.pk, "installed_on": "2024-07-01"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"address": [messages.DOORPLATE_EXISTS.format(installed_on="2024-06-01")]}


@pytest.mark.parametrize(("body", "errors"), [
    ({}, {"address": [messages.DOORPLATE_ADDRESS_REQUIRED], "installed_on": [messages.DOORPLATE_INSTALLED_ON_REQUIRED]}),
    ({"address": "abc", "installed_on": "2024-06-01"}, {"address": [messages.DOORPLATE_ADDRESS_NOT_FOUND]}),
    ({"address": 0, "installed_on": "2024-06-01"}, {"address": [messages.DOORPLATE_ADDRESS_NOT_FOUND]}),
    ({"address": 999999, "installed_on": "2024-06-01"}, {"address": [messages.DOORPLATE_ADDRESS_NOT_FOUND]}),
    ({"address": "mine", "installed_on": "06/01/2024"}, {"installed_on": [messages.DOORPLATE_INSTALLED_ON_INVALID]}),
    ({"address": "mine", "installed_on": "2099-01-01"}, {"installed_on": [messages.DOORPLATE_INSTALLED_ON_FUTURE]}),
    ({"address": "elsewhere", "installed_on": "2024-06-01"}, {"address": [messages.DOORPLATE_ADDRESS_NOT_FOUND]}),
])
def test_create_bad_input(api, body: dict, errors: dict) -> None:  # type: ignore[no-untyped-def]
    refs = {"mine": AddressFactory(road=make_road(MY_VILLAGE)).pk,
            "elsewhere": AddressFactory(road=make_road(OTHER_TOWNSHIP_VILLAGE)).pk}
    body = {k: refs.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    response = api("aishan_officer").post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert not Doorplate.objects.exists()


def test_create_bad_json(api) -> None:  # type: ignore[no-untyped-def]
    response = api("aishan_officer").post(URL, "{nope", content_type="application/json")
    assert response.status_code == 400 and response.json() == {"detail": api_messages.PARSE_ERROR}


@pytest.mark.parametrize("name", ["village_worker", "auditor", "nobody", "anonymous"])
def test_create_needs_the_power(api, name: str) -> None:  # type: ignore[no-untyped-def]
    address = AddressFactory(road=make_road(MY_VILLAGE))
    response = api(name).post(URL, {"address": address.pk, "installed_on": "2024-06-01"}, format="json")
    assert response.status_code == (401 if name == "anonymous" else 403)
    assert response.json() == {"detail": NOT_AUTHENTICATED if name == "anonymous" else PERMISSION_DENIED}


def test_list_and_detail_are_scoped(world: dict[str, Village], api) -> None:  # type: ignore[no-untyped-def]
    for name, sees in SEES.items():
        client = api(name)
        listed = {row["region_code"] for row in client.get(URL).json()["results"]}
        assert listed == sees, name
        for code in VILLAGES:
            response = client.get(f"{URL}{world[code].plate.pk}/")
            assert response.status_code == (200 if code in sees else 404), (name, code)
            if code not in sees:
                assert response.json() == {"detail": NOT_FOUND}


def test_list_filters(world: dict[str, Village], api) -> None:  # type: ignore[no-untyped-def]
    client = api("city_admin")
    rows = client.get(URL, {"region": "330523"}).json()["results"]
    assert [r["region_code"] for r in rows] == [OTHER_COUNTY_VILLAGE]
    assert client.get(URL, {"status": "removed"}).json()["results"] == []
    bad = client.get(URL, {"region": "33x", "status": "gone"})
    assert bad.status_code == 400 and set(bad.json()) == {"region", "status"}


def test_remove(world: dict[str, Village], api) -> None:  # type: ignore[no-untyped-def]
    plate = world[MY_VILLAGE].plate
    response = api("aishan_officer").post(f"{URL}{plate.pk}/remove/", {"reason": "拆迁"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "removed"
    again = api("aishan_officer").post(f"{URL}{plate.pk}/remove/", {}, format="json")
    assert again.status_code == 400 and again.json() == {"non_field_errors": [messages.DOORPLATE_ALREADY_REMOVED]}
    other = world[OTHER_COUNTY_VILLAGE].plate
    assert api("aishan_officer").post(f"{URL}{other.pk}/remove/", {}, format="json").status_code == 404
    assert api("village_worker").post(f"{URL}{plate.pk}/remove/", {}, format="json").status_code == 403


def test_counts(world: dict[str, Village], api) -> None:  # type: ignore[no-untyped-def]
    body = api("city_admin").get(f"{URL}counts/", {"level": "county"}).json()
    assert body["level"] == "county" and body["total"] == 4
    by_code = {r["region_code"]: r["count"] for r in body["regions"]}
    assert by_code["330502000000"] == 3 and by_code["330523000000"] == 1 and by_code["330521000000"] == 0
    body = api("aishan_officer").get(f"{URL}counts/", {"level": "village"}).json()
    assert {r["region_code"]: r["count"] for r in body["regions"]} == {MY_VILLAGE: 1, NEIGHBOUR_VILLAGE: 1}
    body = api("village_worker").get(f"{URL}counts/", {"level": "township"}).json()
    assert body["level"] == "village" and body["total"] == 1


@pytest.mark.parametrize("query", [{}, {"level": "city"}, {"level": "street"}])
def test_counts_bad_level(world: dict[str, Village], api, query: dict) -> None:  # type: ignore[no-untyped-def]
    response = api("city_admin").get(f"{URL}counts/", query)
    assert response.status_code == 400 and response.json() == {"level": [messages.COUNTS_LEVEL_INVALID]}


def test_bulk(api, staff: Personas) -> None:  # type: ignore[no-untyped-def]
    road = make_road(NEIGHBOUR_VILLAGE)
    AddressFactory.create_batch(4, road=road)
    response = api("aishan_officer").post(f"{URL}bulk/", {"village": NEIGHBOUR_VILLAGE}, format="json")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["village"] == NEIGHBOUR_VILLAGE and body["task_id"] and body["id"]
    # The test task backend runs the task at once; a worker would take a moment.
    status = api("aishan_officer").get(f"{URL}bulk/{body['id']}/").json()
    assert (status["status"], status["created"], status["percent"]) == ("done", 4, 100)
    assert api("anji_officer").get(f"{URL}bulk/{body['id']}/").status_code == 404
    assert Doorplate.objects.filter(region_code=NEIGHBOUR_VILLAGE).count() == 4


@pytest.mark.parametrize(("body", "errors"), [
    ({}, {"village": [messages.BATCH_VILLAGE_REQUIRED]}),
    ({"village": "33050200300x"}, {"village": [messages.BATCH_VILLAGE_INVALID]}),
    ({"village": OTHER_COUNTY_VILLAGE}, {"village": [messages.BATCH_VILLAGE_NOT_FOUND]}),
    ({"village": MY_VILLAGE, "installed_on": "2099-01-01"}, {"installed_on": [messages.DOORPLATE_INSTALLED_ON_FUTURE]}),
    ({"village": MY_VILLAGE, "installed_on": "soon"}, {"installed_on": [messages.DOORPLATE_INSTALLED_ON_INVALID]}),
])
def test_bulk_bad_input(api, body: dict, errors: dict) -> None:  # type: ignore[no-untyped-def]
    response = api("aishan_officer").post(f"{URL}bulk/", body, format="json")
    assert response.status_code == 400 and response.json() == errors
    assert not DoorplateBatch.objects.exists()


@pytest.mark.parametrize("name", [n for n in SEES if n not in MANAGERS])
def test_bulk_needs_the_power(api, name: str) -> None:  # type: ignore[no-untyped-def]
    response = api(name).post(f"{URL}bulk/", {"village": MY_VILLAGE}, format="json")
    assert response.status_code == 403


def test_schema_documents_the_doorplate_api(api) -> None:  # type: ignore[no-untyped-def]
    schema = api("city_admin").get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path in ("/api/doorplates/", "/api/doorplates/counts/", "/api/doorplates/bulk/",
                 "/api/doorplates/{id}/", "/api/doorplates/{id}/remove/", "/api/doorplates/bulk/{id}/"):
        assert path in paths, path
    assert "201" in paths["/api/doorplates/"]["post"]["responses"]


@pytest.mark.parametrize("path", ["abc/", "null,null/", f"{10**30}/", "0/", "-1/", "abc/remove/", f"{2**63}/remove/",
                                  "bulk/nope/", "bulk/123/"])
def test_malformed_ids_get_the_json_404(world: dict[str, Village], api, path: str) -> None:  # type: ignore[no-untyped-def]
    client = api("city_admin")
    response = client.post(URL + path, {}, format="json") if path.endswith("remove/") else client.get(URL + path)
    assert response.status_code == 404
    assert response.json() == {"detail": NOT_FOUND}


def test_huge_address_id_in_the_body(api) -> None:  # type: ignore[no-untyped-def]
    response = api("city_admin").post(URL, {"address": 10**30, "installed_on": "2024-06-01"}, format="json")
    assert response.status_code == 400 and response.json() == {"address": [messages.DOORPLATE_ADDRESS_NOT_FOUND]}


@pytest.mark.parametrize("name", ["city_admin", "wuxing_officer", "aishan_officer"])
def test_list_pages_through_every_plate_in_scope_once_forward_and_back(name, api, world):  # type: ignore[no-untyped-def]
    from tests.places.factories import DoorplateFactory

    for village in world.values():
        for _ in range(3):
            DoorplateFactory(address=AddressFactory(road=village.road))
    client = api(name)
    seen, pages, url = [], [], f"{URL}?page_size=2"
    while url:
        body = client.get(url).json()
        pages.append(body)
        seen += [(row["region_code"], row["id"]) for row in body["results"]]
        url = body["next"]
    expected = sorted(Doorplate.objects.filter(region_code__in=SEES[name]).values_list("region_code", "id"))
    assert seen == expected  # in (region_code, id) order, each once
    back, url = [], pages[-1]["previous"]
    while url:
        body = client.get(url).json()
        back = [(row["region_code"], row["id"]) for row in body["results"]] + back
        url = body["previous"]
    assert back + [(row["region_code"], row["id"]) for row in pages[-1]["results"]] == expected


def test_list_with_a_forged_cursor_is_a_404_naming_the_cursor(api):  # type: ignore[no-untyped-def]
    response = api("city_admin").get(f"{URL}?cursor=garbage")
    assert response.status_code == 404
    assert response.json()["detail"] == api_messages.INVALID_CURSOR
