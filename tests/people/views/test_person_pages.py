"""Person search, detail, reveal, and the person forms: good paths and bad ones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from minzheng.core import messages as core_messages
from minzheng.core.models import AccessLog, AuditEntry
from minzheng.people import messages
from minzheng.people.models import Membership, Person
from minzheng.people.views import persons as views
from tests.factories import PersonFactory, id_number_for
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE
from tests.web.world import BAD_DATE, REQUIRED, World, login

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}


def as_user(world: World, name: str) -> Client:
    return login(Client(), world.user(name))


def counts() -> tuple[int, int]:
    return Person.objects.count(), AuditEntry.objects.count()


# Search ------------------------------------------------------------------------------------------

def test_search_lists_only_people_in_scope(world: World) -> None:
    response = as_user(world, "village_worker").get(reverse("people:person_list"))
    assert response.status_code == 200
    page = response.context["page"]
    assert {p.region_code for p in page} == {MY_VILLAGE}
    assert len(page) == 3
    assert "仪凤桥社区" in response.text  # the village's name, not only its code


def test_search_by_name_prefix(world: World) -> None:
    wanted = PersonFactory(name="王小明")
    PersonFactory(name="小王")
    response = as_user(world, "aishan_officer").get(reverse("people:person_list"), {"q": "王小"})
    assert [p.pk for p in response.context["page"]] == [wanted.pk]


def test_search_by_exact_id_number_finds_one_and_shows_it_masked(world: World) -> None:
    head = world.mine.head
    response = as_user(world, "aishan_officer").get(reverse("people:person_list"), {"q": head.id_number}, **HTMX)
    assert [p.pk for p in response.context["page"]] == [head.pk]
    # The table shows it masked (the search box and the export link echo what the user typed).
    table = response.text.split("<table", 1)[1].split("</table>", 1)[0]
    assert head.id_number_masked in table
    assert head.id_number not in table
    assert head.phone not in response.text


def test_search_does_not_find_someone_outside_the_scope_by_id_number(world: World) -> None:
    other = world.villages[OTHER_TOWNSHIP_VILLAGE].head
    response = as_user(world, "aishan_officer").get(reverse("people:person_list"), {"q": other.id_number})
    assert list(response.context["page"]) == []
    assert "没有找到符合条件的人员" in response.text


def test_search_filters_by_region_and_status(world: World) -> None:
    PersonFactory(region_code=NEIGHBOUR_VILLAGE)
    dead = PersonFactory(region_code=NEIGHBOUR_VILLAGE, status="deceased", death_date=dt.date(2020, 1, 1))
    client = as_user(world, "aishan_officer")
    response = client.get(reverse("people:person_list"), {"region": NEIGHBOUR_VILLAGE, "status": "deceased"})
    assert [p.pk for p in response.context["page"]] == [dead.pk]
    # The region filter offers the township's villages only.
    codes = [code for code, _ in response.context["form"].fields["region"].choices]
    assert codes == ["", MY_VILLAGE, NEIGHBOUR_VILLAGE]


def test_search_with_a_region_outside_the_choices_shows_an_error_and_no_one(world: World) -> None:
    response = as_user(world, "aishan_officer").get(reverse("people:person_list"), {"region": "330523"})
    assert list(response.context["page"]) == []
    assert "errorlist" in response.text


def test_htmx_search_answers_with_the_results_table_only(world: World) -> None:
    response = as_user(world, "village_worker").get(reverse("people:person_list"), {"q": "测试"}, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "<table" in response.text
    assert "HX-Request" in response["Vary"]


def test_search_pages_through_results_without_counting_them(world: World) -> None:
    for n in range(55):
        PersonFactory(raw_id_number=id_number_for(500 + n))
    client = as_user(world, "village_worker")
    first = client.get(reverse("people:person_list"))
    assert len(first.context["page"]) == 50
    assert first.context["page"].has_next
    assert 'href="?page=2"' in first.text
    second = client.get(reverse("people:person_list"), {"q": "测试", "page": "2"})
    assert len(second.context["page"]) == 58 - 50
    assert not second.context["page"].has_next
    assert 'href="?q=%E6%B5%8B%E8%AF%95&amp;page=1"' in second.text  # the filters ride along
    junk = client.get(reverse("people:person_list"), {"page": "x"})
    assert junk.context["page"].number == 1
    absurd = client.get(reverse("people:person_list"), {"page": "9" * 40})
    assert absurd.status_code == 200
    assert list(absurd.context["page"]) == []



def test_a_page_of_fifty_people_is_one_query_for_the_village_worker(world: World,
                                                                   django_assert_max_num_queries) -> None:
    people = [PersonFactory(raw_id_number=id_number_for(600 + n)) for n in range(55)]
    client = as_user(world, "village_worker")
    client.get(reverse("people:person_list"))
    with django_assert_max_num_queries(1):  # the rows; the village's name comes with the worker
        page = client.get(reverse("people:person_list"))
    assert len(page.context["page"]) == 50
    first = page.context["page"].object_list[0]
    assert f'<a href="{reverse("people:person_detail", args=[first.pk])}">{first.name}</a>' in page.text
    assert people[0].id_number_masked in page.text and "仪凤桥社区" in page.text


# Detail and reveal --------------------------------------------------------------------------------

def test_detail_shows_masked_values_and_writes_a_view_row(world: World) -> None:
    head = world.mine.head
    response = as_user(world, "village_worker").get(reverse("people:person_detail", args=[head.pk]))
    assert response.status_code == 200
    assert head.id_number_masked in response.text
    assert head.phone_masked in response.text
    assert head.id_number not in response.text
    assert head.phone not in response.text
    log = AccessLog.objects.get()
    assert (log.kind, log.actor_name, log.subject_id, log.field, log.channel) == (
        "view", "village_worker", str(head.pk), "", "web")
    assert log.region_code == MY_VILLAGE
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_detail_shows_the_household_and_its_members(world: World) -> None:
    mine = world.mine
    response = as_user(world, "village_worker").get(reverse("people:person_detail", args=[mine.spouse.pk]))
    assert reverse("people:household_detail", args=[mine.household.pk]) in response.text
    assert mine.head.name in response.text
    assert "配偶" in response.text


def test_detail_of_someone_without_household_offers_to_open_one(world: World) -> None:
    loner = world.mine.loner
    response = as_user(world, "village_worker").get(reverse("people:person_detail", args=[loner.pk]))
    assert "尚未加入任何家庭户" in response.text
    assert reverse("people:household_create_for_person", args=[loner.pk]) in response.text


def test_detail_of_someone_whose_household_lies_elsewhere_says_so_and_shows_none_of_it(world: World) -> None:
    elsewhere = world.villages[OTHER_TOWNSHIP_VILLAGE]
    moved = PersonFactory(region_code=MY_VILLAGE)  # lives here, registered in a household elsewhere
    Membership.objects.create(household=elsewhere.household, person=moved, relationship="child",
                              region_code=elsewhere.code)
    response = as_user(world, "village_worker").get(reverse("people:person_detail", args=[moved.pk]))
    assert response.status_code == 200
    assert "所属家庭户不在您的管辖范围内" in response.text
    assert elsewhere.head.name not in response.text
    assert reverse("people:household_detail", args=[elsewhere.household.pk]) not in response.text


@pytest.mark.parametrize(("persona", "reads"), [("village_worker", 2), ("aishan_officer", 3)])
def test_detail_reads_the_person_and_household_in_a_few_queries(world: World, persona: str, reads: int,
                                                                django_assert_max_num_queries) -> None:
    client = as_user(world, persona)
    url = reverse("people:person_detail", args=[world.mine.spouse.pk])
    client.get(url)
    # Reads: the person with membership, household and head; the members; the village's name
    # (none for the village's own worker). The access log's row: its chain and the row, and on
    # PostgreSQL the transaction and its lock besides.
    access_log = 5 if connection.vendor == "postgresql" else 2
    with django_assert_max_num_queries(reads + access_log):
        response = client.get(url)
    assert world.mine.head.name in response.text


def test_detail_links_to_the_urls_django_reverses(world: World) -> None:
    """The page's links are one reversed prefix and numbers: they must stay the URLs Django reverses."""
    mine = world.mine
    html = as_user(world, "village_worker").get(reverse("people:person_detail", args=[mine.spouse.pk])).text
    for name in ("person_update", "person_record_death"):
        assert f'href="{reverse(f"people:{name}", args=[mine.spouse.pk])}"' in html
    officers = as_user(world, "aishan_officer").get(reverse("people:person_detail", args=[mine.spouse.pk])).text
    for field in ("id_number", "phone"):
        reveal = reverse("people:person_reveal", args=[mine.spouse.pk, field])
        assert f'action="{reveal}"' in officers
        assert f'hx-post="{reveal}"' in officers
    assert f'href="{reverse("people:household_detail", args=[mine.household.pk])}"' in html
    for m in Membership.objects.filter(household=mine.household).exclude(person=mine.spouse):
        assert f'href="{reverse("people:person_detail", args=[m.person_id])}"' in html
    loner = world.mine.loner
    html = as_user(world, "village_worker").get(reverse("people:person_detail", args=[loner.pk])).text
    assert f'action="{reverse("people:household_create_for_person", args=[loner.pk])}"' in html


