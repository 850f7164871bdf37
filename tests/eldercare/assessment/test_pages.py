"""The assessor's pages: find an elder by ID number in the scope, fill in the 26 items (each with
the standard's wording, grouped by indicator) and save; see the running total; read the history
and one assessment; void one. Other townships' people answer 404, staff without the power 403,
and reading a person's assessments is access-logged."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from minzheng.core.models import AccessLog, AuditEntry
from minzheng.eldercare import messages
from minzheng.eldercare.assessment.models import Assessment
from minzheng.eldercare.assessment.scoring import ITEMS
from tests.eldercare.factories import assess, elder, scores_totalling
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(personas: Personas) -> Client:
    client = Client()
    client.force_login(personas.aishan_officer)
    return client


def form_data(total: int = 50, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {item.key: str(score) for item, score in zip(ITEMS, scores_totalling(total), strict=True)}
    return {"assessed_on": "2024-05-10", "reason": "first", "risk_events_30d": "0", **data, **extra}


def test_find_by_id_number_then_record_an_assessment(officer: Client, personas: Personas) -> None:
    person, raw = elder()
    found = officer.get("/eldercare/assessments/", {"id_number": raw})
    assert found.status_code == 302 and found["Location"] == f"/eldercare/assessments/people/{person.pk}/"
    history = officer.get(found["Location"])
    assert history.status_code == 200 and "尚无有效的能力评估" in history.content.decode()

    page = officer.get(f"/eldercare/assessments/people/{person.pk}/new/")
    html = page.content.decode()
    assert page.status_code == 200
    # 26 radio groups under the four indicators, each option in the standard's words.
    assert len(re.findall(r'<fieldset class="candidates', html)) == 26
    for heading in ("B.1 自理能力", "B.2 基础运动能力", "B.3 精神状态", "B.4 感知觉与社会参与"):
        assert heading in html
    assert "0分：完全依赖他人协助进食，或吞咽困难，或留置营养管" in html
    assert "3分：可独立上下楼梯（连续上下10个～15个台阶），不需要协助" in html
    assert html.count('type="radio"') == sum(len(item.options) for item in ITEMS)

    saved = officer.post(f"/eldercare/assessments/people/{person.pk}/new/", form_data(70, dementia="on"))
    assert saved.status_code == 302
    a = Assessment.objects.get(person=person)
    assert saved["Location"] == f"/eldercare/assessments/{a.pk}/"
    assert (a.total, a.preliminary_level, a.level, a.assessor) == (70, "mild", "moderate", personas.aishan_officer)
    detail = officer.get(saved["Location"]).content.decode()
    assert messages.PAGE_RECORDED.format(date="2024-05-10", level="中度失能") in detail
    assert "独立使用器具将食物送进口中并咽下，没有呛咳" in detail
    assert "中度失能" in officer.get(f"/eldercare/assessments/people/{person.pk}/").content.decode()


def test_a_missing_item_is_named_and_nothing_is_saved(officer: Client) -> None:
    person, _ = elder()
    data = form_data()
    del data["bathing"]
    data["reason"] = "other"
    page = officer.post(f"/eldercare/assessments/people/{person.pk}/new/", data)
    assert page.status_code == 400
    html = page.content.decode()
    assert messages.SCORE_REQUIRED.format(n=3, code="B.1.3", name="洗澡") in html
    assert not Assessment.objects.exists()
    # The service's reasons land on the form too.
    page = officer.post(f"/eldercare/assessments/people/{person.pk}/new/", form_data(reason="other"))
    assert page.status_code == 400 and messages.REASON_NOTE_REQUIRED in page.content.decode()
    assert not Assessment.objects.exists()


def test_the_running_total_follows_the_choices(officer: Client) -> None:
    partial = officer.post("/eldercare/assessments/preview/", {"eating": "4", "grooming": "3", "stairs": "9"})
    html = partial.content.decode()
    assert partial.status_code == 200 and "已选 2/26 项" in html and "合计 7 分" in html
    complete = officer.post("/eldercare/assessments/preview/", form_data(66, psychiatric="on"))
    html = complete.content.decode()
    assert "已选 26/26 项" in html
    assert "<dt>初步等级</dt><dd>轻度失能</dd>" in html and "<dt>能力等级</dt><dd><strong>中度失能</strong></dd>" in html
    assert not Assessment.objects.exists()


def test_history_and_detail_are_access_logged_and_voiding_works(officer: Client, personas: Personas) -> None:
    person, _ = elder()
    a = assess(personas.aishan_officer, person, total=40)
    officer.get(f"/eldercare/assessments/people/{person.pk}/")
    officer.get(f"/eldercare/assessments/{a.pk}/")
    assert AccessLog.objects.filter(actor=personas.aishan_officer, subject_id=str(person.pk)).count() == 2
    assert officer.post(f"/eldercare/assessments/{a.pk}/void/", {"reason": "录入错误"}).status_code == 302
    page = officer.get(f"/eldercare/assessments/{a.pk}/").content.decode()
    assert "本评估已于" in page and "录入错误" in page and "作废本评估" not in page
    assert AuditEntry.objects.filter(action="eldercare.assessment.voided").count() == 1
    assert "尚无有效的能力评估" in officer.get(f"/eldercare/assessments/people/{person.pk}/").content.decode()


def test_other_townships_people_are_404_and_workers_403(officer: Client, personas: Personas) -> None:
    far, raw = elder(region_code=OTHER_COUNTY_VILLAGE)
    theirs = assess(personas.anji_officer, far, on=dt.date(2024, 4, 1))
    assert officer.get(f"/eldercare/assessments/people/{far.pk}/").status_code == 404
    assert officer.get(f"/eldercare/assessments/people/{far.pk}/new/").status_code == 404
    assert officer.post(f"/eldercare/assessments/people/{far.pk}/new/", form_data()).status_code == 404
    assert officer.get(f"/eldercare/assessments/{theirs.pk}/").status_code == 404
    assert officer.post(f"/eldercare/assessments/{theirs.pk}/void/", {"reason": "x"}).status_code == 404
    found = officer.get("/eldercare/assessments/", {"id_number": raw})
    assert found.status_code == 400 and messages.PAGE_ID_NUMBER_NOT_FOUND in found.content.decode()
    worker = Client()
    worker.force_login(personas.village_worker)
    assert worker.get("/eldercare/assessments/").status_code == 403
    assert Assessment.objects.filter(voided_at__isnull=False).count() == 0


def test_the_navigation_shows_the_item_to_officers_only(officer: Client, personas: Personas) -> None:
    assert 'href="/eldercare/assessments/"' in officer.get("/").content.decode()
    worker = Client()
    worker.force_login(personas.village_worker)
    assert 'href="/eldercare/assessments/"' not in worker.get("/").content.decode()
