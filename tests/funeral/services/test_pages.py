"""The case pages and API: scoped lists and details (404 elsewhere), opening a case, adding and voiding
a service with the reasons on the fields, the catalogue page, and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core.models import AccessLog
from minzheng.funeral.services import messages
from minzheng.funeral.services.models import FuneralCase, FuneralService, WaiverItem
from tests.factories import id_number_for
from tests.funeral.services.conftest import deceased, kind

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_list_shows_the_cases_in_scope_only(personas, case, login) -> None:
    assert case.person.name in login(personas.wuxing_funeral_registrar).get("/funeral/cases/").content.decode()
    assert case.person.name in login(personas.city_admin).get("/funeral/cases/").content.decode()
    assert case.person.name not in login(personas.anji_officer).get("/funeral/cases/").content.decode()
    assert login(personas.village_worker).get("/funeral/cases/").status_code == 403


def test_the_list_filters_by_home_and_month_and_exports(personas, homes, case, login) -> None:
    client = login(personas.wuxing_funeral_registrar)
    assert case.person.name in client.get(f"/funeral/cases/?home={homes['wuxing'].pk}&month=2025-03").content.decode()
    assert case.person.name not in client.get("/funeral/cases/?month=2025-04").content.decode()
    bad = client.get("/funeral/cases/?month=2025-13")
    assert bad.status_code == 400 and messages.MONTH_INVALID in bad.content.decode()
    assert client.get(f"/funeral/cases/?home={homes['anji'].pk}").status_code == 400  # not a choice here
    export = client.get("/funeral/cases/?format=xlsx")
    assert export.status_code == 200 and export["Content-Type"] == XLSX


def test_the_detail_is_scoped_and_its_reading_logged(personas, case, login) -> None:
    response = login(personas.wuxing_officer).get(f"/funeral/cases/{case.pk}/")
    assert response.status_code == 200 and "家属自付" in response.content.decode()
    assert AccessLog.objects.filter(subject_id=str(case.person_id), kind=AccessLog.Kind.VIEW).exists()
    assert login(personas.anji_officer).get(f"/funeral/cases/{case.pk}/").status_code == 404


def test_a_case_is_opened_on_the_page_and_bad_input_stays_on_its_fields(personas, homes, login) -> None:
    deceased(3)
    client = login(personas.wuxing_funeral_registrar)
    assert client.get("/funeral/cases/new/").status_code == 200
    bad = client.post("/funeral/cases/new/", {"id_number": "", "home": "", "received_on": "2025-02-30"})
    body = bad.content.decode()
    assert bad.status_code == 400
    for text in (messages.ID_NUMBER_REQUIRED, messages.HOME_REQUIRED, messages.DATE_INVALID.format(field="受理日期")):
        assert text in body
    good = client.post("/funeral/cases/new/", {"id_number": id_number_for(3), "home": homes["wuxing"].pk,
                                                "received_on": "2025-03-03", "hukou_province": ""})
    case = FuneralCase.objects.get()
    assert good.status_code == 302 and good["Location"] == f"/funeral/cases/{case.pk}/"
    assert login(personas.auditor).get("/funeral/cases/new/").status_code == 403


def test_a_service_is_added_and_voided_on_the_case_page(personas, case, login) -> None:
    client = login(personas.wuxing_funeral_registrar)
    url = f"/funeral/cases/{case.pk}/services/"
    bad = client.post(url, {"service_type": kind("cremation").pk, "facility": case.home.pk,
                            "performed_at": "2025-03-03T09:30", "fee": "5.555"})
    assert bad.status_code == 400 and messages.FEE_INVALID in bad.content.decode()
    assert client.post(url, {"service_type": kind("cremation").pk, "facility": case.home.pk,
                             "performed_at": "2025-03-03T09:30", "fee": "500"}).status_code == 302
    line = FuneralService.objects.get()
    assert (str(line.fee), str(line.waived)) == ("500.00", "350.00")
    page = client.get(f"/funeral/cases/{case.pk}/").content.decode()
    assert "150.00" in page  # what the family pays
    refused = client.post(f"/funeral/cases/services/{line.pk}/void/", {"reason": ""})
    assert refused.status_code == 400 and messages.VOID_REASON_REQUIRED in refused.content.decode()
    assert client.post(f"/funeral/cases/services/{line.pk}/void/", {"reason": "录错"}).status_code == 302
    line.refresh_from_db()
    assert line.voided_at is not None
    assert login(personas.anji_officer).post(f"/funeral/cases/services/{line.pk}/void/",
                                             {"reason": "x"}).status_code == 404


def test_the_catalogue_page_shows_the_default_and_takes_a_county_item(personas, login) -> None:
    client = login(personas.anji_officer)
    page = client.get("/funeral/cases/catalogue/").content.decode()
    assert "遗体火化" in page and "骨灰盒" in page
    bad = client.post("/funeral/cases/catalogue/", {"service_type": kind("urn").pk, "cap": "100",
                                                    "valid_from": "2025-01-01"})
    assert bad.status_code == 400 and messages.ITEM_IN_DEFAULT.format(name="骨灰盒") in bad.content.decode()
    assert client.post("/funeral/cases/catalogue/", {"service_type": kind("body_cosmetic").pk, "cap": "100",
                                                     "valid_from": "2025-01-01"}).status_code == 302
    item = WaiverItem.objects.get(region_code="330523000000")
    assert client.post(f"/funeral/cases/catalogue/{item.pk}/end/", {"valid_to": "2025-12-31"}).status_code == 302
    item.refresh_from_db()
    assert item.valid_to == dt.date(2025, 12, 31)
    assert "330523000000" not in login(personas.wuxing_officer).get("/funeral/cases/catalogue/").content.decode()
    assert login(personas.wuxing_funeral_registrar).post("/funeral/cases/catalogue/", {}).status_code == 403


def test_the_case_api_answers_in_scope_and_records_a_service(personas, case, api) -> None:
    client = api(personas.wuxing_funeral_registrar)
    created = client.post(f"/api/funeral/cases/{case.pk}/services/",
                          {"service_type": "urn", "facility": case.home.pk, "performed_at": "2025-03-03T10:00:00+08:00",
                           "fee": "380"}, format="json")
    assert created.status_code == 201
    assert created.json()["waived"] == "150.00" and created.json()["family_pays"] == "230.00"
    bad = client.post(f"/api/funeral/cases/{case.pk}/services/",
                      {"service_type": "", "performed_at": "2025-03-01T10:00:00+08:00", "fee": "x"}, format="json")
    assert bad.status_code == 400
    assert bad.json() == {"service_type": [messages.SERVICE_TYPE_REQUIRED], "facility": [messages.FACILITY_REQUIRED],
                          "performed_at": [messages.PERFORMED_BEFORE_DEATH.format(date="2025-03-02")],
                          "fee": [messages.FEE_INVALID]}
    body = client.get(f"/api/funeral/cases/{case.pk}/").json()
    assert body["totals"] == {"fee": "380.00", "waived": "150.00", "family_pays": "230.00"}
    assert api(personas.anji_officer).get(f"/api/funeral/cases/{case.pk}/").status_code == 404
    assert api(personas.village_worker).get(f"/api/funeral/cases/{case.pk}/").status_code == 403
