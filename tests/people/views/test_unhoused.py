"""People with no household (未入户): a filter on the people list, and the add-member form finds
them by name, among the people the worker may see."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from minzheng.core.models import AuditEntry
from minzheng.people import messages
from minzheng.people.models import Membership
from minzheng.people.views import households as views
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, OTHER_TOWNSHIP_VILLAGE
from tests.web.world import World, login

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "household-panel"}
PEOPLE = reverse("people:person_list")


def names(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.name for p in response.context["page"]}


def test_the_people_list_filters_those_without_a_household(world: World) -> None:
    worker = login(Client(), world.personas.village_worker)
    response = worker.get(PEOPLE, {"unhoused": "on"})
    assert response.status_code == 200
    assert names(response) == {world.mine.loner.name}
    assert "未入户" in response.text
    everyone = names(worker.get(PEOPLE))
    assert {world.mine.head.name, world.mine.spouse.name, world.mine.loner.name} <= everyone


def test_the_unhoused_filter_stays_inside_the_scope(world: World) -> None:
    city = names(login(Client(), world.personas.city_admin).get(PEOPLE, {"unhoused": "on"}))
    assert city == {v.loner.name for v in world.villages.values()}
    county = names(login(Client(), world.personas.wuxing_officer).get(PEOPLE, {"unhoused": "on"}))
    assert county == {world.villages[MY_VILLAGE].loner.name, world.villages[OTHER_TOWNSHIP_VILLAGE].loner.name}


def test_the_unhoused_filter_combines_with_a_name(world: World) -> None:
    PersonFactory(name="周未入户", region_code=MY_VILLAGE)
    worker = login(Client(), world.personas.village_worker)
    assert names(worker.get(PEOPLE, {"unhoused": "on", "q": "周"})) == {"周未入户"}


def candidates(client: Client, household_pk: int, q: str):  # type: ignore[no-untyped-def]
    return client.get(reverse("people:member_candidates", args=[household_pk]), {"add-q": q},
                      HTTP_HX_REQUEST="true")


def test_the_add_member_form_finds_people_without_a_household_by_name(world: World) -> None:
    mine = world.mine
    namesake = PersonFactory(name=mine.loner.name, region_code=OTHER_COUNTY_VILLAGE)  # outside the scope
    worker = login(Client(), world.personas.village_worker)
    page = worker.get(reverse("people:household_detail", args=[mine.household.pk]))
    assert 'id="id_add-q"' in page.text  # the name search sits in the add-member form
    response = candidates(worker, mine.household.pk, mine.loner.name[:2])
    assert response.status_code == 200
    assert "<html" not in response.text
    found = [p.pk for p in response.context["candidates"]]
    assert found == [mine.loner.pk]
    assert namesake.pk not in found
    assert mine.loner.id_number_masked in response.text
    assert mine.loner.id_number not in response.text
    assert f'name="add-person" value="{mine.loner.pk}"' in response.text
    # Someone already in a household is not offered, even by their exact name.
    assert list(candidates(worker, mine.household.pk, mine.spouse.name).context["candidates"]) == []


def test_an_empty_search_offers_nobody(world: World) -> None:
    worker = login(Client(), world.personas.village_worker)
    response = candidates(worker, world.mine.household.pk, "")
    assert list(response.context["candidates"]) == []


def test_candidates_need_the_power_to_change_households(world: World) -> None:
    auditor = login(Client(), world.personas.auditor)
    assert candidates(auditor, world.mine.household.pk, "测").status_code == 403


def test_candidates_of_a_household_outside_the_scope_answer_404(world: World) -> None:
    worker = login(Client(), world.personas.village_worker)
    other = world.villages[OTHER_COUNTY_VILLAGE].household
    assert candidates(worker, other.pk, "测").status_code == 404


def test_add_a_member_picked_from_the_search(world: World) -> None:
    mine = world.mine
    worker = login(Client(), world.personas.village_worker)
    response = worker.post(reverse("people:member_add", args=[mine.household.pk]),
                           {"add-person": str(mine.loner.pk), "add-relationship": "child"}, **HTMX)
    assert response.status_code == 200
    assert views.MEMBER_ADDED.format(name=mine.loner.name) in response.text
    membership = Membership.objects.get(person=mine.loner)
    assert (membership.household_id, membership.relationship) == (mine.household.pk, "child")
    entry = AuditEntry.objects.filter(action="people.household.member_added").latest("id")
    assert (entry.actor_name, entry.after["person"]) == ("village_worker", mine.loner.pk)


def test_a_picked_person_outside_the_scope_is_not_found(world: World) -> None:
    mine = world.mine
    stranger = world.villages[OTHER_COUNTY_VILLAGE].loner
    worker = login(Client(), world.personas.village_worker)
    before = AuditEntry.objects.count()
    response = worker.post(reverse("people:member_add", args=[mine.household.pk]),
                           {"add-person": str(stranger.pk), "add-relationship": "child"}, **HTMX)
    assert response.status_code == 200
    assert response.context["add_form"].errors["person"] == [messages.PERSON_PICKED_NOT_FOUND]
    assert not Membership.objects.filter(person=stranger).exists()
    assert AuditEntry.objects.count() == before


def test_adding_a_member_needs_a_pick_or_an_id_number(world: World) -> None:
    worker = login(Client(), world.personas.village_worker)
    response = worker.post(reverse("people:member_add", args=[world.mine.household.pk]),
                           {"add-relationship": "child"}, **HTMX)
    assert response.context["add_form"].errors["id_number"] == [messages.MEMBER_PICK_OR_ID_NUMBER]
    assert messages.MEMBER_PICK_OR_ID_NUMBER in response.text
