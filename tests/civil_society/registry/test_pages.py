"""The registry's pages and API: the USCC refused with its Chinese message on the page and in the
API, registering by ID number and address code, scoping (404 elsewhere, 403 without the power),
bad API input, Excel export, the annual-report page with its late flag and missing finding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.civil_society.registry import messages
from minzheng.civil_society.registry import services as registry
from minzheng.civil_society.registry.models import Organization
from minzheng.facilities import messages as facility_messages
from tests.civil_society.conftest import address_in, adult, uscc_for, wrong_check

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def form_data(raw_id: str, address_code: str, **overrides):
    data = {
        "name": "湖州市爱心志愿者协会",
        "kind": "association",
        "uscc": uscc_for(4242),
        "registered_on": "2020-05-06",
        "supervising_unit": "湖州市民政局",
        "legal_id_number": raw_id,
        "address_code": address_code,
        "funds": "50000",
        "foundation_kind": "",
        "scope": "志愿服务",
    }
    data.update(overrides)
    return data


def test_the_page_registers_an_organization(personas, login):
    person, raw = adult()
    address = address_in()
    response = login(personas.wuxing_officer).post(
        "/civil-society/organizations/new/", form_data(raw, address.code)
    )
    org = Organization.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/civil-society/organizations/{org.pk}/"
    assert org.legal_representative == person and org.address == address


def test_the_page_refuses_a_wrong_uscc_check_character(personas, login):
    _, raw = adult()
    response = login(personas.wuxing_officer).post(
        "/civil-society/organizations/new/",
        form_data(raw, address_in().code, uscc=wrong_check(uscc_for(4242))),
    )
    assert response.status_code == 400
    assert facility_messages.OPERATOR_USCC_CHECKSUM in response.content.decode()
    assert not Organization.objects.exists()


def test_the_api_refuses_a_wrong_uscc_check_character(personas, api):
    _, raw = adult()
    response = api(personas.wuxing_officer).post(
        "/api/civil-society/organizations/",
        form_data(raw, address_in().code, uscc=wrong_check(uscc_for(7))),
        format="json",
    )
    assert response.status_code == 400
    assert facility_messages.OPERATOR_USCC_CHECKSUM in str(response.json())
    assert not Organization.objects.exists()


def test_the_api_registers_and_lists_in_scope(personas, api):
    _, raw = adult()
    response = api(personas.wuxing_officer).post(
        "/api/civil-society/organizations/", form_data(raw, address_in().code), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "active" and "*" in body["legal_representative_id_number"]
    listed = api(personas.wuxing_officer).get("/api/civil-society/organizations/").json()
    assert [o["id"] for o in listed["results"]] == [body["id"]]
    assert api(personas.anji_officer).get("/api/civil-society/organizations/").json()["results"] == []


def test_the_api_names_unknown_people_and_addresses(personas, api):
    response = api(personas.wuxing_officer).post(
        "/api/civil-society/organizations/", form_data("330502198001011234", "NOPE"), format="json"
    )
    assert response.status_code == 400
    body = str(response.json())
    assert messages.LEGAL_REP_UNKNOWN in body and messages.ADDRESS_NOT_FOUND in body


def test_the_api_refuses_a_bad_kind_filter_and_bad_funds(personas, api):
    assert api(personas.wuxing_officer).get("/api/civil-society/organizations/?kind=club").status_code == 400
    _, raw = adult()
    response = api(personas.wuxing_officer).post(
        "/api/civil-society/organizations/", form_data(raw, address_in().code, funds="-5"), format="json"
    )
    assert response.status_code == 400 and messages.FUNDS_INVALID in str(response.json())


def test_a_township_may_not_register_an_association_through_the_api(personas, api):
    _, raw = adult()
    response = api(personas.aishan_officer).post(
        "/api/civil-society/organizations/", form_data(raw, address_in().code), format="json"
    )
    assert response.status_code == 403


def test_another_county_gets_404_and_a_village_worker_403(personas, login, org):
    assert login(personas.anji_officer).get(f"/civil-society/organizations/{org.pk}/").status_code == 404
    assert login(personas.village_worker).get("/civil-society/organizations/").status_code == 403


def test_the_list_exports_excel_in_scope(personas, login, org):
    response = login(personas.wuxing_officer).get("/civil-society/organizations/?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)][1:] == [org.name]


def test_the_detail_page_shows_a_late_report_and_records_a_signal(personas, login, org):
    registry.annual_report_record(
        actor=personas.wuxing_officer, organization=org, year=2023, submitted_on=dt.date(2024, 6, 3)
    )
    client = login(personas.wuxing_officer)
    page = client.get(f"/civil-society/organizations/{org.pk}/").content.decode()
    assert "逾期" in page
    response = client.post(
        f"/civil-society/organizations/{org.pk}/signals/",
        {"kind": "letter", "occurred_on": "2024-03-01", "outcome": ""},
    )
    assert response.status_code == 400 and "结果：" in response.content.decode()
    response = client.post(
        f"/civil-society/organizations/{org.pk}/signals/",
        {"kind": "letter", "occurred_on": "2024-03-01", "outcome": "returned"},
    )
    assert response.status_code == 302


def test_the_reports_page_lists_the_missing(personas, login, org):
    page = (
        login(personas.wuxing_officer).get("/civil-society/organizations/reports/?year=2023").content.decode()
    )
    assert org.name in page and "仍未报送（1 家）" in page


def test_a_foundation_below_its_minimum_is_refused_on_the_page(personas, login):
    _, raw = adult()
    response = login(personas.wuxing_officer).post(
        "/civil-society/organizations/new/",
        form_data(
            raw, address_in().code, kind="foundation", foundation_kind="local_public", funds="3999999.99"
        ),
    )
    assert response.status_code == 400
    assert (
        messages.FUNDS_FOUNDATION.format(kind="地方性公募基金会", minimum=Decimal("400"))
        in response.content.decode()
    )
