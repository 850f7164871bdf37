"""The rehab pages: who may open them (403 without the permission, 404 outside the scope), names
and ID numbers masked with an access-log row per patient shown, the Excel exports, the forms'
Chinese errors, and the figures API's bad input."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from minzheng.core.models import AccessLog
from minzheng.disability.network import services as network_services
from minzheng.disability.records.models import RehabService
from tests.disability.conftest import Rehab, patient, services_for
from tests.eldercare.beds.conftest import fresh
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def _sheet(response):  # type: ignore[no-untyped-def]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_patient_list_masks_names_logs_each_patient_and_exports(
    login, personas: Personas, rehab: Rehab
) -> None:  # type: ignore[no-untyped-def]
    p = patient(personas.aishan_officer, rehab.wuxing)
    client = login(personas.aishan_officer)
    page = client.get("/disability/patients/")
    assert page.status_code == 200
    text = page.content.decode()
    assert p.masked_name in text and p.person.name not in text and p.person.id_number_masked in text
    assert AccessLog.objects.filter(subject_id=str(p.person.pk), kind="view").count() == 1
    rows = _sheet(client.get("/disability/patients/export/"))
    assert rows[0][0] == "编号" and rows[1][1] == p.masked_name
    assert AccessLog.objects.filter(subject_id=str(p.person.pk), kind="export").count() == 1


def test_a_patient_record_is_404_outside_the_scope_and_403_without_the_permission(
    login,
    personas: Personas,
    rehab: Rehab,  # type: ignore[no-untyped-def]
) -> None:
    p = patient(personas.aishan_officer, rehab.wuxing)
    assert login(personas.anji_officer).get(f"/disability/patients/{p.pk}/").status_code == 404
    assert login(personas.village_worker).get(f"/disability/patients/{p.pk}/").status_code == 403
    assert login(personas.village_worker).get("/disability/patients/").status_code == 403
    assert login(rehab.op_b).get(f"/disability/patients/{p.pk}/").status_code == 404  # not their organization
    page = login(personas.wuxing_officer).get(f"/disability/patients/{p.pk}/")
    assert page.status_code == 200 and p.person.name in page.content.decode()
    assert AccessLog.objects.filter(subject_id=str(p.person.pk), actor=personas.wuxing_officer).exists()


def test_an_operator_records_a_service_on_the_page_and_a_bad_one_gets_field_errors(
    login,
    personas: Personas,
    rehab: Rehab,  # type: ignore[no-untyped-def]
) -> None:
    p = patient(personas.aishan_officer, rehab.wuxing)
    client = login(rehab.op_a)
    bad = client.post(
        f"/disability/patients/{p.pk}/services/",
        {
            "facility": rehab.wuxing.pk,
            "kind": "medication",
            "served_on": "2024-02-30",
            "minutes": "999",
            "staff": "",
        },
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "服务日期：格式应为 YYYY-MM-DD" in text and "服务人员：" in text
    assert not RehabService.objects.exists()
    good = client.post(
        f"/disability/patients/{p.pk}/services/",
        {
            "facility": rehab.wuxing.pk,
            "kind": "life_skills",
            "served_on": "2024-02-20",
            "minutes": "90",
            "staff": "李康复",
        },
    )
    assert good.status_code == 302
    assert RehabService.objects.get().kind == "life_skills"
    # The officer reads it; the list and export show it in their scope only.
    assert "生活技能训练" in login(personas.aishan_officer).get("/disability/services/").content.decode()
    rows = _sheet(login(personas.aishan_officer).get("/disability/services/export/?year=2024"))
    assert rows[1][2] == "生活技能训练"
    assert len(_sheet(login(personas.anji_officer).get("/disability/services/export/"))) == 1


def test_network_coverage_indicators_figures_and_rounds_pages(
    login, personas: Personas, rehab: Rehab
) -> None:  # type: ignore[no-untyped-def]
    network_services.placement_set(
        actor=fresh(personas.wuxing_officer),
        facility=rehab.wuxing,
        level="county",
        placed_on=dt.date(2024, 1, 1),
    )
    p = patient(personas.aishan_officer, rehab.wuxing)
    services_for(rehab.op_a, p, rehab.wuxing, [dt.date(2024, m, 5) for m in (1, 4, 7, 10)])
    client = login(personas.city_admin)
    network = client.get("/disability/network/")
    assert network.status_code == 200 and "区县级精神康复中心" in network.content.decode()
    coverage = client.get("/disability/network/coverage/")
    assert "吴兴区" in coverage.content.decode() and "未达到" in coverage.content.decode()
    rows = _sheet(client.get("/disability/network/coverage/export/"))
    assert rows[0][0] == "区县" and len(rows) == 6
    assert _sheet(client.get("/disability/network/export/"))[1][0] == "吴兴区精神康复中心"
    indicators = client.get("/disability/indicators/?year=2024")
    assert indicators.status_code == 200 and "100.0%" in indicators.content.decode()
    figures = client.get("/disability/figures/?year=2024")
    assert figures.status_code == 200 and "接受康复服务的在册患者" in figures.content.decode()
    assert client.get("/disability/figures/?year=abc").status_code == 400
    assert client.get("/disability/reviews/").status_code == 200
    assert login(personas.village_worker).get("/disability/indicators/").status_code == 403
    bad = login(personas.wuxing_officer).post(
        "/disability/reviews/", {"region": "330523", "done_on": "2024-05-01"}
    )
    assert bad.status_code == 400 and "不在您的管辖范围内" in bad.content.decode()
    assert (
        login(personas.aishan_officer).post("/disability/reviews/", {"region": "330502003"}).status_code
        == 403
    )


def test_the_figures_api_answers_the_scope_and_refuses_a_bad_year(
    api, personas: Personas, rehab: Rehab
) -> None:  # type: ignore[no-untyped-def]
    p = patient(personas.anji_officer, rehab.anji, region_code=OTHER_COUNTY_VILLAGE)
    services_for(rehab.op_b, p, rehab.anji, [dt.date(2024, 5, 1)])
    answer = api(personas.city_admin).get("/api/disability/figures/?year=2024")
    assert answer.status_code == 200
    assert answer.json() == {"year": 2024, "rehab_orgs": 2, "rehab_served": 1, "subsidy_reviews": 0}
    assert api(personas.wuxing_officer).get("/api/disability/figures/?year=2024").json()["rehab_served"] == 0
    for bad in ("", "?year=", "?year=abc", "?year=1999", "?year=2101"):
        refused = api(personas.city_admin).get(f"/api/disability/figures/{bad}")
        assert refused.status_code == 400 and "year" in refused.json()
    assert api(personas.village_worker).get("/api/disability/figures/?year=2024").status_code == 403
    assert api(None).get("/api/disability/figures/?year=2024").status_code in (401, 403)
    indicators = api(personas.city_admin).get("/api/disability/indicators/?year=2024").json()
    assert (
        indicators["counties_serving"] == 1 and indicators["patients"] == 1 and len(indicators["rows"]) == 5
    )
