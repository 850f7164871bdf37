"""``/api/regions/``: the division tree, cut to the user's scope."""

from __future__ import annotations

import pytest

from minzheng.core import messages
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db

AISHAN = "330502003000"


def codes(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_village_worker_sees_only_own_village(api):
    assert codes(api("village_worker").get("/api/regions/")) == [MY_VILLAGE]


def test_township_officer_sees_township_and_its_villages(api):
    assert codes(api("aishan_officer").get("/api/regions/")) == [AISHAN, MY_VILLAGE, NEIGHBOUR_VILLAGE]


def test_city_admin_sees_the_whole_city_paginated(api):
    body = api("city_admin").get("/api/regions/", {"page_size": 10}).json()
    assert body["count"] == 1 + 5 + 72 + 4 and len(body["results"]) == 10 and body["next"]


def test_nobody_sees_no_region(api):
    assert codes(api("nobody").get("/api/regions/")) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"level": "village"}, [MY_VILLAGE, NEIGHBOUR_VILLAGE]),
        ({"parent": AISHAN}, [MY_VILLAGE, NEIGHBOUR_VILLAGE]),
        ({"q": "南街"}, [NEIGHBOUR_VILLAGE]),
        ({"q": "330502003002"}, [NEIGHBOUR_VILLAGE]),
        ({"level": ""}, [AISHAN, MY_VILLAGE, NEIGHBOUR_VILLAGE]),
    ],
)
def test_filters(api, query, expected):
    assert codes(api("aishan_officer").get("/api/regions/", query)) == expected


def test_bad_level_is_400_in_chinese(api):
    response = api("aishan_officer").get("/api/regions/", {"level": "planet"})
    assert response.status_code == 400
    assert response.json() == {"level": ["“planet” 不是合法选项。"]}


def test_detail_in_scope(api):
    body = api("aishan_officer").get(f"/api/regions/{MY_VILLAGE}/").json()
    assert body == {"code": MY_VILLAGE, "name": "仪凤桥社区", "level": "village", "level_display": "村社区",
                    "kind": "社区", "parent": AISHAN, "full_name": body["full_name"]}
    assert body["full_name"].endswith("仪凤桥社区")


@pytest.mark.parametrize("code", [OTHER_COUNTY_VILLAGE, "330500000000", "999999999999", "x"])
def test_detail_out_of_scope_or_unknown_is_404(api, code):
    response = api("aishan_officer").get(f"/api/regions/{code}/")
    assert response.status_code == 404
    assert response.json() == {"detail": messages.NOT_FOUND}


def test_city_admin_renames_a_region(api):
    response = api("city_admin").patch(f"/api/regions/{MY_VILLAGE}/", {"name": "凤凰社区"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["full_name"] == "湖州市吴兴区爱山街道凤凰社区"


@pytest.mark.parametrize("persona", ["wuxing_officer", "aishan_officer", "village_worker", "auditor"])
def test_others_may_not_rename_regions(api, persona):
    response = api(persona).patch(f"/api/regions/{MY_VILLAGE}/", {"name": "凤凰社区"}, format="json")
    assert response.status_code == 403
    assert api("city_admin").get(f"/api/regions/{MY_VILLAGE}/").json()["name"] == "仪凤桥社区"


@pytest.mark.parametrize(("name", "message"), [
    ("", messages.REGION_NAME_REQUIRED),
    ("南街社区", messages.REGION_NAME_TAKEN.format(name="南街社区")),
    ("Fenghuang", messages.REGION_NAME_BAD_CHARACTERS),
])
def test_a_bad_new_name_is_400_naming_the_field(api, name, message):
    response = api("city_admin").patch(f"/api/regions/{MY_VILLAGE}/", {"name": name}, format="json")
    assert response.status_code == 400
    assert response.json() == {"name": [message]}
