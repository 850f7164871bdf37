"""``/api/people/``: search, register, read, correct, reveal."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core import messages as core_messages
from minzheng.core.api import messages as api_messages
from minzheng.core.idnumber import make_id_number
from minzheng.core.models import AccessLog
from minzheng.people import messages
from minzheng.people.models import Person
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db

GOOD_ID = make_id_number("330502", dt.date(1961, 3, 9), 123)  # an odd sequence: a man


def bad_checksum(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


def new_person(**overrides: str) -> dict[str, str]:
    return {"id_number": GOOD_ID, "name": "王建国", "region_code": MY_VILLAGE, "phone": "13812345678",
            "address_text": "红旗路1号", **overrides}


def ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [row["id"] for row in response.json()["results"]]


# --- list and search -------------------------------------------------------------------------


def test_list_shows_only_people_in_scope(api, world):
    response = api("village_worker").get("/api/people/")
    assert response.status_code == 200
    mine = world[MY_VILLAGE]
    expected = {p.pk for p in (mine.head, mine.spouse, mine.child, mine.other_head, mine.movable, mine.free,
                               mine.free2)}
    assert set(ids(response)) == expected


def test_list_output_is_masked(api, mine):
    rows = api("city_admin").get("/api/people/", {"q": mine.head.name}).json()["results"]
    row = next(r for r in rows if r["id"] == mine.head.pk)
    assert row["id_number"] == mine.head.id_number_masked
    assert "*" in row["id_number"] and mine.head.id_number not in str(rows)
    assert row["phone"] == mine.head.phone_masked and "*" in row["phone"]
    assert row["household"] == mine.household.pk
    assert {"gender", "birth_date", "age", "region_code", "status"} <= set(row)


def test_search_by_name_prefix(api, mine):
    person = PersonFactory(name="欧阳修远", region_code=MY_VILLAGE)
    response = api("village_worker").get("/api/people/", {"q": "欧阳"})
    assert ids(response) == [person.pk]


def test_search_by_exact_id_number_finds_one_person(api, mine):
    response = api("village_worker").get("/api/people/", {"q": mine.spouse.id_number})
    assert ids(response) == [mine.spouse.pk]


def test_search_by_id_number_out_of_scope_finds_nothing(api, world):
    stranger = world[OTHER_COUNTY_VILLAGE].head
    assert ids(api("village_worker").get("/api/people/", {"q": stranger.id_number})) == []


def test_filter_by_region_code(api, world):
    response = api("aishan_officer").get("/api/people/", {"region_code": NEIGHBOUR_VILLAGE})
    assert set(ids(response)) and all(row["region_code"] == NEIGHBOUR_VILLAGE for row in response.json()["results"])


def test_list_paginates_with_a_cursor(api, mine):
    first = api("village_worker").get("/api/people/", {"page_size": 3}).json()
    assert len(first["results"]) == 3 and first["next"] and "cursor=" in first["next"]
    second = api("village_worker").get(first["next"]).json()
    assert not set(r["id"] for r in first["results"]) & set(r["id"] for r in second["results"])


def test_stale_cursor_is_a_chinese_404(api, mine):
    response = api("village_worker").get("/api/people/", {"cursor": "garbage"})
    assert response.status_code == 404
    assert response.json()["detail"] == api_messages.INVALID_CURSOR


# --- create ------------------------------------------------------------------------------------


def test_create_registers_person_with_gender_and_birth_date_from_id(api, personas):
    response = api("village_worker").post("/api/people/", new_person(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["gender"] == "M" and body["birth_date"] == "1961-03-09"
    assert body["id_number"] == GOOD_ID[:6] + "*" * 8 + GOOD_ID[-4:]
    assert body["phone"] == "138****5678"
    assert Person.objects.get(pk=body["id"]).id_number == GOOD_ID


@pytest.mark.parametrize(
    ("id_number", "reason"),
    [
        (bad_checksum(GOOD_ID), core_messages.ID_NUMBER_BAD_CHECKSUM),
        ("330502199902300011", core_messages.ID_NUMBER_BAD_DATE),
        ("33050219610309123", core_messages.ID_NUMBER_BAD_LENGTH.format(length=17)),
        ("3305021961030912345", core_messages.ID_NUMBER_BAD_LENGTH.format(length=19)),
        ("33050219610309A23X", core_messages.ID_NUMBER_BAD_CHARACTERS),
        (make_id_number("330502", dt.date.today() + dt.timedelta(days=30), 1), core_messages.ID_NUMBER_FUTURE_DATE),
        ("", core_messages.ID_NUMBER_REQUIRED),
    ],
    ids=["checksum", "date", "too-short", "too-long", "characters", "future", "blank"],
)
def test_invalid_id_number_is_400_naming_the_field_and_reason(api, personas, id_number, reason):
    response = api("village_worker").post("/api/people/", new_person(id_number=id_number), format="json")
    assert response.status_code == 400
    assert response.json() == {"id_number": [reason]}
    assert not Person.objects.exists()


def test_missing_fields_are_named_in_chinese(api, personas):
    response = api("village_worker").post("/api/people/", {}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "id_number": [core_messages.ID_NUMBER_REQUIRED],
        "name": [core_messages.NAME_REQUIRED],
        "region_code": [core_messages.REGION_REQUIRED],
    }


def test_duplicate_id_number_is_refused(api, mine):
    response = api("village_worker").post("/api/people/", new_person(id_number=mine.head.id_number), format="json")
    assert response.status_code == 400
    assert response.json() == {"id_number": [messages.PERSON_ALREADY_REGISTERED]}


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("phone", "12345", core_messages.PHONE_INVALID),
        ("name", "王" * 51, core_messages.NAME_TOO_LONG.format(max=50)),
        ("name", "Robert'); DROP", core_messages.NAME_BAD_CHARACTERS),
        ("address_text", "路" * 201, messages.ADDRESS_TOO_LONG.format(max=200)),
        ("region_code", "330502003", core_messages.REGION_NOT_VILLAGE),
        ("region_code", "330502003999", core_messages.REGION_UNKNOWN.format(code="330502003999")),
        ("region_code", NEIGHBOUR_VILLAGE, core_messages.REGION_OUT_OF_SCOPE),
    ],
)
def test_invalid_fields_are_400_in_chinese(api, personas, field, value, reason):
    response = api("village_worker").post("/api/people/", new_person(**{field: value}), format="json")
    assert response.status_code == 400
    assert response.json() == {field: [reason]}


def test_a_value_of_the_wrong_type_is_refused_in_chinese(api, personas):
    response = api("village_worker").post("/api/people/", new_person(name=["王"]), format="json")
    assert response.status_code == 400
    assert response.json() == {"name": ["不是有效的字符串。"]}


# --- detail ------------------------------------------------------------------------------------


def test_detail_is_masked_and_writes_a_view_row(api, personas, mine):
    response = api("village_worker").get(f"/api/people/{mine.spouse.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["id_number"] == mine.spouse.id_number_masked and body["phone"] == mine.spouse.phone_masked
    assert body["household"] == mine.household.pk and body["relationship"] == "spouse"
    assert body["relationship_display"] == "配偶"
    row = AccessLog.objects.get()
    assert (row.kind, row.subject_id, row.actor, row.channel, row.field) == (
        "view", str(mine.spouse.pk), personas.village_worker, "api", "")


def test_village_worker_cannot_read_person_in_other_village(api, world):
    stranger = world[NEIGHBOUR_VILLAGE].head
    response = api("village_worker").get(f"/api/people/{stranger.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": core_messages.NOT_FOUND}
    assert not AccessLog.objects.exists()


def test_missing_person_is_404_like_out_of_scope(api, personas):
    assert api("city_admin").get("/api/people/999999/").json() == {"detail": core_messages.NOT_FOUND}


# --- update ------------------------------------------------------------------------------------


def test_patch_changes_only_what_is_sent(api, mine):
    response = api("village_worker").patch(f"/api/people/{mine.free.pk}/", {"address_text": "凤凰路2号"},
                                           format="json")
    assert response.status_code == 200
    mine.free.refresh_from_db()
    assert mine.free.address_text == "凤凰路2号" and response.json()["name"] == mine.free.name


def test_patch_can_change_phone_and_region_within_scope(api, mine):
    response = api("aishan_officer").patch(
        f"/api/people/{mine.free.pk}/", {"phone": "13900001111", "region_code": NEIGHBOUR_VILLAGE}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["phone"] == "139****1111" and response.json()["region_code"] == NEIGHBOUR_VILLAGE


def test_patch_rejects_bad_values_in_chinese(api, mine):
    response = api("village_worker").patch(f"/api/people/{mine.free.pk}/", {"name": "", "phone": "1"},
                                           format="json")
    assert response.status_code == 400
    assert response.json() == {"name": [core_messages.NAME_REQUIRED]}
    response = api("village_worker").patch(f"/api/people/{mine.free.pk}/", {"phone": "1"}, format="json")
    assert response.json() == {"phone": [core_messages.PHONE_INVALID]}


def test_patch_cannot_move_person_out_of_own_scope(api, mine):
    response = api("village_worker").patch(f"/api/people/{mine.free.pk}/", {"region_code": NEIGHBOUR_VILLAGE},
                                           format="json")
    assert response.status_code == 400
    assert response.json() == {"region_code": [core_messages.REGION_OUT_OF_SCOPE]}


def test_patch_out_of_scope_is_404_whatever_the_body(api, world):
    stranger = world[NEIGHBOUR_VILLAGE].free
    response = api("village_worker").patch(f"/api/people/{stranger.pk}/", {"name": ""}, format="json")
    assert response.status_code == 404


def test_id_number_cannot_be_changed_by_patch(api, mine):
    before = mine.free.id_number
    api("village_worker").patch(f"/api/people/{mine.free.pk}/", {"id_number": GOOD_ID}, format="json")
    mine.free.refresh_from_db()
    assert mine.free.id_number == before


# --- reveal ------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["id_number", "phone"])
def test_reveal_returns_clear_value_and_logs_the_field(api, personas, mine, field):
    response = api("aishan_officer").post(f"/api/people/{mine.head.pk}/reveal/", {"field": field}, format="json")
    assert response.status_code == 200
    assert response.json() == {"field": field, "value": getattr(mine.head, field)}
    assert response["Cache-Control"] == "no-store"
    row = AccessLog.objects.get()
    assert (row.kind, row.field, row.subject_id, row.actor, row.channel) == (
        "reveal", field, str(mine.head.pk), personas.aishan_officer, "api")


@pytest.mark.parametrize("persona", ["village_worker", "auditor", "nobody"])
def test_reveal_without_permission_is_403_and_writes_nothing(api, mine, persona):
    response = api(persona).post(f"/api/people/{mine.head.pk}/reveal/", {"field": "id_number"}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": core_messages.PERMISSION_DENIED}
    assert not AccessLog.objects.exists()


def test_reveal_out_of_scope_is_404_and_writes_nothing(api, world):
    stranger = world[OTHER_COUNTY_VILLAGE].head
    response = api("aishan_officer").post(f"/api/people/{stranger.pk}/reveal/", {"field": "id_number"},
                                          format="json")
    assert response.status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("body", [{"field": "name"}, {"field": "id_number_cipher"}, {}])
def test_reveal_of_other_fields_is_refused_in_chinese(api, mine, body):
    response = api("city_admin").post(f"/api/people/{mine.head.pk}/reveal/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"field": [core_messages.REVEAL_FIELD_INVALID.format(fields="id_number、phone")]}
    assert not AccessLog.objects.exists()


def test_reveal_by_get_is_not_allowed(api, mine):
    response = api("city_admin").get(f"/api/people/{mine.head.pk}/reveal/")
    assert response.status_code == 405
    assert "GET" in response.json()["detail"] and "不被允许" in response.json()["detail"]


def test_non_json_body_is_refused_in_chinese(api, personas):
    response = api("village_worker").generic("POST", "/api/people/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": api_messages.PARSE_ERROR}
