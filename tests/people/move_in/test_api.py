"""``/api/move-ins/``: the same workflow over the API; the requesting side sees only what it
typed until the request is accepted."""

from __future__ import annotations

from minzheng.core import messages as core_messages
from minzheng.people.models import Person
from minzheng.people.move_in import messages
from tests.people.move_in.conftest import Elsewhere
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE

URL = "/api/move-ins/"


def ask(api, person: Person, name: str = "钱晓红"):  # type: ignore[no-untyped-def]
    return api("village_worker").post(URL, {"id_number": person.id_number, "name": name, "region_code": MY_VILLAGE,
                                            "reason": "已在本社区购房居住"}, format="json")


def test_the_requester_sees_nothing_of_the_record_until_it_is_accepted(api, elsewhere: Elsewhere) -> None:  # type: ignore[no-untyped-def]
    created = ask(api, elsewhere.member)
    assert created.status_code == 201
    body = created.json()
    assert (body["name_given"], body["status"], body["person"], body["from_region_code"]) == (
        "钱晓红", "pending", None, None)
    assert body["id_number_masked"] == elsewhere.member.id_number_masked
    assert "钱小红" not in created.content.decode()  # the registry's own name

    theirs = api("anji_officer").get(f"{URL}{body['id']}/").json()
    assert (theirs["person"], theirs["from_region_code"]) == (elsewhere.member.pk, OTHER_COUNTY_VILLAGE)

    accepted = api("anji_officer").post(f"{URL}{body['id']}/accept/", {"note": "同意"}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    after = api("village_worker").get(f"{URL}{body['id']}/").json()
    assert after["person"] == elsewhere.member.pk
    assert api("village_worker").get(f"/api/people/{elsewhere.member.pk}/").status_code == 200


def test_the_lists_hold_each_side(api, elsewhere: Elsewhere) -> None:  # type: ignore[no-untyped-def]
    move = ask(api, elsewhere.member).json()["id"]
    ids = lambda who, direction: [r["id"] for r in api(who).get(URL, {"direction": direction}).json()["results"]]  # noqa: E731
    assert ids("village_worker", "outgoing") == [move]
    assert ids("village_worker", "incoming") == []
    assert ids("anji_officer", "incoming") == [move]
    assert ids("anji_officer", "outgoing") == []
    assert ids("wuxing_officer", "incoming") == []


def test_bad_paths_answer_with_the_field_named(api, elsewhere: Elsewhere) -> None:  # type: ignore[no-untyped-def]
    move = ask(api, elsewhere.member).json()["id"]
    again = ask(api, elsewhere.member)
    assert (again.status_code, again.json()) == (400, {"id_number": [messages.PENDING_EXISTS]})
    # Outside the person's region: 404, as for anything outside the scope.
    assert api("wuxing_officer").post(f"{URL}{move}/accept/", {}, format="json").json() == {
        "detail": core_messages.NOT_FOUND}
    assert api("anji_officer").post(f"{URL}{move}/refuse/", {}, format="json").status_code == 400
    assert api("anji_officer").post(f"{URL}{move}/accept/", {}, format="json").status_code == 200
    twice = api("anji_officer").post(f"{URL}{move}/accept/", {}, format="json")
    assert (twice.status_code, twice.json()) == (400, {"status": [messages.ALREADY_DECIDED.format(status="已同意")]})
    assert api("auditor").post(URL, {}, format="json").status_code == 403
    assert set(api("village_worker").get(URL).json()) == {"direction"}


def test_options_describes_every_move_in_endpoint(api, elsewhere: Elsewhere) -> None:  # type: ignore[no-untyped-def]
    move = ask(api, elsewhere.member).json()["id"]
    for path in ("", f"{move}/", f"{move}/accept/", f"{move}/refuse/", f"{move}/withdraw/"):
        response = api("village_worker").options(f"{URL}{path}")
        assert response.status_code == 200, path
