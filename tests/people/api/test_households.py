"""``/api/households/``: list, create, detail, members (add, move, update, remove), head."""

from __future__ import annotations

import pytest

from minzheng.core import messages as core_messages
from minzheng.core.api import messages as api_messages
from minzheng.people import messages, services
from minzheng.people.models import Household, Membership
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db


def members(household: Household) -> dict[int, str]:
    return dict(Membership.objects.filter(household=household).values_list("person_id", "relationship"))


# --- list --------------------------------------------------------------------------------------


def test_list_shows_only_households_in_scope(api, world):
    rows = api("village_worker").get("/api/households/").json()["results"]
    mine = world[MY_VILLAGE]
    assert {r["id"] for r in rows} == {mine.household.pk, mine.other_household.pk}
    row = next(r for r in rows if r["id"] == mine.household.pk)
    assert (row["head"], row["head_name"], row["member_count"]) == (mine.head.pk, mine.head.name, 3)


def test_search_by_head_name(api, mine):
    rows = api("village_worker").get("/api/households/", {"q": mine.other_head.name}).json()["results"]
    assert [r["id"] for r in rows] == [mine.other_household.pk]


def test_search_by_any_members_id_number(api, mine):
    rows = api("village_worker").get("/api/households/", {"q": mine.child.id_number}).json()["results"]
    assert [r["id"] for r in rows] == [mine.household.pk]


def test_list_is_cursor_paginated(api, mine):
    page = api("village_worker").get("/api/households/", {"page_size": 1}).json()
    assert len(page["results"]) == 1 and "cursor=" in page["next"] and page["previous"] is None


# --- create ------------------------------------------------------------------------------------


