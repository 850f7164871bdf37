"""The children's pages, in Chinese and scoped: profiles (list, Excel export, create, detail,
review, end), the visit queue and a child's visits, the service list, director coverage, the
allowance page; a village worker sees only their own village, another village's child is 404."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from minzheng.children.profiles.models import ChildProfile
from minzheng.children.visits.models import ChildVisit
from minzheng.core.models import AccessLog
from tests.assistance.factories import person_born
from tests.children.conftest import MakeProfile, child, years_ago
from tests.personas import NEIGHBOUR_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[tuple]:  # type: ignore[no-untyped-def]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_the_list_is_scoped_exported_and_logged(login, personas: Personas, make_profile: MakeProfile) -> None:  # type: ignore[no-untyped-def]
    mine = make_profile(personas.aishan_officer)
    other = make_profile(personas.aishan_officer, child(region_code=NEIGHBOUR_VILLAGE))
    client = login(personas.village_worker)
    page = client.get("/children/profiles/")
    assert page.status_code == 200
    text = page.content.decode()
    assert mine.person.name in text and f"/children/profiles/{other.pk}/" not in text
    assert AccessLog.objects.filter(actor=personas.village_worker, subject_id=str(mine.person_id)).exists()
    export = client.get("/children/profiles/?export=xlsx")
    rows = rows_of(export)
    assert rows[0][2] == "儿童姓名" and len(rows) == 2 and rows[1][0] == mine.pk
    assert "*" in rows[1][3] and "*" in rows[1][9]  # ID number and guardian phone masked
    assert client.get(f"/children/profiles/{other.pk}/").status_code == 404
    assert client.get(f"/children/visits/children/{other.pk}/").status_code == 404
    assert client.get("/children/profiles/new/").status_code == 403


def test_opening_a_profile_on_the_page(login, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    _person, raw = person_born(years_ago(12))
    client = login(personas.aishan_officer)
    assert "建立儿童档案" in client.get("/children/profiles/new/").content.decode()
    form = {
        "id_number": raw,
        "hukou": "rural",
        "categories": ["orphan"],
        "father_status": "dead",
        "mother_status": "missing",
        "guardian_name": "李桂芳",
        "guardian_relation": "祖母",
        "guardian_phone": "13912345678",
    }
    refused = client.post("/children/profiles/new/", {**form, "mother_status": "alive"})
    assert refused.status_code == 400 and "孤儿不成立" in refused.content.decode()
    assert not ChildProfile.objects.exists()
    done = client.post("/children/profiles/new/", form)
    profile = ChildProfile.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/children/profiles/{profile.pk}/"
    detail = client.get(done["Location"]).content.decode()
    assert "孤儿" in detail and "13912345678" not in detail and "139****5678" in detail


def test_an_unknown_id_number_is_a_form_error(login, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    response = login(personas.aishan_officer).post(
        "/children/profiles/new/",
        {
            "id_number": "11010519491231002X",
            "hukou": "urban",
            "categories": ["migrant"],
            "father_status": "alive",
            "mother_status": "alive",
            "guardian_name": "张三",
            "guardian_relation": "父亲",
        },
    )
    assert response.status_code == 400 and "人口库中没有" in response.content.decode()


def test_review_and_end_on_the_page(login, personas: Personas, make_profile: MakeProfile) -> None:  # type: ignore[no-untyped-def]
    profile = make_profile(personas.aishan_officer, categories=("orphan", "migrant"))
    client = login(personas.aishan_officer)
    assert client.get(f"/children/profiles/{profile.pk}/review/").status_code == 200
    done = client.post(
        f"/children/profiles/{profile.pk}/review/",
        {
            "hukou": "urban",
            "categories": ["migrant"],
            "father_status": "alive",
            "mother_status": "alive",
            "guardian_name": "张三",
            "guardian_relation": "父亲",
        },
    )
    assert done.status_code == 302
    profile.refresh_from_db()
    assert profile.categories == ["migrant"] and profile.guardian_phone_masked  # phone kept
    bad = client.post(f"/children/profiles/{profile.pk}/end/", {"end_reason": "moved"})
    assert bad.status_code == 400
    assert client.post(f"/children/profiles/{profile.pk}/end/", {"end_reason": "died"}).status_code == 302
    profile.refresh_from_db()
    assert profile.status == "ended"


def test_the_queue_and_recording_a_visit(login, personas: Personas, make_profile: MakeProfile) -> None:  # type: ignore[no-untyped-def]
    profile = make_profile(personas.aishan_officer, opened_on=timezone.localdate() - dt.timedelta(days=60))
    client = login(personas.village_worker)
    queue = client.get("/children/visits/").content.decode()
    assert profile.person.name in queue and "逾期" in queue
    assert len(rows_of(client.get("/children/visits/?export=xlsx"))) == 2
    bad = client.post(
        f"/children/visits/children/{profile.pk}/visit/",
        {"visited_on": "2099-01-01", "way": "home", "notes": "x"},
    )
    assert bad.status_code == 400 and "走访日期" in bad.content.decode()
    done = client.post(
        f"/children/visits/children/{profile.pk}/visit/",
        {"visited_on": timezone.localdate().isoformat(), "way": "home", "notes": "入户看望"},
    )
    assert done.status_code == 302 and ChildVisit.objects.count() == 1


def test_the_service_list_and_delivering_one(login, personas: Personas, make_profile: MakeProfile) -> None:  # type: ignore[no-untyped-def]
    profile = make_profile(personas.aishan_officer, categories=("migrant",))
    client = login(personas.village_worker)
    page = client.get("/children/visits/services/")
    assert page.status_code == 200 and page.content.decode().count("card-title") == 20
    done = client.post(
        f"/children/visits/children/{profile.pk}/service/",
        {"item": 1, "delivered_on": timezone.localdate().isoformat(), "provider": "社区儿童之家"},
    )
    assert done.status_code == 302
    export = client.get(f"/children/visits/services/?year={timezone.localdate().year}&export=xlsx")
    assert len(rows_of(export)) == 2


def test_director_coverage_and_appointing(login, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    _adult, raw = person_born(dt.date(1980, 1, 1))
    client = login(personas.aishan_officer)
    page = client.get("/children/directors/").content.decode()
    assert "仪凤桥社区" in page and "南街社区" in page
    done = client.post(
        "/children/directors/new/",
        {"role": "director", "region_code": "330502003001", "id_number": raw, "started_on": "2024-01-01"},
    )
    assert done.status_code == 302
    again = client.post(
        "/children/directors/new/",
        {"role": "director", "region_code": "330502003001", "id_number": raw, "started_on": "2024-01-01"},
    )
    assert again.status_code == 400 and "已有在任儿童主任" in again.content.decode()
    rows = rows_of(client.get("/children/directors/?export=xlsx"))
    assert rows[1][4] == 1 and rows[1][7] == "南街社区"
    assert login(personas.village_worker).get("/children/directors/").status_code == 403


def test_the_allowance_page_grants_and_runs(login, personas: Personas, make_profile: MakeProfile) -> None:  # type: ignore[no-untyped-def]
    make_profile(personas.aishan_officer)
    client = login(personas.city_admin)
    assert "孤儿基本生活费" in client.get("/children/allowances/").content.decode()
    month = timezone.localdate().strftime("%Y-%m")
    done = client.post("/children/allowances/", {"program": "orphan_living", "month": month, "region": ""})
    assert done.status_code == 302
    assert (
        client.post("/children/allowances/", {"program": "orphan_living", "month": "2024-13"}).status_code
        == 400
    )
    assert login(personas.aishan_officer).get("/children/allowances/").status_code == 403


def test_the_nav_shows_the_children_items(login, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    text = login(personas.village_worker).get("/children/visits/").content.decode()
    assert "儿童走访" in text and "儿童档案" in text


def test_ending_a_director_with_a_bad_date_is_a_400_naming_the_field(login, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    from minzheng.children.directors.services import director_appoint

    post = director_appoint(
        actor=personas.aishan_officer,
        person=person_born(dt.date(1980, 1, 1))[0],
        role="director",
        region_code="330502003001",
        started_on=dt.date(2023, 1, 1),
    )
    client = login(personas.aishan_officer)
    bad = client.post(f"/children/directors/{post.pk}/end/", {"ended_on": "2022-01-01"})
    assert bad.status_code == 400 and "离任日期" in bad.content.decode()
    assert client.post(f"/children/directors/{post.pk}/end/", {"ended_on": "2024-01-01"}).status_code == 302
    assert "离任" in client.get("/children/directors/posts/?status=all").content.decode()


def test_the_reviews_due_within_a_month(login, personas: Personas, make_profile: MakeProfile) -> None:  # type: ignore[no-untyped-def]
    soon = make_profile(personas.aishan_officer, review_on=timezone.localdate() + dt.timedelta(days=20))
    later = make_profile(personas.aishan_officer, review_on=timezone.localdate() + dt.timedelta(days=200))
    text = login(personas.aishan_officer).get("/children/profiles/?review_due=on").content.decode()
    assert f"/children/profiles/{soon.pk}/" in text and f"/children/profiles/{later.pk}/" not in text