def test_out_of_scope_detail_is_404_and_logs_nothing(world: World) -> None:
    other = world.villages[OTHER_TOWNSHIP_VILLAGE].head
    response = as_user(world, "village_worker").get(reverse("people:person_detail", args=[other.pk]))
    assert response.status_code == 404
    assert core_messages.NOT_FOUND in response.text
    assert not AccessLog.objects.exists()


def test_reveal_button_only_for_those_allowed(world: World) -> None:
    url = reverse("people:person_detail", args=[world.mine.head.pk])
    reveal = reverse("people:person_reveal", args=[world.mine.head.pk, "id_number"])
    assert reveal in as_user(world, "aishan_officer").get(url).text
    assert reveal not in as_user(world, "village_worker").get(url).text
    assert "查看</button>" not in as_user(world, "village_worker").get(url).text


@pytest.mark.parametrize("field", ["id_number", "phone"])
def test_reveal_swaps_in_the_clear_value_and_logs_the_field(world: World, field: str) -> None:
    head = world.mine.head
    url = reverse("people:person_reveal", args=[head.pk, field])
    response = as_user(world, "aishan_officer").post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text
    assert getattr(head, field) in response.text
    assert "no-store" in response["Cache-Control"]
    log = AccessLog.objects.get(kind="reveal")
    assert (log.actor_name, log.subject_id, log.field) == ("aishan_officer", str(head.pk), field)


