"""The dormancy pages: the candidates with their reasons (Excel too), filing from the list, the case
page's steps, an early decision refused on the form, and scoping."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.civil_society.dormancy.models import CleanupCase
from tests.civil_society.conftest import make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def dormant(personas):
    return make_org(personas.wuxing_officer, registered_on=dt.date(2019, 4, 1), name="湖州市沉睡协会")


def test_the_candidates_page_shows_the_reasons_and_files_a_case(personas, login, dormant):
    client = login(personas.wuxing_officer)
    page = client.get("/civil-society/dormancy/").content.decode()
    assert "湖州市沉睡协会" in page and "登记（2019-04-01）后1年内未开展活动" in page
    response = client.post(
        "/civil-society/dormancy/cases/new/", {"organization": dormant.pk, "reasons": "连续两年未年检"}
    )
    case = CleanupCase.objects.get()
    assert response["Location"] == f"/civil-society/dormancy/cases/{case.pk}/"
    assert case.filed_on == dt.date.today()


def test_the_candidates_export_in_excel(personas, login, dormant):
    response = login(personas.wuxing_officer).get("/civil-society/dormancy/?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def test_a_bad_day_is_refused_on_the_form(personas, login):
    response = login(personas.wuxing_officer).get("/civil-society/dormancy/?day=2024-13-01")
    assert response.status_code == 400 and "检测日期" in response.content.decode()


def test_an_early_decision_is_refused_on_the_case_page(personas, login, dormant):
    client = login(personas.wuxing_officer)
    client.post(
        "/civil-society/dormancy/cases/new/",
        {"organization": dormant.pk, "reasons": "无法联系", "filed_on": "2024-01-02"},
    )
    case = CleanupCase.objects.get()
    client.post(f"/civil-society/dormancy/cases/{case.pk}/notice/", {"noticed_on": "2024-01-05"})
    response = client.post(
        f"/civil-society/dormancy/cases/{case.pk}/decide/", {"decision": "revoke", "decided_on": "2024-02-01"}
    )
    assert (
        response.status_code == 400 and "事先告知公告期（60天）至2024-03-05届满" in response.content.decode()
    )
    response = client.post(
        f"/civil-society/dormancy/cases/{case.pk}/decide/", {"decision": "revoke", "decided_on": "2024-03-05"}
    )
    assert response.status_code == 302
    dormant.refresh_from_db()
    assert dormant.status == "revoked"


def test_the_case_is_404_for_another_county_and_403_for_a_township_step(personas, login, dormant):
    login(personas.wuxing_officer).post(
        "/civil-society/dormancy/cases/new/", {"organization": dormant.pk, "reasons": "无法联系"}
    )
    case = CleanupCase.objects.get()
    assert login(personas.anji_officer).get(f"/civil-society/dormancy/cases/{case.pk}/").status_code == 404
    assert (
        login(personas.aishan_officer)
        .post(f"/civil-society/dormancy/cases/{case.pk}/notice/", {"noticed_on": "2024-01-05"})
        .status_code
        == 403
    )
    assert login(personas.aishan_officer).get(f"/civil-society/dormancy/cases/{case.pk}/").status_code == 200
