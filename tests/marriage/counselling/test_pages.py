"""The registry's pages: the events of a year with the counts per kind and Excel, new and edit with
the reasons next to the fields, the stations (from facilities) and bases; scoped, 404 elsewhere."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from minzheng.core.models import User
from minzheng.facilities.models import Facility
from minzheng.marriage.counselling.models import Event, WeddingBase
from tests.facilities.factories import FacilityFactory
from tests.marriage.counselling.conftest import WUXING_TOWNSHIP, event_make

pytestmark = pytest.mark.django_db
EVENTS = reverse("marriage_counselling:events")


def signed_in(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_list_counts_per_kind_and_exports(personas) -> None:
    event_make(personas.wuxing_officer)
    event_make(personas.wuxing_officer, kind="collective_certificate", couples=12, people=30, title="520集体颁证")
    event_make(personas.anji_officer, region_code="330523001000", title="安吉联谊")
    c = signed_in(personas.wuxing_officer)
    page = c.get(EVENTS, {"year": 2024})
    text = page.content.decode()
    assert page.status_code == 200 and "520集体颁证" in text and "安吉联谊" not in text
    assert [c["events"] for _, c in page.context["counts"]] == [1, 0, 1, 0]
    xlsx = c.get(EVENTS, {"year": 2024, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert len(rows) == 3 and rows[0][0] == "活动日期"


def test_a_bad_year_is_named(personas) -> None:
    page = signed_in(personas.wuxing_officer).get(EVENTS, {"year": "abc"})
    assert page.status_code == 400 and "年度：应为2000至2100的年份" in page.content.decode()


def test_new_event_on_the_page(personas) -> None:
    station = FacilityFactory(kind=Facility.Kind.MARRIAGE_COUNSELLING_STATION, region_code="330502003001")
    c = signed_in(personas.wuxing_marriage_registrar)
    data = {"kind": "counselling", "title": "婚前辅导课", "held_on": "2024-03-02", "region_code": WUXING_TOWNSHIP,
            "facility": station.pk, "organizer": "驿站", "people": "12", "couples": "0"}
    assert c.post(reverse("marriage_counselling:event_new"), data).status_code == 302
    event = Event.objects.get()
    assert event.facility == station
    page = c.post(reverse("marriage_counselling:event_edit", args=[event.pk]), {**data, "title": ""})
    assert page.status_code == 400 and "活动名称：请填写活动名称" in page.content.decode()
    other = FacilityFactory(kind=Facility.Kind.MARRIAGE_COUNSELLING_STATION, region_code="330523001001")
    page = c.post(reverse("marriage_counselling:event_new"), {**data, "facility": other.pk})
    assert page.status_code == 400 and "服务设施：不是本辖区的服务设施" in page.content.decode()


def test_other_countys_event_is_404_and_readers_cannot_write(personas) -> None:
    event = event_make(personas.wuxing_officer)
    assert signed_in(personas.anji_officer).get(
        reverse("marriage_counselling:event_edit", args=[event.pk])).status_code == 404
    city = signed_in(personas.city_admin)
    assert city.get(EVENTS, {"year": 2024}).status_code == 200
    assert city.get(reverse("marriage_counselling:event_new")).status_code == 403
    assert signed_in(personas.nobody).get(EVENTS).status_code == 403


def test_stations_and_bases_page(personas) -> None:
    FacilityFactory(kind=Facility.Kind.MARRIAGE_COUNSELLING_STATION, region_code="330502003001", name="仪凤桥驿站")
    FacilityFactory(kind=Facility.Kind.MARRIAGE_COUNSELLING_STATION, region_code="330523001001", name="安吉驿站")
    c = signed_in(personas.wuxing_officer)
    page = c.post(reverse("marriage_counselling:base_new"),
                  {"name": "南太湖基地", "region_code": WUXING_TOWNSHIP, "designated_on": "2024-05-20", "status": "active"})
    assert page.status_code == 302 and WeddingBase.objects.count() == 1
    text = c.get(reverse("marriage_counselling:stations")).content.decode()
    assert "仪凤桥驿站" in text and "安吉驿站" not in text and "南太湖基地" in text
    page = c.post(reverse("marriage_counselling:base_new"), {"name": "", "region_code": WUXING_TOWNSHIP})
    assert page.status_code == 400 and "基地名称：请填写基地名称" in page.content.decode()