def test_reveal_without_javascript_shows_a_page(world: World) -> None:
    head = world.mine.head
    response = as_user(world, "aishan_officer").post(reverse("people:person_reveal", args=[head.pk, "id_number"]))
    assert response.status_code == 200
    assert "<html" in response.text
    assert head.id_number in response.text


def test_reveal_without_the_permission_is_403_and_logs_nothing(world: World) -> None:
    head = world.mine.head
    response = as_user(world, "village_worker").post(reverse("people:person_reveal", args=[head.pk, "id_number"]))
    assert response.status_code == 403
    assert head.id_number not in response.text
    assert not AccessLog.objects.exists()


def test_reveal_of_another_field_is_refused(world: World) -> None:
    head = world.mine.head
    response = as_user(world, "aishan_officer").post(reverse("people:person_reveal", args=[head.pk, "address_text"]))
    assert response.status_code == 400
    assert "只能查看以下字段" in response.content.decode()
    assert not AccessLog.objects.exists()


def test_reveal_is_post_only(world: World) -> None:
    head = world.mine.head
    response = as_user(world, "aishan_officer").get(reverse("people:person_reveal", args=[head.pk, "id_number"]))
    assert response.status_code == 405
    assert not AccessLog.objects.exists()


# Add ---------------------------------------------------------------------------------------------

