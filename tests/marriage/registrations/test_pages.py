"""The registrar's pages and the records API: only marriage registrars of the office's county see
records (404 elsewhere, 403 for other roles), every read writes the access log, and the desk shows
the legal checks before saving."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from minzheng.core.models import AccessLog
from minzheng.marriage import messages
from minzheng.marriage.registrations.models import Marriage
from tests.marriage.registrations.conftest import person, register
from tests.personas import Personas

D = dt.date


@pytest.fixture
def marriage(registrar, wuxing_office) -> Marriage:
    return register(registrar, wuxing_office, person("M"), person("F"), on=D(2024, 5, 20))


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def views_of(marriage: Marriage) -> int:
    return AccessLog.objects.filter(subject_type="marriage.marriage", subject_id=str(marriage.pk)).count()


def test_the_record_page_shows_the_record_and_logs_the_read(registrar, marriage) -> None:
    page = client_for(registrar).get(f"/marriage/registrations/records/{marriage.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert marriage.husband.name in text and f"J330502-{marriage.office_id:04d}-2024-000001" in text
    assert marriage.husband.id_number not in text and marriage.husband.id_number_masked in text
    assert views_of(marriage) == 1


def test_the_list_page_logs_each_record_shown(registrar, marriage) -> None:
    assert client_for(registrar).get("/marriage/registrations/records/").status_code == 200
    assert views_of(marriage) == 1


def test_a_registrar_of_another_county_gets_404_and_logs_nothing(personas: Personas, marriage) -> None:
    client = client_for(personas.anji_marriage_registrar)
    assert client.get(f"/marriage/registrations/records/{marriage.pk}/").status_code == 404
    assert marriage.husband.name not in client.get("/marriage/registrations/records/").content.decode()
    assert views_of(marriage) == 0


@pytest.mark.parametrize("who", ["city_admin", "wuxing_officer", "auditor", "wuxing_funeral_registrar"])
def test_officers_and_the_city_do_not_see_records(personas: Personas, marriage, who: str) -> None:
    client = client_for(getattr(personas, who))
    assert client.get(f"/marriage/registrations/records/{marriage.pk}/").status_code == 403
    assert client.get("/marriage/registrations/divorces/").status_code == 403
    api = APIClient()
    api.force_authenticate(getattr(personas, who))
    assert api.get(f"/api/marriage/records/{marriage.pk}/").status_code == 403


def test_the_api_shows_a_record_and_logs_it(registrar, marriage, personas: Personas) -> None:
    api = APIClient()
    api.force_authenticate(registrar)
    answer = api.get(f"/api/marriage/records/{marriage.pk}/")
    assert answer.status_code == 200
    assert answer.json()["certificates"][0]["number"] == f"J330502-{marriage.office_id:04d}-2024-000001"
    assert answer.json()["husband_id_number"] == marriage.husband.id_number_masked
    assert AccessLog.objects.get(subject_type="marriage.marriage").channel == "api"
    assert api.get("/api/marriage/records/").json()["results"][0]["id"] == marriage.pk
    other = APIClient()
    other.force_authenticate(personas.anji_marriage_registrar)
    assert other.get(f"/api/marriage/records/{marriage.pk}/").status_code == 404


def test_the_desk_shows_the_checks_before_saving_and_saves_nothing_then(registrar, wuxing_office) -> None:
    husband, wife = person("M", D(2003, 6, 15)), person("F")
    form = {"office": wuxing_office.pk, "registered_on": "2025-06-14", "husband_id_number": husband.id_number,
            "wife_id_number": wife.id_number, "both_present": "on", "declared_not_married": "on",
            "declared_no_prohibited_relationship": "on"}
    page = client_for(registrar).post("/marriage/registrations/", form | {"action": "check"})
    assert page.status_code == 200
    assert "男方：登记日未满法定婚龄" in page.content.decode()
    assert not Marriage.objects.exists()
    refused = client_for(registrar).post("/marriage/registrations/", form | {"action": "save"})
    assert refused.status_code == 400 and not Marriage.objects.exists()
    saved = client_for(registrar).post("/marriage/registrations/", form | {"action": "save",
                                                                           "registered_on": "2025-06-16"})
    assert saved.status_code == 302
    assert Marriage.objects.get().registered_on == D(2025, 6, 16)


def test_the_desk_without_the_presence_box_names_the_field(registrar, wuxing_office) -> None:
    form = {"office": wuxing_office.pk, "registered_on": "2025-06-16", "husband_id_number": person("M").id_number,
            "wife_id_number": person("F").id_number, "declared_not_married": "on",
            "declared_no_prohibited_relationship": "on", "action": "save"}
    page = client_for(registrar).post("/marriage/registrations/", form)
    assert page.status_code == 400 and messages.BOTH_PRESENT_REQUIRED in page.content.decode()


def test_the_desk_finds_a_person_by_id_number_and_logs_the_lookup(registrar, marriage) -> None:
    page = client_for(registrar).get("/marriage/registrations/", {"id_number": marriage.wife.id_number})
    assert "已婚" in page.content.decode() and marriage.wife.name in page.content.decode()
    assert AccessLog.objects.filter(kind="lookup", subject_id=str(marriage.wife_id)).count() == 1
    bad = client_for(registrar).get("/marriage/registrations/", {"id_number": "12345"})
    assert "身份证号：" in bad.content.decode()


def test_the_divorce_lists_sort_applications_by_their_stage(registrar, wuxing_office, marriage) -> None:
    from minzheng.marriage.registrations import services

    today = dt.date.today()
    services.divorce_apply(actor=registrar, marriage=marriage, office=wuxing_office, applied_on=today,
                           agreement="协议")
    page = client_for(registrar).get("/marriage/registrations/divorces/")
    assert page.status_code == 200
    assert page.context["lists"].cooling[0].marriage_id == marriage.pk and page.context["lists"].lapsed == []


def test_the_record_page_applies_for_divorce_and_shows_a_bad_field(registrar, wuxing_office, marriage) -> None:
    client = client_for(registrar)
    bad = client.post(f"/marriage/registrations/records/{marriage.pk}/divorce/",
                      {"office": wuxing_office.pk, "applied_on": "2025-13-01", "agreement": "协议"})
    assert bad.status_code == 400 and "申请日期：格式应为 YYYY-MM-DD" in bad.content.decode()
    ok = client.post(f"/marriage/registrations/records/{marriage.pk}/divorce/",
                     {"office": wuxing_office.pk, "applied_on": dt.date.today().isoformat(), "agreement": "协议"})
    assert ok.status_code == 302 and marriage.divorces.count() == 1


def test_the_record_page_reads_the_offices_once_for_all_its_forms(registrar, wuxing_office, anji_office,  # type: ignore[no-untyped-def]
                                                                 marriage) -> None:
    client = client_for(registrar)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/marriage/registrations/records/{marriage.pk}/")
    assert page.status_code == 200
    assert len([q for q in queries if 'FROM "facilities_facility"' in q["sql"]]) == 1
    text = page.content.decode()
    # The replacement form of the valid certificate and the divorce form both offer the county's office.
    assert text.count(f'<option value="{wuxing_office.pk}">{wuxing_office}</option>') == 2
    assert f'<option value="{anji_office.pk}">' not in text
    refused = client.post(f"/marriage/registrations/records/{marriage.pk}/divorce/",
                          {"office": anji_office.pk, "applied_on": dt.date.today().isoformat(), "agreement": "协议"})
    assert refused.status_code == 400 and "登记机关：请选择本辖区的婚姻登记处" in refused.content.decode()
    assert marriage.divorces.count() == 0
