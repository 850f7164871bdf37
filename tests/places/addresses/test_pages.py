"""The address pages: what each persona gets, inside and outside their scope, and what the pages
show (masked residents, map links, the matcher's answer, progress, drill-down)."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from minzheng.core.models import AuditEntry, ImportJob
from minzheng.places.addresses import links, quality, services
from minzheng.places.matching import region_names_rebuild
from minzheng.places.models import Address, PersonAddress, Road
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE
from tests.places.addresses.conftest import MANAGERS
from tests.places.factories import DoorplateFactory

pytestmark = pytest.mark.django_db
PERSONAS = ["city_admin", "wuxing_officer", "anji_officer", "aishan_officer", "village_worker", "auditor", "nobody"]
SEES_MINE = {"city_admin", "wuxing_officer", "aishan_officer", "village_worker", "auditor"}
LINKERS = {"city_admin", "wuxing_officer", "anji_officer", "aishan_officer", "village_worker"}


@pytest.fixture
def world(personas):  # type: ignore[no-untyped-def]
    region_names_rebuild()
    actor = personas.city_admin
    road = services.road_create(actor=actor, region_code=MY_VILLAGE, name="红旗路", aliases=["红旗"])
    anji_road = services.road_create(actor=actor, region_code=OTHER_COUNTY_VILLAGE, name="递铺路")
    mine = services.address_create(actor=actor, region_code=MY_VILLAGE, road=road, number="18", lng="120.0868",
                                   lat="30.894")
    other = services.address_create(actor=actor, region_code=MY_VILLAGE, road=road, number="20")
    anji = services.address_create(actor=actor, region_code=OTHER_COUNTY_VILLAGE, road=anji_road, number="9")
    resident = PersonFactory(name="张小明")
    outsider = PersonFactory(name="李外地", region_code=NEIGHBOUR_VILLAGE)
    links.person_address_link(actor=actor, person=resident, address=mine)
    links.person_address_link(actor=actor, person=outsider, address=mine)
    plate = DoorplateFactory(address=mine)
    quality.quality_check_all(counties=["330502", "330523"])
    return SimpleNamespace(road=road, mine=mine, other=other, anji=anji, resident=resident, outsider=outsider,
                           plate=plate)


def login(personas, name: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if name != "anonymous":
        client.force_login(getattr(personas, name), backend="minzheng.core.permission_cache.CachedPermissionBackend")
    return client


def test_detail_scoping_matrix(personas, world):  # type: ignore[no-untyped-def]
    url = reverse("addresses:detail", args=[world.mine.pk])
    anji_url = reverse("addresses:detail", args=[world.anji.pk])
    for name in PERSONAS:
        client = login(personas, name)
        assert client.get(url).status_code == (200 if name in SEES_MINE else 404), name
        assert client.get(anji_url).status_code == (200 if name in {"city_admin", "anji_officer", "auditor"}
                                                    else 404), name
    assert login(personas, "anonymous").get(url).status_code == 302


def test_detail_shows_levels_links_plate_and_masked_residents_in_scope(personas, world):  # type: ignore[no-untyped-def]
    html = login(personas, "village_worker").get(reverse("addresses:detail", args=[world.mine.pk])).content.decode()
    assert "爱山街道" in html and "仪凤桥社区" in html and "18号" in html
    assert world.mine.code in html
    assert "uri.amap.com" in html and "api.map.baidu.com" in html and "apis.map.qq.com" in html
    assert reverse("doorplates:detail", args=[world.plate.pk]) in html
    assert world.plate.token not in html
    assert "张小明" in html and world.resident.id_number_masked in html
    assert world.resident.id_number not in html and world.resident.phone not in html
    assert "李外地" not in html  # lives in the neighbouring village: outside the worker's scope
    officer_html = login(personas, "aishan_officer").get(
        reverse("addresses:detail", args=[world.mine.pk])).content.decode()
    assert "李外地" in officer_html


def test_search_list_and_match_as_you_type(personas, world):  # type: ignore[no-untyped-def]
    client = login(personas, "village_worker")
    html = client.get(reverse("addresses:search"), {"q": "红旗路"}).content.decode()
    assert world.mine.full_text in html and world.other.full_text in html
    fragment = client.get(reverse("addresses:search"), {"q": "红旗路"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and world.mine.full_text in fragment
    assert 'hx-get="/places/match/"' in html  # the search page types into the matching page's fragment
    match = client.get(reverse("matching:match"), {"q": "红旗18号 附近"}, HTTP_HX_REQUEST="true").content.decode()
    assert "最佳匹配" in match and reverse("addresses:detail", args=[world.mine.pk]) in match
    nothing = client.get(reverse("matching:match"), {"q": "递铺路9号"}, HTTP_HX_REQUEST="true").content.decode()
    assert world.anji.full_text not in nothing  # outside the worker's scope: never offered
    assert "最佳匹配" not in nothing


def test_export_is_scoped(personas, world):  # type: ignore[no-untyped-def]
    response = login(personas, "village_worker").get(reverse("addresses:export"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert world.mine.code in body and world.anji.code not in body
    response = login(personas, "anji_officer").get(reverse("addresses:export"), {"format": "xlsx"})
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_export_links_on_the_list_download_exactly_what_it_shows_in_the_format_named(personas, world):  # type: ignore[no-untyped-def]
    import re
    from html import unescape

    client = login(personas, "aishan_officer")
    services.address_create(actor=personas.city_admin, region_code=MY_VILLAGE,
                            road=services.road_create(actor=personas.city_admin, region_code=MY_VILLAGE, name="月河路"),
                            number="3")
    html = client.get(reverse("addresses:search"), {"q": "红旗路"}).content.decode()
    hrefs = {fmt: unescape(href) for href, fmt in re.findall(r'href="(/places/addresses/export/[^"]*format=(csv|xlsx)[^"]*)"', html)}
    assert set(hrefs) == {"csv", "xlsx"}
    assert all(href.count("?") == 1 for href in hrefs.values()), hrefs
    body = b"".join(client.get(hrefs["csv"]).streaming_content).decode("utf-8-sig")
    assert world.mine.code in body and world.other.code in body and "月河路" not in body
    listed = [line for line in body.splitlines()[1:] if line]
    assert len(listed) == 2
    workbook = client.get(hrefs["xlsx"])
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats") and workbook.content.startswith(b"PK")


WRITE_PAGES = [
    ("addresses:create", "get"),
    ("addresses:import", "get"),
    ("addresses:road_create", "get"),
    ("addresses:import_template", "get"),
]


@pytest.mark.parametrize(("name", "method"), WRITE_PAGES)
def test_write_pages_need_the_permission(personas, world, name, method):  # type: ignore[no-untyped-def]
    for persona in PERSONAS:
        status = getattr(login(personas, persona), method)(reverse(name)).status_code
        assert status == (200 if persona in MANAGERS else 403), (name, persona, status)


def test_address_create_page(personas, world):  # type: ignore[no-untyped-def]
    client = login(personas, "aishan_officer")
    options = client.get(reverse("addresses:road_options"), {"region_code": MY_VILLAGE}).content.decode()
    assert "红旗路" in options
    response = client.post(reverse("addresses:create"), {"region_code": MY_VILLAGE, "road": world.road.pk,
                                                         "number": "22", "building": "", "unit": "", "room": ""})
    created = Address.objects.get(number="22")
    assert response.status_code == 302 and response["Location"] == reverse("addresses:detail", args=[created.pk])
    again = client.post(reverse("addresses:create"), {"region_code": MY_VILLAGE, "road": world.road.pk,
                                                      "number": "22"})
    assert again.status_code == 200 and "该标准地址已存在" in again.content.decode()
    bad = client.post(reverse("addresses:create"), {"region_code": MY_VILLAGE, "road": world.road.pk,
                                                    "number": "22", "unit": "2"})
    assert "填写单元时须填写幢号" in bad.content.decode()


def test_road_create_page(personas):  # type: ignore[no-untyped-def]
    client = login(personas, "aishan_officer")
    response = client.post(reverse("addresses:road_create"), {"region_code": MY_VILLAGE, "name": "碧浪湖小区",
                                                              "kind": "", "aliases": "碧浪湖、碧浪"})
    assert response.status_code == 302
    road = Road.objects.get(name="碧浪湖小区")
    assert road.kind == Road.Kind.COMPOUND and road.aliases == ["碧浪湖", "碧浪"]
    listing = client.get(reverse("addresses:roads"), {"q": "碧浪"}).content.decode()
    assert "碧浪湖小区" in listing and "Bilanghu Xiaoqu" in listing


def test_coordinates_retire_and_link_actions(personas, world):  # type: ignore[no-untyped-def]
    client = login(personas, "aishan_officer")
    url = reverse("addresses:coordinates", args=[world.other.pk])
    assert client.post(url, {"lng": "120.1", "lat": "30.9"}).status_code == 302
    world.other.refresh_from_db()
    assert str(world.other.lng) == "120.1000000"
    response = client.post(reverse("addresses:retire", args=[world.other.pk]), {"successor": world.mine.code})
    assert response.status_code == 302
    world.other.refresh_from_db()
    assert world.other.status == "retired" and world.other.successor_id == world.mine.pk
    person = PersonFactory()
    worker = login(personas, "village_worker")
    worker.post(reverse("addresses:link_person", args=[world.mine.pk]), {"id_number": person.id_number})
    assert PersonAddress.objects.get(person=person).method == "manual"
    # Out of scope: 404 before anything else; no permission: 403.
    assert login(personas, "anji_officer").post(url, {"lng": "1", "lat": "1"}).status_code == 404
    assert worker.post(url, {"lng": "1", "lat": "1"}).status_code == 403
    assert login(personas, "auditor").post(reverse("addresses:link_person", args=[world.mine.pk]),
                                           {"id_number": person.id_number}).status_code == 403


def test_import_upload_progress_and_errors(personas):  # type: ignore[no-untyped-def]
    client = login(personas, "aishan_officer")
    data = ("区划代码,街路巷/小区,门牌号\n" f"{MY_VILLAGE},红旗路,18\n" f"{MY_VILLAGE},红旗路,x\n").encode()
    upload = io.BytesIO(data)
    upload.name = "地址.csv"
    response = client.post(reverse("addresses:import"), {"file": upload, "only_good": "on"})
    job = ImportJob.objects.get(kind="addresses")
    assert response.status_code == 302 and response["Location"] == reverse("addresses:import_detail", args=[job.pk])
    html = client.get(response["Location"]).content.decode()
    assert "导入完成" in html and "门牌号应为1至4位数字" in html
    assert "有错误行时</dt><dd>只导入正确的行" in html and "新增地址 1 条" in html  # this kind's own facts
    assert reverse("addresses:import_errors", args=[job.pk]) in html and "下载全部错误（.csv）" in html
    assert client.get(reverse("addresses:import_progress", args=[job.pk]),
                      HTTP_HX_REQUEST="true").headers.get("HX-Refresh") == "true"
    errors = client.get(reverse("addresses:import_errors", args=[job.pk]))
    assert "门牌号应为1至4位数字" in b"".join(errors.streaming_content).decode("utf-8-sig")
    assert login(personas, "anji_officer").get(reverse("addresses:import_detail", args=[job.pk])).status_code == 404
    assert Address.objects.count() == 1


def test_quality_report_and_drill_down(personas, world):  # type: ignore[no-untyped-def]
    html = login(personas, "city_admin").get(reverse("addresses:quality")).content.decode()
    assert "吴兴区" in html and "安吉县" in html and "缺少坐标" in html
    county_html = login(personas, "anji_officer").get(reverse("addresses:quality")).content.decode()
    assert "安吉县" in county_html and "吴兴区" not in county_html
    run = world.mine.__class__  # noqa: F841  (keeps the fixture's runs alive for the next lines)
    from minzheng.places.addresses.selectors import quality_latest_runs

    wuxing = quality_latest_runs(user=personas.wuxing_officer)[0]
    detail = login(personas, "village_worker").get(reverse("addresses:quality_detail", args=[wuxing.pk]),
                                                   {"kind": "missing_coordinates"}).content.decode()
    assert world.other.full_text in detail
    assert login(personas, "anji_officer").get(reverse("addresses:quality_detail", args=[wuxing.pk])).status_code == 404


def test_quality_and_link_buttons(personas, world):  # type: ignore[no-untyped-def]
    client = login(personas, "wuxing_officer")
    assert client.post(reverse("addresses:quality_run"), {"county": ""}).status_code == 302
    assert AuditEntry.objects.filter(action="places.quality.checked", actor=personas.wuxing_officer).count() == 1
    PersonFactory(address_text="红旗路20号")
    assert client.post(reverse("matching:link_run"), {}).status_code == 302
    assert PersonAddress.objects.filter(address=world.other, method="auto").count() == 1
    assert login(personas, "village_worker").post(reverse("addresses:quality_run"), {}).status_code == 403


def test_reads_that_show_residents_write_an_access_log_row_per_person(personas, world):  # type: ignore[no-untyped-def]
    from minzheng.core.models import AccessLog

    client = login(personas, "aishan_officer")
    client.get(reverse("addresses:detail", args=[world.mine.pk]))
    logged = set(AccessLog.objects.filter(actor=personas.aishan_officer, channel="web", kind="view")
                 .values_list("subject_id", flat=True))
    assert logged == {str(world.resident.pk), str(world.outsider.pk)}
    client.get(f"/api/addresses/{world.mine.pk}/residents/")
    api_logged = set(AccessLog.objects.filter(actor=personas.aishan_officer, channel="api")
                     .values_list("subject_id", flat=True))
    assert api_logged == {str(world.resident.pk), str(world.outsider.pk)}
    # A village worker sees (and so is logged for) only the resident of their own village.
    login(personas, "village_worker").get(reverse("addresses:detail", args=[world.mine.pk]))
    assert set(AccessLog.objects.filter(actor=personas.village_worker).values_list("subject_id", flat=True)) == {
        str(world.resident.pk)}
