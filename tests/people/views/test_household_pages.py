"""Household list and detail, and every member form: good paths and bad ones.

A bad path shows the Chinese reason on the page and writes nothing: the counts of people,
memberships and audit entries are the same after as before.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from minzheng.core import messages as core_messages
from minzheng.core.models import AccessLog, AuditEntry
from minzheng.people import messages
from minzheng.people.models import Household, Membership, Person
from minzheng.people.views import households as views
from tests.factories import HouseholdFactory, PersonFactory
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE
from tests.web.world import BAD_CHOICE, World, login

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "household-panel"}
NEW_ID = "11010519491231002X"


def worker(world: World) -> Client:
    return login(Client(), world.personas.village_worker)


def counts() -> tuple[int, int, int, int]:
    return Person.objects.count(), Household.objects.count(), Membership.objects.count(), AuditEntry.objects.count()


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


# List and detail -----------------------------------------------------------------------------------

def test_list_shows_households_in_scope_with_head_and_size(world: World) -> None:
    response = worker(world).get(reverse("people:household_list"))
    rows = list(response.context["page"])
    assert [h.pk for h in rows] == [world.mine.household.pk]
    assert rows[0].member_count == 2
    assert world.mine.head.name in response.text
    assert world.mine.head.id_number_masked in response.text


def test_list_finds_a_household_by_a_members_id_number(world: World) -> None:
    response = login(Client(), world.personas.wuxing_officer).get(
        reverse("people:household_list"), {"q": world.villages[OTHER_TOWNSHIP_VILLAGE].spouse.id_number},
        HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert [h.pk for h in response.context["page"]] == [world.villages[OTHER_TOWNSHIP_VILLAGE].household.pk]
    assert "<html" not in response.text


def test_list_filters_by_head_name(world: World) -> None:
    HouseholdFactory(region_code=NEIGHBOUR_VILLAGE, head=PersonFactory(name="钱多多", region_code=NEIGHBOUR_VILLAGE))
    response = login(Client(), world.personas.aishan_officer).get(reverse("people:household_list"), {"q": "钱"})
    assert [h.head.name for h in response.context["page"]] == ["钱多多"]


def test_detail_shows_members_masked(world: World) -> None:
    mine = world.mine
    response = worker(world).get(reverse("people:household_detail", args=[mine.household.pk]))
    assert response.status_code == 200
    for person in (mine.head, mine.spouse):
        assert person.name in response.text
        assert person.id_number_masked in response.text
        assert person.id_number not in response.text
        assert person.phone not in response.text
    assert "户主（本人）" in response.text
    assert "仪凤桥社区" in response.text


@pytest.mark.parametrize(("persona", "reads"), [("village_worker", 2), ("aishan_officer", 3)])
def test_detail_reads_the_household_once_and_logs_each_member_it_shows(world: World, persona: str, reads: int,
                                                                       django_assert_max_num_queries) -> None:
    mine = world.mine
    client = login(Client(), world.user(persona))
    url = reverse("people:household_detail", args=[mine.household.pk])
    client.get(url)
    before = AccessLog.objects.count()
    # Reads: the household with its head; its members; the village's name (none for the village's
    # own worker). The access log's rows: their chain and the rows, and on PostgreSQL the
    # transaction and its lock besides.
    access_log = 5 if connection.vendor == "postgresql" else 2
    with django_assert_max_num_queries(reads + access_log):
        response = client.get(url)
    assert "仪凤桥社区" in response.text
    logged = AccessLog.objects.order_by("id")[before:]
    assert sorted(int(row.subject_id) for row in logged) == sorted([mine.head.pk, mine.spouse.pk])
    # The page reads only the columns it shows: the rows still name each member and their village.
    assert sorted((row.subject_repr, row.region_code) for row in logged) == sorted(
        (p.name, p.region_code) for p in (mine.head, mine.spouse))


def test_detail_hides_the_forms_from_readers(world: World) -> None:
    response = login(Client(), world.personas.auditor).get(
        reverse("people:household_detail", args=[world.mine.household.pk]))
    assert response.status_code == 200
    assert reverse("people:member_add", args=[world.mine.household.pk]) not in response.text
    assert "移出" not in response.text


# Add a registered person ---------------------------------------------------------------------------

def test_add_member_with_htmx_answers_with_the_new_panel(world: World) -> None:
    mine = world.mine
    response = worker(world).post(reverse("people:member_add", args=[mine.household.pk]),
                                  {"add-id_number": mine.loner.id_number, "add-relationship": "child"}, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert mine.loner.name in response.text
    assert views.MEMBER_ADDED.format(name=mine.loner.name) in response.text
    assert 'hx-swap-oob="true"' in response.text  # the message lands in the page's message area
    membership = Membership.objects.get(person=mine.loner)
    assert (membership.household_id, membership.relationship) == (mine.household.pk, "child")
    entry = AuditEntry.objects.filter(action="people.household.member_added").latest("id")
    assert (entry.actor_name, entry.object_id, entry.after["person"]) == (
        "village_worker", str(mine.household.pk), mine.loner.pk)


def test_add_member_without_javascript_redirects_back(world: World) -> None:
    mine = world.mine
    client = worker(world)
    response = client.post(reverse("people:member_add", args=[mine.household.pk]),
                           {"add-id_number": mine.loner.id_number, "add-relationship": "child"})
    assert response.status_code == 302
    assert response["Location"] == reverse("people:household_detail", args=[mine.household.pk])
    page = client.get(response["Location"])
    assert views.MEMBER_ADDED.format(name=mine.loner.name) in page.text


@pytest.mark.parametrize(("data", "message"), [
    ({"add-id_number": NEW_ID, "add-relationship": "child"}, messages.PERSON_NOT_FOUND_CREATE),
    ({"add-id_number": "110105194912310021", "add-relationship": "child"}, core_messages.ID_NUMBER_BAD_CHECKSUM),
    ({"add-id_number": "", "add-relationship": "child"}, messages.MEMBER_PICK_OR_ID_NUMBER),
])
def test_add_member_bad_id_number(world: World, data: dict[str, str], message: str) -> None:
    before = counts()
    response = worker(world).post(reverse("people:member_add", args=[world.mine.household.pk]), data, **HTMX)
    assert response.status_code == 200
    assert response.context["add_form"].errors["id_number"] == [message]
    assert message in response.text
    assert counts() == before


def test_add_member_cannot_pick_self(world: World) -> None:
    before = counts()
    response = worker(world).post(reverse("people:member_add", args=[world.mine.household.pk]),
                                  {"add-id_number": world.mine.loner.id_number, "add-relationship": "self"})
    assert response.context["add_form"].errors["relationship"] == [BAD_CHOICE % {"value": "self"}]
    assert counts() == before


def test_add_member_who_is_in_another_household_points_to_move(world: World) -> None:
    other = HouseholdFactory(region_code=MY_VILLAGE)
    before = counts()
    response = worker(world).post(reverse("people:member_add", args=[world.mine.household.pk]),
                                  {"add-id_number": other.head.id_number, "add-relationship": "other"})
    expected = messages.ALREADY_IN_HOUSEHOLD.format(head=other.head.name)
    assert response.context["add_form"].errors["id_number"] == [expected]
    assert expected in response.text
    assert counts() == before


def test_add_member_who_is_already_here(world: World) -> None:
    before = counts()
    response = worker(world).post(reverse("people:member_add", args=[world.mine.household.pk]),
                                  {"add-id_number": world.mine.spouse.id_number, "add-relationship": "other"})
    assert response.context["add_form"].errors["id_number"] == [messages.ALREADY_IN_THIS_HOUSEHOLD]
    assert counts() == before


# Register and add ---------------------------------------------------------------------------------

def test_create_member_registers_and_adds_in_one_step(world: World) -> None:
    mine = world.mine
    response = worker(world).post(reverse("people:member_create", args=[mine.household.pk]), {
        "new-name": "张小宝", "new-id_number": NEW_ID, "new-phone": "13800001234", "new-relationship": "child",
    }, **HTMX)
    assert response.status_code == 200
    person = Person.objects.get(name="张小宝")
    assert (person.region_code, person.address_text) == (MY_VILLAGE, mine.household.address_text)
    assert Membership.objects.get(person=person).household_id == mine.household.pk
    assert audit_actions()[-2:] == ["people.person.created", "people.household.member_added"]
    assert "张小宝" in response.text


@pytest.mark.parametrize(("field", "value", "message"), [
    ("new-name", "Zhang3", core_messages.NAME_BAD_CHARACTERS),
    ("new-phone", "999", core_messages.PHONE_INVALID),
    ("new-id_number", "<the loner's>", messages.PERSON_ALREADY_REGISTERED),
])
def test_create_member_bad_input_writes_nothing(world: World, field: str, value: str, message: str) -> None:
    if field == "new-id_number":
        value = world.mine.loner.id_number
    data = {"new-name": "张小宝", "new-id_number": NEW_ID, "new-phone": "", "new-relationship": "child"}
    before = counts()
    response = worker(world).post(reverse("people:member_create", args=[world.mine.household.pk]),
                                  {**data, field: value}, **HTMX)
    assert response.status_code == 200
    assert response.context["create_form"].errors[field.removeprefix("new-")] == [message]
    assert message in response.text
    assert counts() == before


def test_create_member_with_a_known_id_number_keeps_the_access_log_row(world: World) -> None:
    from minzheng.core.models import AccessLog

    known = world.mine.loner
    response = worker(world).post(reverse("people:member_create", args=[world.mine.household.pk]), {
        "new-name": "张小宝", "new-id_number": known.id_number, "new-phone": "", "new-relationship": "child",
    }, **HTMX)
    assert response.status_code == 200
    assert AccessLog.objects.filter(subject_id=str(known.pk), actor=world.personas.village_worker,
                                    kind=AccessLog.Kind.LOOKUP).count() == 1


def test_create_member_needs_both_powers(world: World) -> None:
    before = counts()
    response = login(Client(), world.personas.auditor).post(
        reverse("people:member_create", args=[world.mine.household.pk]),
        {"new-name": "张小宝", "new-id_number": NEW_ID, "new-relationship": "child"})
    assert response.status_code == 403
    assert counts() == before


# Move in -------------------------------------------------------------------------------------------

def test_move_member_in_from_another_household(world: World) -> None:
    other = HouseholdFactory(region_code=NEIGHBOUR_VILLAGE)
    child = PersonFactory(region_code=NEIGHBOUR_VILLAGE)
    Membership.objects.create(household=other, person=child, relationship="child", region_code=NEIGHBOUR_VILLAGE)
    mine = world.mine
    client = login(Client(), world.personas.aishan_officer)
    response = client.post(reverse("people:member_move", args=[mine.household.pk]),
                           {"move-id_number": child.id_number, "move-relationship": "other"}, **HTMX)
    assert response.status_code == 200
    membership = Membership.objects.get(person=child)
    assert (membership.household_id, membership.relationship, membership.region_code) == (
        mine.household.pk, "other", MY_VILLAGE)
    entry = AuditEntry.objects.get(action="people.household.member_moved")
    assert entry.before["household"] == other.pk and entry.after["household"] == mine.household.pk
    assert views.MEMBER_MOVED.format(name=child.name) in response.text


@pytest.mark.parametrize(("who", "message", "field"), [
    ("loner", messages.NOT_IN_HOUSEHOLD, "id_number"),
    ("spouse", messages.SAME_HOUSEHOLD, "__all__"),
    ("stranger", messages.PERSON_NOT_FOUND, "id_number"),
])
def test_move_member_refusals(world: World, who: str, message: str, field: str) -> None:
    id_number = NEW_ID if who == "stranger" else getattr(world.mine, who).id_number
    before = counts()
    response = worker(world).post(reverse("people:member_move", args=[world.mine.household.pk]),
                                  {"move-id_number": id_number, "move-relationship": "other"}, **HTMX)
    assert response.status_code == 200
    assert response.context["move_form"].errors[field] == [message]
    assert message in response.text
    assert counts() == before


def test_move_the_head_of_a_household_with_members_is_refused(world: World) -> None:
    neighbour = HouseholdFactory(region_code=MY_VILLAGE)
    Membership.objects.create(household=neighbour, person=PersonFactory(), relationship="spouse",
                              region_code=MY_VILLAGE)
    before = counts()
    response = worker(world).post(reverse("people:member_move", args=[world.mine.household.pk]),
                                  {"move-id_number": neighbour.head.id_number, "move-relationship": "other"})
    assert response.context["move_form"].errors["id_number"] == [messages.HEAD_CANNOT_MOVE]
    assert counts() == before


# Row actions: relationship, remove ------------------------------------------------------------------

def test_change_a_members_relationship(world: World) -> None:
    membership = world.mine.spouse_membership
    response = worker(world).post(reverse("people:membership_update", args=[membership.pk]),
                                  {"relationship": "sibling"}, **HTMX)
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.relationship == "sibling"
    assert AuditEntry.objects.filter(action="people.household.member_updated").count() == 1
    assert "兄弟姐妹" in response.text


@pytest.mark.parametrize(("value", "message"), [
    ("self", messages.RELATIONSHIP_SELF_TAKEN),
    ("cousin", messages.RELATIONSHIP_INVALID),
])
def test_change_relationship_refusals(world: World, value: str, message: str) -> None:
    membership = world.mine.spouse_membership
    before = counts()
    response = worker(world).post(reverse("people:membership_update", args=[membership.pk]),
                                  {"relationship": value}, **HTMX)
    assert response.status_code == 200
    assert message in response.text
    membership.refresh_from_db()
    assert membership.relationship == "spouse"
    assert counts() == before


def test_remove_a_member(world: World) -> None:
    mine = world.mine
    response = worker(world).post(reverse("people:membership_remove", args=[mine.spouse_membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(person=mine.spouse).exists()
    assert Person.objects.filter(pk=mine.spouse.pk).exists()
    assert AuditEntry.objects.filter(action="people.household.member_removed").count() == 1


def test_remove_the_head_is_refused(world: World) -> None:
    head_membership = Membership.objects.get(person=world.mine.head)
    before = counts()
    client = worker(world)
    response = client.post(reverse("people:membership_remove", args=[head_membership.pk]), **HTMX)
    assert response.status_code == 200
    assert messages.HEAD_CANNOT_MOVE in response.text
    assert counts() == before


def test_remove_is_post_only(world: World) -> None:
    response = worker(world).get(reverse("people:membership_remove", args=[world.mine.spouse_membership.pk]))
    assert response.status_code == 405
    assert Membership.objects.filter(pk=world.mine.spouse_membership.pk).exists()


# Head ----------------------------------------------------------------------------------------------

def test_change_head(world: World) -> None:
    mine = world.mine
    response = worker(world).post(reverse("people:head_change", args=[mine.household.pk]),
                                  {"head-new_head": str(mine.spouse.pk), "head-old_head_relationship": "spouse"},
                                  **HTMX)
    assert response.status_code == 200
    mine.household.refresh_from_db()
    assert mine.household.head_id == mine.spouse.pk
    assert Membership.objects.get(person=mine.head).relationship == "spouse"
    assert AuditEntry.objects.filter(action="people.household.head_changed").count() == 1
    assert views.HEAD_CHANGED.format(name=mine.spouse.name) in response.text


def test_change_head_to_a_non_member_is_refused(world: World) -> None:
    mine = world.mine
    before = counts()
    response = worker(world).post(reverse("people:head_change", args=[mine.household.pk]),
                                  {"head-new_head": str(mine.loner.pk), "head-old_head_relationship": "spouse"})
    assert response.context["head_form"].errors["new_head"] == [BAD_CHOICE % {"value": mine.loner.pk}]
    mine.household.refresh_from_db()
    assert mine.household.head_id == mine.head.pk
    assert counts() == before


# Open a household -----------------------------------------------------------------------------------

def test_open_a_household_by_id_number(world: World) -> None:
    loner = world.mine.loner
    response = worker(world).post(reverse("people:household_create"),
                                  {"id_number": loner.id_number, "address_text": "新居1号"})
    household = Household.objects.get(head=loner)
    assert response["Location"] == reverse("people:household_detail", args=[household.pk])
    assert (household.region_code, household.address_text) == (MY_VILLAGE, "新居1号")
    assert Membership.objects.get(person=loner).relationship == "self"
    assert audit_actions()[-1] == "people.household.created"


@pytest.mark.parametrize(("who", "message"), [
    ("head", None),  # already heads a household
    ("stranger", messages.PERSON_NOT_FOUND),
    ("outsider", messages.PERSON_NOT_FOUND),  # registered, but outside the worker's scope
])
def test_open_a_household_refusals(world: World, who: str, message: str | None) -> None:
    id_number = {
        "head": world.mine.head.id_number,
        "stranger": NEW_ID,
        "outsider": world.villages[OTHER_TOWNSHIP_VILLAGE].loner.id_number,
    }[who]
    message = message or messages.ALREADY_IN_HOUSEHOLD.format(head=world.mine.head.name)
    before = counts()
    response = worker(world).post(reverse("people:household_create"), {"id_number": id_number})
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == [message]
    assert counts() == before


def test_open_a_household_from_the_person_page(world: World) -> None:
    loner = world.mine.loner
    response = worker(world).post(reverse("people:household_create_for_person", args=[loner.pk]))
    household = Household.objects.get(head=loner)
    assert response["Location"] == reverse("people:household_detail", args=[household.pk])


def test_open_a_household_from_the_person_page_for_someone_already_in_one(world: World) -> None:
    spouse = world.mine.spouse
    before = counts()
    client = worker(world)
    response = client.post(reverse("people:household_create_for_person", args=[spouse.pk]))
    assert response["Location"] == reverse("people:person_detail", args=[spouse.pk])
    assert messages.ALREADY_IN_HOUSEHOLD.format(head=world.mine.head.name) in client.get(response["Location"]).text
    assert counts() == before


def test_detail_links_each_member_and_form_to_the_urls_django_reverses(world: World) -> None:
    household = world.mine.household
    html = login(Client(), world.user("village_worker")).get(
        reverse("people:household_detail", args=[household.pk])).text
    for m in Membership.objects.filter(household=household):
        assert f'href="{reverse("people:person_detail", args=[m.person_id])}"' in html
        if m.relationship != "self":
            assert f'action="{reverse("people:membership_update", args=[m.pk])}"' in html
            assert f'hx-post="{reverse("people:membership_remove", args=[m.pk])}"' in html
    for name in ("member_add", "member_create", "member_move", "head_change"):
        assert f'hx-post="{reverse(f"people:{name}", args=[household.pk])}"' in html
    assert f'hx-get="{reverse("people:member_candidates", args=[household.pk])}"' in html