def test_create_household_with_head(api, mine):
    response = api("village_worker").post("/api/households/", {"head": mine.free.pk, "address_text": "北街3号"},
                                          format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["head"] == mine.free.pk and body["address_text"] == "北街3号" and body["region_code"] == MY_VILLAGE
    assert [(m["person"], m["relationship"]) for m in body["members"]] == [(mine.free.pk, "self")]


def test_create_without_address_takes_the_heads(api, mine):
    body = api("village_worker").post("/api/households/", {"head": mine.free.pk}, format="json").json()
    assert body["address_text"] == mine.free.address_text


def test_create_with_a_head_already_in_a_household_is_refused(api, mine):
    response = api("village_worker").post("/api/households/", {"head": mine.spouse.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"head": [messages.ALREADY_IN_HOUSEHOLD.format(head=mine.head.name)]}


def test_create_with_head_out_of_scope_is_404_not_400(api, world):
    stranger = world[NEIGHBOUR_VILLAGE].free
    response = api("village_worker").post("/api/households/", {"head": stranger.pk}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": core_messages.NOT_FOUND}
    assert not Household.objects.filter(head=stranger).exists()


@pytest.mark.parametrize(("body", "reason"), [({}, api_messages.ID_REQUIRED), ({"head": "abc"}, api_messages.ID_INVALID)])
def test_create_needs_a_head_number(api, personas, body, reason):
    response = api("village_worker").post("/api/households/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"head": [reason]}


# --- detail ------------------------------------------------------------------------------------


def test_detail_lists_members_masked_with_relationship(api, mine):
    body = api("village_worker").get(f"/api/households/{mine.household.pk}/").json()
    assert body["member_count"] == 3
    by_person = {m["person"]: m for m in body["members"]}
    assert {p: m["relationship"] for p, m in by_person.items()} == {
        mine.head.pk: "self", mine.spouse.pk: "spouse", mine.child.pk: "child"}
    assert by_person[mine.spouse.pk]["relationship_display"] == "配偶"
    assert by_person[mine.spouse.pk]["id_number"] == mine.spouse.id_number_masked
    assert mine.spouse.id_number not in str(body)


def test_reading_a_household_logs_one_access_row_per_member_on_page_and_api(api, mine, personas):
    from django.test import Client
    from django.urls import reverse

    from minzheng.core.models import AccessLog

    api("village_worker").get(f"/api/households/{mine.household.pk}/")
    shown = {str(mine.head.pk), str(mine.spouse.pk), str(mine.child.pk)}
    logged = AccessLog.objects.filter(actor=personas.village_worker, kind="view")
    assert set(logged.filter(channel="api").values_list("subject_id", flat=True)) == shown
    client = Client()
    client.force_login(personas.village_worker, backend="minzheng.core.permission_cache.CachedPermissionBackend")
    assert client.get(reverse("people:household_detail", args=[mine.household.pk])).status_code == 200
    assert set(logged.filter(channel="web").values_list("subject_id", flat=True)) == shown


def test_detail_out_of_scope_is_404(api, world):
    response = api("village_worker").get(f"/api/households/{world[NEIGHBOUR_VILLAGE].household.pk}/")
    assert response.status_code == 404


# --- members -----------------------------------------------------------------------------------


def test_add_member(api, mine):
    response = api("village_worker").post(f"/api/households/{mine.household.pk}/members/",
                                          {"person": mine.free.pk, "relationship": "parent"}, format="json")
    assert response.status_code == 201
    assert response.json()["person"] == mine.free.pk and response.json()["relationship_display"] == "父母"
    assert members(mine.household)[mine.free.pk] == "parent"


def test_add_member_already_in_another_household_is_refused(api, mine):
    response = api("village_worker").post(f"/api/households/{mine.household.pk}/members/",
                                          {"person": mine.movable.pk, "relationship": "child"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"person": [messages.ALREADY_IN_HOUSEHOLD.format(head=mine.other_head.name)]}


def test_add_member_from_out_of_scope_is_404(api, world, mine):
    stranger = world[OTHER_COUNTY_VILLAGE].free
    response = api("village_worker").post(f"/api/households/{mine.household.pk}/members/",
                                          {"person": stranger.pk, "relationship": "child"}, format="json")
    assert response.status_code == 404
    assert not Membership.objects.filter(person=stranger).exists()


@pytest.mark.parametrize(
    ("relationship", "reason"),
    [("self", messages.RELATIONSHIP_SELF_TAKEN), ("cousin", messages.RELATIONSHIP_INVALID),
     ("", messages.RELATIONSHIP_INVALID)],
)
def test_add_member_with_bad_relationship_is_refused_in_chinese(api, mine, relationship, reason):
    response = api("village_worker").post(f"/api/households/{mine.household.pk}/members/",
                                          {"person": mine.free.pk, "relationship": relationship}, format="json")
    assert response.status_code == 400
    assert response.json() == {"relationship": [reason]}


def test_move_member_into_this_household(api, mine):
    response = api("village_worker").post(f"/api/households/{mine.household.pk}/members/move/",
                                          {"person": mine.movable.pk, "relationship": "grandchild"}, format="json")
    assert response.status_code == 200, response.json()
    assert members(mine.household)[mine.movable.pk] == "grandchild"
    assert mine.movable.pk not in members(mine.other_household)


def test_move_the_head_of_a_household_with_members_is_refused(api, mine):
    response = api("village_worker").post(f"/api/households/{mine.household.pk}/members/move/",
                                          {"person": mine.other_head.pk, "relationship": "other"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"person": [messages.HEAD_CANNOT_MOVE]}


def test_move_into_the_same_household_is_refused(api, mine):
    response = api("village_worker").post(f"/api/households/{mine.household.pk}/members/move/",
                                          {"person": mine.child.pk, "relationship": "other"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"to_household": [messages.SAME_HOUSEHOLD]}


def test_move_a_person_in_no_household_is_refused(api, mine):
    response = api("village_worker").post(f"/api/households/{mine.household.pk}/members/move/",
                                          {"person": mine.free.pk, "relationship": "other"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"person": [messages.NOT_IN_HOUSEHOLD]}


def test_move_out_of_a_household_outside_scope_is_404(api, world, mine, personas):
    # A person of my village who is registered in a household of the neighbouring village.
    lodger = PersonFactory(region_code=MY_VILLAGE)
    services.household_member_add(actor=personas.city_admin, household=world[NEIGHBOUR_VILLAGE].household,
                                  person=lodger, relationship="other")
    response = api("village_worker").post(f"/api/households/{mine.household.pk}/members/move/",
                                          {"person": lodger.pk, "relationship": "other"}, format="json")
    assert response.status_code == 404
    assert members(world[NEIGHBOUR_VILLAGE].household)[lodger.pk] == "other"


def test_update_member_relationship(api, mine):
    response = api("village_worker").patch(f"/api/households/{mine.household.pk}/members/{mine.child.pk}/",
                                           {"relationship": "grandchild"}, format="json")
    assert response.status_code == 200
    assert members(mine.household)[mine.child.pk] == "grandchild"


def test_update_the_heads_relationship_is_refused(api, mine):
    response = api("village_worker").patch(f"/api/households/{mine.household.pk}/members/{mine.head.pk}/",
                                           {"relationship": "spouse"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"relationship": [messages.RELATIONSHIP_SELF_TAKEN]}


def test_member_of_another_household_is_404_under_this_one(api, mine):
    response = api("village_worker").patch(f"/api/households/{mine.household.pk}/members/{mine.movable.pk}/",
                                           {"relationship": "other"}, format="json")
    assert response.status_code == 404


def test_remove_member(api, mine):
    response = api("village_worker").delete(f"/api/households/{mine.household.pk}/members/{mine.child.pk}/")
    assert response.status_code == 204
    assert mine.child.pk not in members(mine.household)


def test_remove_the_head_is_refused(api, mine):
    response = api("village_worker").delete(f"/api/households/{mine.household.pk}/members/{mine.head.pk}/")
    assert response.status_code == 400
    assert response.json() == {"person": [messages.HEAD_CANNOT_MOVE]}


def test_change_head(api, mine):
    response = api("village_worker").post(f"/api/households/{mine.household.pk}/head/",
                                          {"head": mine.spouse.pk, "old_head_relationship": "spouse"}, format="json")
    assert response.status_code == 200
    assert response.json()["head"] == mine.spouse.pk
    assert members(mine.household) == {mine.spouse.pk: "self", mine.head.pk: "spouse", mine.child.pk: "child"}


def test_change_head_to_a_non_member_is_refused(api, mine):
    response = api("village_worker").post(f"/api/households/{mine.household.pk}/head/",
                                          {"head": mine.free.pk, "old_head_relationship": "spouse"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"head": [messages.HEAD_NOT_MEMBER]}


@pytest.mark.parametrize("persona", ["auditor", "nobody"])
def test_household_writes_need_permission(api, mine, persona):
    client = api(persona)
    calls = [
        client.post("/api/households/", {"head": mine.free.pk}, format="json"),
        client.post(f"/api/households/{mine.household.pk}/members/", {"person": mine.free.pk,
                                                                        "relationship": "child"}, format="json"),
        client.delete(f"/api/households/{mine.household.pk}/members/{mine.child.pk}/"),
    ]
    assert [c.status_code for c in calls] == [403, 403, 403]
    assert members(mine.household) == {mine.head.pk: "self", mine.spouse.pk: "spouse", mine.child.pk: "child"}