NEW_ID = "11010519491231002X"


def test_add_person(world: World) -> None:
    response = as_user(world, "village_worker").post(reverse("people:person_create"), {
        "id_number": NEW_ID, "name": "李四", "phone": "13912345678", "region_code": MY_VILLAGE,
        "address_text": "衣裳街1号",
    })
    person = Person.objects.get(name="李四")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])
    assert (person.id_number, person.phone, person.gender) == (NEW_ID, "13912345678", "F")
    assert AuditEntry.objects.filter(action="people.person.created", object_id=str(person.pk)).exists()


def test_add_person_form_offers_only_villages_in_scope(world: World) -> None:
    response = as_user(world, "aishan_officer").get(reverse("people:person_create"))
    codes = [code for code, _ in response.context["form"].fields["region_code"].choices]
    assert codes == [MY_VILLAGE, NEIGHBOUR_VILLAGE]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("id_number", "11010519491231002", core_messages.ID_NUMBER_BAD_LENGTH.format(length=17)),
    ("id_number", "110105194912310021", core_messages.ID_NUMBER_BAD_CHECKSUM),
    ("id_number", "110105194902300022", core_messages.ID_NUMBER_BAD_DATE),
    ("name", "Li4!", core_messages.NAME_BAD_CHARACTERS),
    ("phone", "12345", core_messages.PHONE_INVALID),
])
def test_add_person_bad_input_shows_the_reason_and_writes_nothing(
    world: World, field: str, value: str, message: str
) -> None:
    before = counts()
    data = {"id_number": NEW_ID, "name": "李四", "phone": "", "region_code": MY_VILLAGE, "address_text": ""}
    response = as_user(world, "village_worker").post(reverse("people:person_create"), {**data, field: value})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert message in response.text
    assert counts() == before


def test_add_person_twice_is_refused(world: World) -> None:
    before = counts()
    head = world.mine.head
    response = as_user(world, "village_worker").post(reverse("people:person_create"), {
        "id_number": head.id_number, "name": "重复", "region_code": MY_VILLAGE,
    })
    assert response.context["form"].errors["id_number"] == [messages.PERSON_ALREADY_REGISTERED]
    assert counts() == before


def test_add_person_outside_the_scope_is_refused(world: World) -> None:
    before = counts()
    response = as_user(world, "village_worker").post(reverse("people:person_create"), {
        "id_number": NEW_ID, "name": "李四", "region_code": OTHER_TOWNSHIP_VILLAGE,
    })
    assert response.status_code == 200
    assert response.context["form"].errors["region_code"]
    assert counts() == before


# Edit ---------------------------------------------------------------------------------------------

def test_edit_person(world: World) -> None:
    head = world.mine.head
    response = as_user(world, "aishan_officer").post(reverse("people:person_update", args=[head.pk]), {
        "name": "张新", "phone": "13700001111", "region_code": NEIGHBOUR_VILLAGE, "address_text": "新地址",
    })
    assert response.status_code == 302
    head.refresh_from_db()
    assert (head.name, head.phone, head.region_code, head.address_text) == (
        "张新", "13700001111", NEIGHBOUR_VILLAGE, "新地址")
    entry = AuditEntry.objects.get(action="people.person.updated")
    assert entry.diff["name"][1] == "张新"


