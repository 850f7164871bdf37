"""The staff pages: a home's beds (add beds, QR codes as PNG and SVG, the print sheet), a bed's page
(check-in by ID number, check-out, retire), the subsidy pages (make, read, approve, lines, rates)
and the findings; scoped (404), guarded by the powers (403), service errors back on their fields."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minzheng.core.models import AccessLog
from minzheng.eldercare.beds import messages, services
from minzheng.eldercare.beds.models import Bed, BedSubsidyRate, BedSubsidyRun, Occupancy
from minzheng.eldercare.beds.services import bed_check_in, bed_subsidy_run_start
from tests.eldercare.beds.conftest import TOTAL_FOR, Homes
from tests.eldercare.factories import assess, elder
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_the_homes_page_lists_the_care_homes_in_view_with_their_counts(login, personas: Personas,  # type: ignore[no-untyped-def]
                                                                       homes: Homes) -> None:
    bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=elder()[0], on=dt.date(2024, 5, 6))
    html = login(personas.wuxing_officer).get("/eldercare/beds/").content.decode()
    assert homes.mine.name in html and homes.anji.name not in html and homes.meal_site.name not in html
    page = login(homes.op_b).get("/eldercare/beds/")
    assert homes.anji.name in page.content.decode() and homes.mine.name not in page.content.decode()
    assert login(personas.village_worker).get("/eldercare/beds/").status_code == 403


def test_beds_are_added_on_the_home_page_and_errors_land_on_their_fields(login, personas: Personas,  # type: ignore[no-untyped-def]
                                                                        homes: Homes) -> None:
    client = login(personas.aishan_officer)
    url = f"/eldercare/beds/homes/{homes.mine.pk}/"
    response = client.post(url, {"room": "102", "number": "1-2", "kind": "ordinary"})
    assert response.status_code == 302
    assert Bed.objects.filter(facility=homes.mine, room="102").count() == 2
    response = client.post(url, {"room": "102", "number": "2", "kind": "ordinary"})
    assert response.status_code == 400
    assert messages.NUMBERS_TAKEN.format(room="102", numbers="2") in response.content.decode()
    assert login(personas.anji_officer).get(url).status_code == 404


def test_the_home_page_shows_each_bed_and_who_lies_there_in_queries_that_do_not_grow_with_beds(  # type: ignore[no-untyped-def]
        login, personas: Personas, homes: Homes) -> None:
    client = login(homes.op_a)
    url = f"/eldercare/beds/homes/{homes.mine.pk}/"
    first, _ = elder()
    bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=first, on=dt.date(2024, 5, 6))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    more = services.beds_create(actor=personas.aishan_officer, home=homes.mine, room="102", numbers="1-12",
                                kind=Bed.Kind.ORDINARY)
    people = [elder()[0] for _ in range(6)]
    for bed, person in zip(more, people, strict=False):
        bed_check_in(actor=personas.aishan_officer, bed=bed, person=person, on=dt.date(2024, 6, 1))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    html = response.content.decode()
    for bed in [*homes.beds, *more]:
        assert f'href="{reverse("beds:bed", args=[bed.pk])}"' in html
        assert f'href="{reverse("beds:qr_png", args=[bed.pk])}?download=1"' in html
        assert f'href="{reverse("beds:qr_svg", args=[bed.pk])}?download=1"' in html
    for person in [first, *people]:
        assert f'{person.name} <span class="masked muted">{person.id_number_masked}</span>' in html
    assert html.count('<span class="badge ok">在住</span>') == 7 and html.count('<span class="badge grey">空闲</span>') == 8
    assert "2024-05-06" in html and "在用 15 张，在住 7 张" in html
    assert html.count(f'<td data-label="类型">{Bed.Kind.ORDINARY.label}</td>') == 12
    assert html.count(f'<td data-label="类型">{Bed.Kind.NURSING.label}</td>') == 3
    shown = AccessLog.objects.filter(actor=homes.op_a, kind="view", subject_type="people.person")
    assert shown.filter(subject_id=str(first.pk)).count() == 3
    assert all(shown.filter(subject_id=str(p.pk), subject_repr=p.name, region_code=p.region_code).count() == 1
               for p in people)


def test_qr_codes_download_as_png_and_svg_and_print_on_one_sheet(login, personas: Personas,  # type: ignore[no-untyped-def]
                                                                 homes: Homes) -> None:
    client = login(homes.op_a)
    bed = homes.beds[0]
    png = client.get(f"/eldercare/beds/{bed.pk}/qr.png?download=1")
    assert png.status_code == 200 and png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert "attachment" in png["Content-Disposition"]
    svg = client.get(f"/eldercare/beds/{bed.pk}/qr.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    sheet = client.get(f"/eldercare/beds/homes/{homes.mine.pk}/qr/").content.decode()
    assert all(f"/eldercare/beds/{b.pk}/qr.svg" in sheet for b in homes.beds)
    assert login(homes.op_b).get(f"/eldercare/beds/{bed.pk}/qr.png").status_code == 404


def test_a_check_in_by_id_number_and_a_check_out_on_the_bed_page(login, personas: Personas,  # type: ignore[no-untyped-def]
                                                                 homes: Homes) -> None:
    person, raw = elder()
    client = login(homes.op_a)
    bed = homes.beds[0]
    response = client.post(f"/eldercare/beds/{bed.pk}/check-in/", {"id_number": raw, "checked_in_on": "2024-05-06"})
    assert response.status_code == 302, response.content.decode()
    page = client.get(f"/eldercare/beds/{bed.pk}/").content.decode()
    assert person.name in page and person.id_number_masked in page and raw not in page and "办理退住" in page
    assert AccessLog.objects.filter(actor=homes.op_a, kind="view", subject_id=str(person.pk)).exists()
    stay = Occupancy.objects.get()
    refused = client.post(f"/eldercare/beds/stays/{stay.pk}/check-out/",
                          {"checked_out_on": "2024-05-01", "check_out_reason": "discharged"})
    assert refused.status_code == 400
    assert messages.CHECK_OUT_BEFORE_IN.format(date="2024-05-06") in refused.content.decode()
    done = client.post(f"/eldercare/beds/stays/{stay.pk}/check-out/",
                       {"checked_out_on": "2024-07-01", "check_out_reason": "discharged"})
    assert done.status_code == 302
    stay.refresh_from_db()
    assert stay.checked_out_on == dt.date(2024, 7, 1)


def test_a_check_in_refused_shows_the_reason_on_the_id_number(login, personas: Personas, homes: Homes) -> None:  # type: ignore[no-untyped-def]
    person, raw = elder()
    bed_check_in(actor=personas.aishan_officer, bed=homes.beds[1], person=person, on=dt.date(2024, 1, 1))
    response = login(personas.aishan_officer).post(f"/eldercare/beds/{homes.beds[0].pk}/check-in/",
                                                   {"id_number": raw, "checked_in_on": "2024-05-06"})
    assert response.status_code == 400
    assert messages.PERSON_IN_BED.format(home=homes.mine.name, bed="101房2床", since="2024-01-01") in \
        response.content.decode()


def test_a_bed_is_retired_on_its_page(login, personas: Personas, homes: Homes) -> None:  # type: ignore[no-untyped-def]
    client = login(personas.aishan_officer)
    assert client.post(f"/eldercare/beds/{homes.beds[2].pk}/retire/", {"reason": ""}).status_code == 400
    assert client.post(f"/eldercare/beds/{homes.beds[2].pk}/retire/", {"reason": "改为护理站"}).status_code == 302
    assert not Bed.objects.get(pk=homes.beds[2].pk).active


def test_the_subsidy_pages_make_read_and_approve_a_run(login, personas: Personas, homes: Homes) -> None:  # type: ignore[no-untyped-def]
    person = elder()[0]
    assess(personas.aishan_officer, person, total=TOTAL_FOR["moderate"], on=dt.date(2024, 1, 5))
    bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=dt.date(2024, 1, 5))
    maker = login(personas.wuxing_officer)
    bad = maker.post("/eldercare/beds/subsidy/", {"period": "2099-01"})
    assert bad.status_code == 400 and messages.PERIOD_NOT_OVER.format(month="2099-01") in bad.content.decode()
    made = maker.post("/eldercare/beds/subsidy/", {"period": "2024-03"})
    assert made.status_code == 302
    run = BedSubsidyRun.objects.get()
    detail = maker.get(f"/eldercare/beds/subsidy/{run.pk}/").content.decode()
    assert homes.mine.name in detail and "124.00" in detail and "审核通过" not in detail
    lines = maker.get(f"/eldercare/beds/subsidy/{run.pk}/lines/").content.decode()
    assert person.name in lines and person.id_number_masked in lines
    checker = login(personas.city_admin)
    assert "审核通过" in checker.get(f"/eldercare/beds/subsidy/{run.pk}/").content.decode()
    assert checker.post(f"/eldercare/beds/subsidy/{run.pk}/approve/").status_code == 302
    run.refresh_from_db()
    assert (run.status, run.approved_by) == ("approved", personas.city_admin)
    assert login(personas.anji_officer).get(f"/eldercare/beds/subsidy/{run.pk}/").status_code == 404
    assert login(personas.aishan_officer).get("/eldercare/beds/subsidy/").status_code == 403


def test_the_city_adds_a_rate_and_a_county_only_reads_them(login, personas: Personas, homes: Homes) -> None:  # type: ignore[no-untyped-def]
    county = login(personas.wuxing_officer).get("/eldercare/beds/subsidy/rates/")
    assert county.status_code == 200 and "录入新标准" not in county.content.decode()
    city = login(personas.city_admin)
    response = city.post("/eldercare/beds/subsidy/rates/", {"level": "full", "region_prefix": "3305",
                                                            "effective_from": "2025-01", "amount": "9.00"})
    assert response.status_code == 302
    assert BedSubsidyRate.objects.filter(level="full", effective_from=dt.date(2025, 1, 1)).exists()


def test_the_findings_page_lists_what_the_checks_find_in_scope(login, personas: Personas, homes: Homes) -> None:  # type: ignore[no-untyped-def]
    person = elder()[0]
    assess(personas.aishan_officer, person, total=TOTAL_FOR["mild"], on=dt.date(2024, 1, 5))
    bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=dt.date(2024, 1, 5))
    bed_subsidy_run_start(actor=personas.wuxing_officer, period="2024-03")
    page = login(personas.wuxing_officer).get("/eldercare/beds/findings/", {"month": "2024-03"}).content.decode()
    assert "领取补贴但当月无扫码和入住" in page and "101房1床" in page and "62.00元（31床日）" in page
    other = login(personas.anji_officer).get("/eldercare/beds/findings/", {"month": "2024-03"}).content.decode()
    assert "没有发现问题" in other and person.name not in other
    assert login(personas.wuxing_officer).get("/eldercare/beds/findings/", {"month": "2024-3x"}).status_code == 400
    assert login(homes.op_a).get("/eldercare/beds/findings/").status_code == 403


def test_the_navigation_offers_the_bed_pages_by_power(login, personas: Personas, homes: Homes) -> None:  # type: ignore[no-untyped-def]
    county = login(personas.wuxing_officer).get("/eldercare/beds/").content.decode()
    assert all(label in county for label in ("一床一码", "床位补贴", "床位核查"))
    operator = login(homes.op_a).get("/eldercare/beds/").content.decode()
    assert 'href="/eldercare/beds/subsidy/"' not in operator and 'href="/eldercare/beds/findings/"' not in operator
