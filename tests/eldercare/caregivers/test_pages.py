"""The caregiver pages: the registry in one's view (access-logged), registering by ID number with
bad fields named on the form, one caregiver's page with the month's allowance and its forms, the
allowance page (standards by the city; the monthly grant and its run by a payments officer), and
the indicator page."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.benefits.payments.models import PaymentRun
from minzheng.eldercare.caregivers import messages
from minzheng.eldercare.caregivers.models import AllowanceStandard, Caregiver, CaregiverAward
from tests.eldercare.caregivers.conftest import Sites, caregiver, worker
from tests.eldercare.factories import elder
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_the_list_shows_ones_own_caregivers_and_their_levels(login, personas: Personas, sites: Sites) -> None:
    mine = caregiver(personas.aishan_officer, sites.home, level="technician")
    theirs = caregiver(personas.anji_officer, sites.centre)
    page = login(personas.aishan_officer).get("/eldercare/caregivers/")
    text = page.content.decode()
    assert page.status_code == 200 and mine.person.name in text and theirs.person.name not in text
    assert "技师" in text
    assert login(personas.village_worker).get("/eldercare/caregivers/").status_code == 403


def test_registering_names_the_bad_field_and_then_registers(login, personas: Personas, sites: Sites) -> None:
    client = login(personas.aishan_officer)
    _, raw = worker()
    form = {
        "employer": sites.home.pk,
        "id_number": raw,
        "started_on": "2020-05-01",
        "level": "junior",
        "certificate_number": "",
        "certified_on": "",
    }
    bad = client.post("/eldercare/caregivers/new/", form)
    assert bad.status_code == 400
    assert (
        messages.NUMBER_REQUIRED in bad.content.decode()
        and messages.CERTIFIED_REQUIRED in bad.content.decode()
    )
    assert not Caregiver.objects.exists()
    done = client.post(
        "/eldercare/caregivers/new/", form | {"certificate_number": "HZ-1", "certified_on": "2021-01-01"}
    )
    found = Caregiver.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/eldercare/caregivers/{found.pk}/"


def test_one_caregivers_page_shows_the_allowance_and_takes_an_award(
    login, personas: Personas, sites: Sites
) -> None:
    found = caregiver(personas.aishan_officer, sites.home, level="senior", started_on=dt.date(2012, 1, 1))
    client = login(personas.aishan_officer)
    page = client.get(f"/eldercare/caregivers/{found.pk}/?month=2024-06")
    assert page.status_code == 200 and "800.00 元" in page.content.decode()
    bad = client.post(
        f"/eldercare/caregivers/{found.pk}/awards/",
        {"name": "市赛", "level": "city", "rank": "", "awarded_on": "2024-05-01"},
    )
    assert bad.status_code == 400 and messages.AWARD_RANK_REQUIRED.format(max=30) in bad.content.decode()
    ok = client.post(
        f"/eldercare/caregivers/{found.pk}/awards/",
        {"name": "市赛", "level": "city", "rank": "二等奖", "awarded_on": "2024-05-01"},
    )
    assert ok.status_code == 302 and CaregiverAward.objects.get().rank == "二等奖"
    assert login(personas.anji_officer).get(f"/eldercare/caregivers/{found.pk}/").status_code == 404


def test_the_city_adds_a_standard_and_a_county_grants_a_month_and_makes_its_run(
    login, personas: Personas, sites: Sites
) -> None:
    caregiver(personas.aishan_officer, sites.home, level="junior", started_on=dt.date(2012, 1, 1))
    city = login(personas.city_admin)
    added = city.post(
        "/eldercare/caregivers/allowance/",
        {
            "form": "standard",
            "level": "junior",
            "min_years": "15",
            "region_prefix": "3305",
            "effective_from": "2025-01",
            "amount": "450.00",
            "note": "",
        },
    )
    assert added.status_code == 302 and AllowanceStandard.objects.filter(min_years=15).exists()
    county = login(personas.wuxing_officer)
    page = county.get("/eldercare/caregivers/allowance/")
    assert "核定并生成批次" in page.content.decode() and "录入新标准" not in page.content.decode()
    bad = county.post("/eldercare/caregivers/allowance/", {"form": "grant", "month": "2024-13", "region": ""})
    assert bad.status_code == 400 and messages.MONTH_INVALID.format(value="2024-13") in bad.content.decode()
    done = county.post(
        "/eldercare/caregivers/allowance/", {"form": "grant", "month": "2024-06", "region": ""}, follow=True
    )
    run = PaymentRun.objects.get(program__code="caregiver_allowance")
    assert (run.period, run.region_prefix, run.line_count) == (dt.date(2024, 6, 1), "330502", 1)
    assert "2024-06津贴已核定：新纳入1人" in done.content.decode()
    assert county.post("/eldercare/caregivers/allowance/", {"form": "standard"}).status_code == 403


def test_the_indicator_page_shows_the_regions_and_names_a_bad_year(
    login, personas: Personas, sites: Sites
) -> None:
    caregiver(personas.aishan_officer, sites.home)
    elder(dt.date(1950, 1, 1))
    client = login(personas.city_admin)
    page = client.get("/eldercare/caregivers/indicator/?year=2024")
    assert page.status_code == 200 and "10000.00" in page.content.decode()
    assert client.get("/eldercare/caregivers/indicator/?year=1999").status_code == 400
    assert login(sites.op_a).get("/eldercare/caregivers/indicator/").status_code == 403


def test_a_provider_operator_reads_the_standards_but_neither_adds_nor_grants(login, sites: Sites) -> None:
    client = login(sites.op_a)
    page = client.get("/eldercare/caregivers/allowance/")
    assert page.status_code == 200 and "录入新标准" not in page.content.decode()
    assert "核定并生成批次" not in page.content.decode()
    assert (
        client.post("/eldercare/caregivers/allowance/", {"form": "grant", "month": "2024-06"}).status_code
        == 403
    )
    assert not PaymentRun.objects.exists()
