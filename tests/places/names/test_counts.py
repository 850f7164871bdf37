"""Counts kept as records: roads and bridges named per year (from approved and published
proposals), and the signage products, culture routes and culture halls (PlaceNameWork)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from minzheng.core import messages as core_messages
from minzheng.core.models import AuditEntry
from minzheng.places import messages
from minzheng.places.models import PlaceNameWork
from minzheng.places.names.selectors import named_per_year, place_name_counts
from minzheng.places.names.services import place_name_work_record
from tests.places.names.factories import NamingProposalFactory, PlaceNameWorkFactory

pytestmark = pytest.mark.django_db

AISHAN, ZHILI, DIPU = "330502003000", "330502100000", "330523001000"


def at(year: int, month: int = 6) -> dt.datetime:
    return dt.datetime(year, month, 1, 10, tzinfo=dt.UTC)


@pytest.fixture
def named(people):
    """Roads and bridges in three townships of two counties, in 2023 and 2024, in every status."""
    by = {"proposed_by": people.aishan_officer}
    NamingProposalFactory(region_code=AISHAN, status="published", approved_at=at(2024), **by)
    NamingProposalFactory(region_code=AISHAN, status="approved", approved_at=at(2024), kind="bridge", name="一桥",
                          **by)
    NamingProposalFactory(region_code=AISHAN, status="township_approved", **by)
    NamingProposalFactory(region_code=AISHAN, status="rejected", **by)
    NamingProposalFactory(region_code=ZHILI, status="published", approved_at=at(2024), **by)
    NamingProposalFactory(region_code=ZHILI, status="published", approved_at=at(2023), **by)
    NamingProposalFactory(region_code=DIPU, status="published", approved_at=at(2024), kind="bridge", name="二桥", **by)
    # Approved at 23:30 on New Year's Eve in Shanghai is still 2024 there, though 2024-12-31 15:30 UTC.
    NamingProposalFactory(region_code=ZHILI, status="published",
                          approved_at=dt.datetime(2024, 12, 31, 15, 30, tzinfo=dt.UTC), **by)


def test_named_per_year_for_the_city(people, named):
    assert named_per_year(user=people.city_admin) == [
        {"year": 2023, "roads": 1, "bridges": 0, "total": 1},
        {"year": 2024, "roads": 3, "bridges": 2, "total": 5},
    ]
    assert named_per_year(user=people.city_admin, year=2023) == [{"year": 2023, "roads": 1, "bridges": 0, "total": 1}]


def test_named_per_year_is_scoped(people, named):
    assert named_per_year(user=people.aishan_officer, year=2024) == [
        {"year": 2024, "roads": 1, "bridges": 1, "total": 2}]
    assert named_per_year(user=people.anji_officer) == [{"year": 2024, "roads": 0, "bridges": 1, "total": 1}]
    assert named_per_year(user=people.nobody) == []


def test_place_name_counts(people, named):
    for kind, n in ((PlaceNameWork.Kind.SIGNAGE_PRODUCT, 3), (PlaceNameWork.Kind.CULTURE_ROUTE, 1),
                    (PlaceNameWork.Kind.CULTURE_HALL, 2)):
        PlaceNameWorkFactory.create_batch(n, kind=kind)
    PlaceNameWorkFactory(kind=PlaceNameWork.Kind.CULTURE_HALL, region_code=DIPU)
    PlaceNameWorkFactory(year=2023)
    assert place_name_counts(user=people.city_admin, year=2024) == {
        "rural_roads_named": 5, "signage_products": 3, "culture_routes": 1, "culture_halls": 3}
    assert place_name_counts(user=people.wuxing_officer, year=2024) == {
        "rural_roads_named": 4, "signage_products": 3, "culture_routes": 1, "culture_halls": 2}
    assert place_name_counts(user=people.city_admin, year=2023)["signage_products"] == 1
    assert place_name_counts(user=people.nobody, year=2024) == {
        "rural_roads_named": 0, "signage_products": 0, "culture_routes": 0, "culture_halls": 0}


# ---- recording work ----------------------------------------------------------------------------

def test_township_officer_records_work_in_scope(people):
    work = place_name_work_record(actor=people.aishan_officer, kind="culture_hall", name="仪凤桥地名文化展示馆",
                                  region_code=AISHAN, year=2024, note="改建")
    assert (work.kind, work.year) == ("culture_hall", 2024)
    assert AuditEntry.objects.filter(action="places.place_name_work.recorded", object_id=str(work.pk)).exists()


def test_work_input_is_checked(people):
    with pytest.raises(ValidationError) as exc:
        place_name_work_record(actor=people.wuxing_officer, kind="museum", name="", region_code="330523000000",
                               year=1990, note="长" * 301)
    assert exc.value.message_dict == {
        "kind": [messages.WORK_KIND_INVALID], "name": [messages.WORK_NAME_REQUIRED],
        "region_code": [core_messages.REGION_OUT_OF_SCOPE],
        "year": [messages.WORK_YEAR_INVALID.format(min=2000, max=dt.date.today().year + 1)],
        "note": [messages.WORK_NOTE_TOO_LONG.format(max=300)],
    }
    with pytest.raises(ValidationError) as exc:
        place_name_work_record(actor=people.wuxing_officer, kind="culture_route", name="线路", region_code="123",
                               year=2024)
    assert exc.value.message_dict == {"region_code": [messages.WORK_REGION_INVALID]}


def test_the_same_work_twice_is_refused(people):
    place_name_work_record(actor=people.city_admin, kind="culture_route", name="溇港寻踪", region_code=ZHILI, year=2024)
    with pytest.raises(ValidationError) as exc:
        place_name_work_record(actor=people.city_admin, kind="culture_route", name="溇港寻踪", region_code=ZHILI,
                               year=2024)
    assert exc.value.message_dict == {"name": [messages.WORK_DUPLICATE.format(kind="地名文化旅游线路", name="溇港寻踪")]}


@pytest.mark.parametrize("who", ["village_worker", "auditor", "nobody"])
def test_village_workers_and_readers_do_not_record_work(people, who):
    with pytest.raises(PermissionDenied):
        place_name_work_record(actor=getattr(people, who), kind="culture_hall", name="馆", region_code="330502003001",
                               year=2024)


# ---- the page ----------------------------------------------------------------------------------

def test_work_page_shows_the_figures_and_records_work(people, named):
    PlaceNameWorkFactory(name="古桥地名说明牌")
    client = Client()
    client.force_login(people.wuxing_officer)
    html = client.get("/places/names/work/?year=2024").content.decode()
    assert "古桥地名说明牌" in html and "命名乡村道路（桥梁）" in html
    response = client.post("/places/names/work/?year=2024", {"kind": "culture_hall", "name": "织里地名文化展示馆",
                                                              "region_code": ZHILI, "year": "2024", "note": ""})
    assert response.status_code == 302
    assert PlaceNameWork.objects.filter(name="织里地名文化展示馆").exists()
    response = client.post("/places/names/work/", {"kind": "culture_hall", "name": "织里地名文化展示馆",
                                                    "region_code": ZHILI, "year": "2024"})
    assert response.status_code == 400 and "本区划已登记同名的" in response.content.decode()


def test_work_page_is_read_only_for_a_village_worker(people):
    client = Client()
    client.force_login(people.village_worker)
    response = client.get("/places/names/work/")
    assert response.status_code == 200 and "登记一项工作" not in response.content.decode()
    assert client.post("/places/names/work/", {"kind": "culture_hall"}).status_code == 403
