"""The venture and award pages: a round created, an application refused over the cap on the form,
reviewed, noticed and funded through the pages; awards listed and exported; scoping."""

from __future__ import annotations

import pytest

from minzheng.civil_society.venture.models import OrgAward, VentureApplication, VentureRound
from minzheng.core.models import AccessLog
from tests.civil_society.conftest import adult

pytestmark = pytest.mark.django_db


def test_a_round_through_the_pages(personas, login, org):
    client = login(personas.wuxing_officer)
    response = client.post(
        "/civil-society/venture/",
        {"year": "2024", "name": "吴兴区公益创投", "budget": "500000", "fund_source": "区本级福利彩票公益金"},
    )
    rnd = VentureRound.objects.get()
    assert response["Location"] == f"/civil-society/venture/{rnd.pk}/"
    response = client.post(
        f"/civil-society/venture/{rnd.pk}/apply/",
        {"organization": org.pk, "project": "邻里互助", "budget_total": "300000", "requested": "250000"},
    )
    assert response.status_code == 400 and "单个项目资助上限为200,000元" in response.content.decode()
    client.post(
        f"/civil-society/venture/{rnd.pk}/apply/",
        {"organization": org.pk, "project": "邻里互助", "budget_total": "300000", "requested": "180000"},
    )
    application = VentureApplication.objects.get()
    client.post(f"/civil-society/venture/applications/{application.pk}/review/", {"score": "86.5"})
    client.post(f"/civil-society/venture/{rnd.pk}/notice/", {"noticed_on": "2024-04-01"})
    response = client.post(
        f"/civil-society/venture/applications/{application.pk}/fund/",
        {"amount": "170000", "funded_on": "2024-04-20"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "funded"
    page = client.get(f"/civil-society/venture/{rnd.pk}/").content.decode()
    assert "86.50" in page
    assert client.get(f"/civil-society/venture/{rnd.pk}/?format=xlsx").status_code == 200
    assert (
        login(personas.anji_officer).get(f"/civil-society/venture/applications/{application.pk}/").status_code
        == 404
    )


def test_awards_page_adds_a_leader_by_id_number(personas, login, org):
    person, raw = adult()
    client = login(personas.wuxing_officer)
    response = client.post(
        "/civil-society/venture/awards/",
        {
            "organization": org.pk,
            "kind": "leader",
            "year": "2024",
            "level": "provincial",
            "id_number": raw,
            "title": "",
        },
    )
    assert response.status_code == 302
    assert OrgAward.objects.get().person == person
    response = client.post(
        "/civil-society/venture/awards/",
        {
            "organization": org.pk,
            "kind": "leader",
            "year": "2024",
            "level": "provincial",
            "id_number": "",
            "title": "",
        },
    )
    assert response.status_code == 400 and "领军人物" in response.content.decode()
    assert client.get("/civil-society/venture/awards/?format=xlsx").status_code == 200
    client.get("/civil-society/venture/awards/")
    assert AccessLog.objects.filter(subject_id=str(person.pk)).exists()
    assert login(personas.aishan_officer).post("/civil-society/venture/awards/", {}).status_code == 403
