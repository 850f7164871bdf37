"""The heritage list: its services (city administrator only), the public page (no login, no
personal data) and the staff pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from minzheng.core.models import AuditEntry
from minzheng.places import messages
from minzheng.places.models import HeritageEntry
from minzheng.places.names.services import heritage_batch_create, heritage_entry_create, heritage_entry_update
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE
from tests.places.names.factories import HeritageBatchFactory, HeritageEntryFactory

pytestmark = pytest.mark.django_db

ENTRY = {"name": "南浔古镇", "category": "古镇", "region_code": "330503100000", "location": "南浔区南浔镇",
         "history": "南宋淳祐年间建镇，因地处浔溪之南得名。", "protection": "protected"}


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---- services ----------------------------------------------------------------------------------

def test_city_admin_creates_a_batch_and_entries(people):
    batch = heritage_batch_create(actor=people.city_admin, name="第四批", published_on=dt.date(2025, 6, 1))
    entry = heritage_entry_create(actor=people.city_admin, batch=batch, lng="120.4275", lat=30.8745, **ENTRY)
    assert (entry.lng, entry.lat) == (Decimal("120.4275000"), Decimal("30.8745000"))
    assert set(AuditEntry.objects.filter(action__startswith="places.heritage").values_list("action", flat=True)) == {
        "places.heritage.batch_created", "places.heritage.entry_created"}


@pytest.mark.parametrize("who", ["wuxing_officer", "aishan_officer", "village_worker", "auditor"])
def test_only_the_city_admin_maintains_the_list(people, who):
    with pytest.raises(PermissionDenied):
        heritage_batch_create(actor=getattr(people, who), name="第四批", published_on=dt.date(2025, 6, 1))


def test_batch_name_and_date_are_checked(people):
    with pytest.raises(ValidationError) as exc:
        heritage_batch_create(actor=people.city_admin, name="第4批", published_on=None)
    assert exc.value.message_dict == {"name": [messages.HERITAGE_BATCH_NAME_INVALID],
                                      "published_on": [messages.HERITAGE_BATCH_DATE_REQUIRED]}
    HeritageBatchFactory(name="第一批")
    with pytest.raises(ValidationError) as exc:
        heritage_batch_create(actor=people.city_admin, name="第一批", published_on=dt.date(2019, 1, 1))
    assert exc.value.message_dict == {"name": [messages.HERITAGE_BATCH_EXISTS.format(name="第一批")]}


def test_entry_fields_are_checked_all_at_once(people):
    batch = HeritageBatchFactory()
    with pytest.raises(ValidationError) as exc:
        heritage_entry_create(actor=people.city_admin, batch=batch, name="", category="", region_code="999999999999",
                              location="", history="", protection="gone", lng="abc", lat="30")
    assert exc.value.message_dict == {
        "name": [messages.HERITAGE_NAME_REQUIRED], "category": [messages.HERITAGE_CATEGORY_REQUIRED],
        "location": [messages.HERITAGE_LOCATION_REQUIRED], "history": [messages.HERITAGE_HISTORY_REQUIRED],
        "region_code": [messages.HERITAGE_REGION_INVALID], "protection": [messages.HERITAGE_PROTECTION_INVALID],
        "lng": [messages.ADDRESS_LNG_INVALID],
    }
    assert not HeritageEntry.objects.exists()


def test_coordinates_come_in_pairs_and_in_range(people):
    batch = HeritageBatchFactory()
    with pytest.raises(ValidationError) as exc:
        heritage_entry_create(actor=people.city_admin, batch=batch, lng="120.1", **ENTRY)
    assert exc.value.message_dict == {"lat": [messages.ADDRESS_COORDINATES_PAIR]}
    with pytest.raises(ValidationError) as exc:
        heritage_entry_create(actor=people.city_admin, batch=batch, lng="120.1", lat="95", **ENTRY)
    assert exc.value.message_dict == {"lat": [messages.ADDRESS_LAT_INVALID]}


def test_the_same_name_twice_in_a_batch_is_refused(people):
    batch = HeritageBatchFactory()
    heritage_entry_create(actor=people.city_admin, batch=batch, **ENTRY)
    with pytest.raises(ValidationError) as exc:
        heritage_entry_create(actor=people.city_admin, batch=batch, **ENTRY)
    assert exc.value.message_dict == {"name": [messages.HERITAGE_ENTRY_EXISTS.format(name="南浔古镇")]}


def test_entry_update_changes_the_protection_status(people):
    entry = HeritageEntryFactory()
    entry = heritage_entry_update(actor=people.city_admin, entry=entry, protection="at_risk")
    assert entry.protection == "at_risk"
    audit = AuditEntry.objects.get(action="places.heritage.entry_updated")
    assert audit.diff == {"protection": ["protected", "at_risk"]}
    with pytest.raises(PermissionDenied):
        heritage_entry_update(actor=people.wuxing_officer, entry=entry, protection="protected")


# ---- the public page ---------------------------------------------------------------------------

def test_public_page_needs_no_login_and_groups_by_batch(people):
    first = HeritageBatchFactory(name="第一批", published_on=dt.date(2019, 11, 20))
    third = HeritageBatchFactory(name="第三批", published_on=dt.date(2024, 11, 26))
    HeritageEntryFactory(batch=first, name="衣裳街", history="清代沿街多估衣店铺，由此得名。",
                         lng=Decimal("120.0925"), lat=Decimal("30.8668"))
    HeritageEntryFactory(batch=third, name="余村", protection="at_risk")
    response = Client().get("/places/names/heritage/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (html.index(f'id="batch-{first.pk}"') < html.index("衣裳街") < html.index(f'id="batch-{third.pk}"')
            < html.index("余村"))
    assert "清代沿街多估衣店铺" in html and "濒危" in html
    assert "uri.amap.com" in html and "api.map.baidu.com" in html and "apis.map.qq.com" in html
    assert html.count("uri.amap.com") == 1  # only the entry with coordinates
    assert "<script>" not in html and "style=" not in html


def test_public_page_shows_no_personal_data(people):
    resident = PersonFactory(name="王秀英", region_code=MY_VILLAGE, raw_phone="13912345678")
    HeritageEntryFactory(name="荻港村")
    html = Client().get("/places/names/heritage/").content.decode()
    for leak in (resident.name, resident.id_number_masked, resident.id_number, resident.phone_masked, "13912345678",
                 people.city_admin.username):
        assert leak not in html
    assert "退出" not in html  # nobody is signed in, so no staff bar either


# ---- staff pages -------------------------------------------------------------------------------

def test_staff_pages_are_for_the_city_admin(people):
    entry = HeritageEntryFactory()
    for who, code in (("city_admin", 200), ("wuxing_officer", 403), ("village_worker", 403), ("auditor", 403)):
        client = login(getattr(people, who))
        assert client.get("/places/names/heritage/manage/").status_code == code, who
        assert client.get(f"/places/names/heritage/manage/{entry.pk}/edit/").status_code == code, who
    assert Client().get("/places/names/heritage/manage/").status_code == 302  # to the login page


def test_public_list_offers_maintenance_only_to_who_may_open_it(people):
    for who in ("city_admin", "wuxing_officer", "anji_officer", "aishan_officer", "village_worker", "auditor"):
        client = login(getattr(people, who))
        offered = "/places/names/heritage/manage/" in client.get("/places/names/heritage/").content.decode()
        may_open = client.get("/places/names/heritage/manage/").status_code == 200
        assert offered == may_open, who
    assert "/places/names/heritage/manage/" not in Client().get("/places/names/heritage/").content.decode()


def test_city_admin_adds_a_batch_and_an_entry_through_the_pages(people):
    client = login(people.city_admin)
    response = client.post("/places/names/heritage/manage/batches/new/", {"name": "第四批", "published_on": "2025-06-01"})
    assert response.status_code == 302
    batch_id = HeritageEntry._meta.get_field("batch").related_model.objects.get(name="第四批").pk
    response = client.post("/places/names/heritage/manage/new/", {**ENTRY, "batch": batch_id, "lng": "", "lat": ""})
    assert response.status_code == 302, response.content.decode()
    assert HeritageEntry.objects.get(name="南浔古镇").batch_id == batch_id
    assert "南浔古镇" in client.get("/places/names/heritage/manage/").content.decode()


def test_entry_form_shows_service_errors_on_their_fields(people):
    batch = HeritageBatchFactory()
    client = login(people.city_admin)
    response = client.post("/places/names/heritage/manage/new/",
                           {**ENTRY, "batch": batch.pk, "lng": "500", "lat": "30"})
    assert response.status_code == 200
    assert messages.ADDRESS_LNG_INVALID in response.content.decode()
    assert not HeritageEntry.objects.exists()


def test_entry_edit_page(people):
    entry = HeritageEntryFactory(name="潞村")
    client = login(people.city_admin)
    data = {"batch": entry.batch_id, "name": "潞村", "category": "古村落", "region_code": "330502101000",
            "location": "吴兴区八里店镇", "history": "地处钱山漾畔。", "protection": "restored", "lng": "", "lat": ""}
    assert client.post(f"/places/names/heritage/manage/{entry.pk}/edit/", data).status_code == 302
    entry.refresh_from_db()
    assert (entry.protection, entry.region_code) == ("restored", "330502101000")