def test_edit_person_with_a_blank_phone_keeps_it_and_the_box_removes_it(world: World) -> None:
    head = world.mine.head
    phone = head.phone
    client = as_user(world, "village_worker")
    url = reverse("people:person_update", args=[head.pk])
    data = {"name": head.name, "phone": "", "region_code": MY_VILLAGE, "address_text": ""}
    client.post(url, data)
    head.refresh_from_db()
    assert head.phone == phone
    client.post(url, {**data, "clear_phone": "on"})
    head.refresh_from_db()
    assert head.phone == ""


def test_edit_form_is_filled_in_and_never_shows_the_clear_phone(world: World) -> None:
    head = world.mine.head
    response = as_user(world, "village_worker").get(reverse("people:person_update", args=[head.pk]))
    assert f'value="{head.name}"' in response.text
    assert head.phone not in response.text
    assert head.id_number_masked in response.text


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "  ", REQUIRED),
    ("name", "张3", core_messages.NAME_BAD_CHARACTERS),
    ("phone", "0571-1234", core_messages.PHONE_INVALID),
])
def test_edit_person_bad_input_changes_nothing(world: World, field: str, value: str, message: str) -> None:
    head = world.mine.head
    before = (head.name, head.phone, AuditEntry.objects.count())
    data = {"name": "张新", "phone": "13700001111", "region_code": MY_VILLAGE, "address_text": ""}
    response = as_user(world, "village_worker").post(reverse("people:person_update", args=[head.pk]),
                                                     {**data, field: value})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    head.refresh_from_db()
    assert (head.name, head.phone, AuditEntry.objects.count()) == before


# Death ---------------------------------------------------------------------------------------------

def test_record_death(world: World) -> None:
    head = world.mine.head
    response = as_user(world, "village_worker").post(reverse("people:person_record_death", args=[head.pk]),
                                                     {"death_date": "2024-03-01"})
    assert response.status_code == 302
    head.refresh_from_db()
    assert (head.status, head.death_date) == ("deceased", dt.date(2024, 3, 1))
    assert AuditEntry.objects.filter(action="people.person.died").count() == 1
    follow = as_user(world, "village_worker").get(response["Location"])
    assert views.PERSON_DEATH_RECORDED in follow.text or "已故" in follow.text


@pytest.mark.parametrize(("value", "message"), [
    ("2999-01-01", messages.DEATH_DATE_IN_FUTURE),
    ("1900-01-01", messages.DEATH_DATE_BEFORE_BIRTH),
    ("昨天", BAD_DATE),
    ("", REQUIRED),
])
def test_record_death_bad_date_changes_nothing(world: World, value: str, message: str) -> None:
    head = world.mine.head
    audits = AuditEntry.objects.count()
    response = as_user(world, "village_worker").post(reverse("people:person_record_death", args=[head.pk]),
                                                     {"death_date": value})
    assert response.status_code == 200
    assert message in response.context["form"].errors["death_date"]
    assert message in response.text
    head.refresh_from_db()
    assert head.status == "alive"
    assert AuditEntry.objects.count() == audits


def test_record_death_twice_is_refused(world: World) -> None:
    head = world.mine.head
    client = as_user(world, "village_worker")
    url = reverse("people:person_record_death", args=[head.pk])
    client.post(url, {"death_date": "2024-03-01"})
    response = client.post(url, {"death_date": "2024-03-02"})
    assert response.context["form"].errors["death_date"] == [messages.PERSON_DECEASED]
    assert AuditEntry.objects.filter(action="people.person.died").count() == 1


def test_search_offers_an_export_of_the_same_filters_to_those_allowed(world: World) -> None:
    params = {"q": "测试", "status": "alive", "page": "1"}
    response = as_user(world, "village_worker").get(reverse("people:person_list"), params)
    export = reverse("people_io:export")
    assert f'href="{export}?q=%E6%B5%8B%E8%AF%95&amp;status=alive"' in response.text
    assert export not in as_user(world, "auditor").get(reverse("people:person_list"), params).text
