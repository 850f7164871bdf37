"""``/api/eldercare/beds/``: beds, stays, scans, the subsidy runs and rates, the findings; scoped
(another county's bed is 404), refused without the power (403), errors in Chinese keyed by field,
and an access-log row for every person an answer names."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core.models import AccessLog
from minzheng.eldercare.beds import messages
from minzheng.eldercare.beds.models import Bed, BedScan, Occupancy
from minzheng.eldercare.beds.services import bed_check_in
from tests.eldercare.beds.conftest import TOTAL_FOR, Homes
from tests.eldercare.factories import assess, elder
from tests.personas import Personas

pytestmark = pytest.mark.django_db

BEDS = "/api/eldercare/beds/"


def test_beds_are_listed_in_scope(api, personas: Personas, homes: Homes) -> None:  # type: ignore[no-untyped-def]
    def ids(user) -> set[int]:  # type: ignore[no-untyped-def]
        response = api(user).get(BEDS)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    mine, anji = {b.pk for b in homes.beds}, {b.pk for b in homes.anji_beds}
    assert ids(personas.wuxing_officer) == mine and ids(personas.anji_officer) == anji
    assert ids(homes.op_a) == mine and ids(homes.op_b) == anji
    assert ids(personas.city_admin) == mine | anji
    assert api(personas.village_worker).get(BEDS).status_code == 403
    assert api(None).get(BEDS).status_code == 401
    row = api(personas.wuxing_officer).get(BEDS, {"home": homes.mine.pk}).json()["results"][0]
    assert row["public_url"].endswith(f"/b/{row['code']}") and row["kind"] == "nursing"
    assert api(personas.wuxing_officer).get(BEDS, {"home": homes.anji.pk}).status_code == 404


def test_beds_are_added_through_the_api_and_bad_input_names_the_field(api, personas: Personas,  # type: ignore[no-untyped-def]
                                                                      homes: Homes) -> None:
    client = api(homes.op_a)
    response = client.post(BEDS, {"home": homes.mine.pk, "room": "301", "number": "1-4", "kind": "ordinary"},
                           format="json")
    assert response.status_code == 201, response.content
    assert [row["number"] for row in response.json()] == ["1", "2", "3", "4"]
    again = client.post(BEDS, {"home": homes.mine.pk, "room": "301", "number": "4,5", "kind": "ordinary"},
                        format="json")
    assert again.status_code == 400
    assert again.json() == {"number": [messages.NUMBERS_TAKEN.format(room="301", numbers="4")]}
    assert client.post(BEDS, {"home": homes.mine.pk, "room": "", "number": "1", "kind": "x"},
                       format="json").json() == {"room": [messages.ROOM_REQUIRED], "kind": [messages.KIND_INVALID]}
    meal = api(personas.aishan_officer).post(BEDS, {"home": homes.meal_site.pk, "room": "1", "number": "1",
                                                   "kind": "nursing"}, format="json")
    assert meal.status_code == 404  # not a care home: not among the homes one may add beds to
    assert client.post(BEDS, {"home": homes.anji.pk, "room": "1", "number": "1", "kind": "nursing"},
                       format="json").status_code == 404
    assert Bed.objects.filter(facility=homes.mine).count() == 3 + 4


def test_a_check_in_by_id_number_and_a_check_out(api, personas: Personas, homes: Homes) -> None:  # type: ignore[no-untyped-def]
    person, raw = elder()
    client = api(homes.op_a)
    url = f"{BEDS}{homes.beds[0].pk}/check-in/"
    response = client.post(url, {"id_number": raw, "checked_in_on": "2024-05-06"}, format="json")
    assert response.status_code == 201, response.content
    stay = response.json()
    assert stay["person"] == {"id": person.pk, "name": person.name, "id_number": person.id_number_masked}
    assert stay["open"] is True and stay["check_out_reason"] == ""
    lookup = AccessLog.objects.get(actor=homes.op_a, kind="lookup")
    assert (lookup.subject_id, lookup.field, lookup.channel) == (str(person.pk), "id_number", "api")

    taken = client.post(url, {"id_number": elder()[1], "checked_in_on": "2024-05-07"}, format="json")
    assert taken.status_code == 400 and taken.json() == {"bed": [messages.BED_IN_USE.format(since="2024-05-06")]}
    unknown = client.post(f"{BEDS}{homes.beds[1].pk}/check-in/", {"id_number": "110101194003010012",
                                                                  "checked_in_on": "2024-05-07"}, format="json")
    assert unknown.status_code == 400 and unknown.json() == {"id_number": [messages.ID_NUMBER_UNKNOWN]}
    bad = client.post(f"{BEDS}{homes.beds[1].pk}/check-in/", {"id_number": "1", "checked_in_on": "5/7"},
                      format="json")
    assert set(bad.json()) == {"id_number", "checked_in_on"}

    out = client.post(f"{BEDS}occupancies/{stay['id']}/check-out/",
                      {"checked_out_on": "2024-07-01", "check_out_reason": "died"}, format="json")
    assert out.status_code == 200, out.content
    assert (out.json()["open"], out.json()["checked_out_on"], out.json()["check_out_reason"]) == (
        False, "2024-07-01", "died")
    assert api(homes.op_b).post(f"{BEDS}occupancies/{stay['id']}/check-out/",
                                {"checked_out_on": "2024-07-01", "check_out_reason": "died"},
                                format="json").status_code == 404


def test_reading_a_bed_with_its_occupant_writes_an_access_row(api, personas: Personas, homes: Homes) -> None:  # type: ignore[no-untyped-def]
    person = elder()[0]
    bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=dt.date(2024, 5, 6))
    response = api(personas.wuxing_officer).get(f"{BEDS}{homes.beds[0].pk}/")
    assert response.status_code == 200
    assert response.json()["in_use"] is True and response.json()["stay"]["person"]["name"] == person.name
    log = AccessLog.objects.get(actor=personas.wuxing_officer)
    assert (log.kind, log.subject_id, log.channel) == ("view", str(person.pk), "api")
    stays = api(personas.wuxing_officer).get(f"{BEDS}occupancies/", {"open": "true"})
    assert [row["person"]["id"] for row in stays.json()["results"]] == [person.pk]
    assert AccessLog.objects.filter(actor=personas.wuxing_officer).count() == 2
    assert api(personas.anji_officer).get(f"{BEDS}{homes.beds[0].pk}/").status_code == 404
    assert api(personas.anji_officer).get(f"{BEDS}occupancies/").json()["results"] == []


def test_a_scan_is_recorded_through_the_api(api, personas: Personas, homes: Homes) -> None:  # type: ignore[no-untyped-def]
    response = api(personas.aishan_officer).post(f"{BEDS}{homes.beds[0].pk}/scan/")
    assert response.status_code == 201 and response.json()["channel"] == "api"
    assert BedScan.objects.get().scanned_by == personas.aishan_officer
    assert api(personas.anji_officer).post(f"{BEDS}{homes.beds[0].pk}/scan/").status_code == 404


def test_a_subsidy_run_through_the_api_from_making_to_approval(api, personas: Personas, homes: Homes) -> None:  # type: ignore[no-untyped-def]
    person = elder()[0]
    assess(personas.aishan_officer, person, total=TOTAL_FOR["severe"], on=dt.date(2024, 1, 5))
    bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=dt.date(2024, 1, 5))
    maker, checker = api(personas.wuxing_officer), api(personas.city_admin)
    made = maker.post(f"{BEDS}subsidy-runs/", {"period": "2024-02"}, format="json")
    assert made.status_code == 200, made.content
    run = made.json()
    assert (run["region_prefix"], run["line_count"], run["bed_days"], run["total_amount"]) == ("330502", 1, 29,
                                                                                              "174.00")
    assert run["homes"] == [{"home": homes.mine.pk, "name": homes.mine.name, "region_code": homes.mine.region_code,
                             "lines": 1, "bed_days": 29, "amount": "174.00"}]
    assert {row["level"]: row["amount"] for row in run["levels"]}["severe"] == "174.00"
    own = maker.post(f"{BEDS}subsidy-runs/{run['id']}/approve/")
    assert own.status_code == 400 and own.json() == {"approved_by": [messages.RUN_APPROVE_OWN]}
    approved = checker.post(f"{BEDS}subsidy-runs/{run['id']}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    lines = maker.get(f"{BEDS}subsidy-runs/{run['id']}/lines/").json()["results"]
    assert [(row["person"]["id"], row["days"], row["rate"], row["amount"]) for row in lines] == [
        (person.pk, 29, "6.00", "174.00")]
    assert AccessLog.objects.filter(actor=personas.wuxing_officer, subject_id=str(person.pk)).exists()
    bad = maker.post(f"{BEDS}subsidy-runs/", {"period": "2099-01", "region": "330523"}, format="json")
    assert bad.status_code == 400 and bad.json() == {
        "period": [messages.PERIOD_NOT_OVER.format(month="2099-01")],
        "region": [messages.REGION_OUT_OF_SCOPE.format(code="330523")]}
    assert api(personas.anji_officer).get(f"{BEDS}subsidy-runs/{run['id']}/").status_code == 404
    assert api(personas.aishan_officer).get(f"{BEDS}subsidy-runs/").status_code == 403


def test_rates_are_read_by_subsidy_officers_and_written_by_the_city(api, personas: Personas, homes: Homes) -> None:  # type: ignore[no-untyped-def]
    rows = api(personas.wuxing_officer).get(f"{BEDS}subsidy-rates/").json()["results"]
    assert {row["level"]: row["amount"] for row in rows} == {"intact": "1.00", "mild": "2.00", "moderate": "4.00",
                                                             "severe": "6.00", "full": "8.00"}
    body = {"level": "severe", "region_prefix": "330502", "effective_from": "2025-01", "amount": "7.50"}
    assert api(personas.wuxing_officer).post(f"{BEDS}subsidy-rates/", body, format="json").status_code == 403
    created = api(personas.city_admin).post(f"{BEDS}subsidy-rates/", body, format="json")
    assert created.status_code == 201 and created.json()["effective_from"] == "2025-01-01"
    bad = api(personas.city_admin).post(f"{BEDS}subsidy-rates/", {**body, "amount": "7.505"}, format="json")
    assert bad.status_code == 400 and bad.json() == {"amount": [messages.RATE_AMOUNT_INVALID.format(max="10000")]}


def test_findings_through_the_api_are_scoped(api, personas: Personas, homes: Homes) -> None:  # type: ignore[no-untyped-def]
    person = elder()[0]
    bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=dt.date(2024, 5, 6))
    type(person).objects.filter(pk=person.pk).update(status="deceased", death_date=dt.date(2024, 6, 1))
    answer = api(personas.wuxing_officer).get(f"{BEDS}findings/", {"month": "2024-05"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["month"] == "2024-05-01"
    assert [(f["check"], f["person"]["id"], f["bed"]) for f in answer.json()["findings"]] == [
        ("deceased", person.pk, homes.beds[0].pk)]
    assert api(personas.anji_officer).get(f"{BEDS}findings/").json()["findings"] == []
    assert api(personas.aishan_officer).get(f"{BEDS}findings/").status_code == 403
    bad = api(personas.wuxing_officer).get(f"{BEDS}findings/", {"month": "2024-13", "check": "ghosts"})
    assert bad.status_code == 400
    assert bad.json() == {"month": [messages.PERIOD_INVALID.format(value="2024-13")], "check": [messages.CHECK_INVALID]}
    assert Occupancy.objects.count() == 1
