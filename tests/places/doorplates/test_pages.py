"""Staff pages: plate list and counts, detail, QR codes, installation, bulk progress, the report
queue (scoped per persona) and the catalogue (edited by the city administrator only)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from minzheng.core.models import AuditEntry
from minzheng.places import messages
from minzheng.places.doorplates import qr, services
from minzheng.places.doorplates.catalogue import catalogue_seed
from minzheng.places.models import (
    Address,
    Department,
    Doorplate,
    DoorplateBatch,
    DoorplateService,
    PlateReport,
)
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE, Personas
from tests.places.doorplates.conftest import (
    CATALOGUE_EDITORS,
    HANDLERS,
    MANAGERS,
    SEES,
    VILLAGES,
    Village,
    make_road,
)
from tests.places.factories import AddressFactory, DoorplateFactory

pytestmark = pytest.mark.django_db
PERSONAS = list(SEES)


def signed_in(staff: Personas, name: str) -> Client:
    client = Client()
    client.force_login(getattr(staff, name), backend="minzheng.core.permission_cache.CachedPermissionBackend")
    return client


def report_on(plate: Doorplate, text: str = "门牌脱落") -> PlateReport:
    return services.plate_report_submit(doorplate=plate, kind="damaged", text=text, contact="13912345678",
                                        client=f"test-{plate.pk}-{text}")


# ---- list, counts, detail, QR ---------------------------------------------------------------


def test_list_shows_counts_per_region_and_plates_in_scope(world: dict[str, Village], login, staff: Personas) -> None:
    html = login(staff.wuxing_officer).get(reverse("doorplates:list")).content.decode()
    assert "按乡镇街道统计" in html and "爱山街道" in html and "织里镇" in html
    assert world[MY_VILLAGE].address.full_text in html
    assert world[OTHER_TOWNSHIP_VILLAGE].address.full_text in html
    assert "安吉县" not in html


def test_coverage_is_counted_on_request(world: dict[str, Village], login, staff: Personas) -> None:
    client = login(staff.aishan_officer)
    assert "覆盖率</th>" not in client.get(reverse("doorplates:list")).content.decode()
    html = client.get(reverse("doorplates:list"), {"coverage": "1"}).content.decode()
    assert "覆盖率</th>" in html and "100.0%" in html


def test_list_filters_by_region_with_htmx(world: dict[str, Village], login, staff: Personas) -> None:
    client = login(staff.wuxing_officer)
    response = client.get(reverse("doorplates:list"), {"region": "330502003"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and world[MY_VILLAGE].address.full_text in html
    assert world[OTHER_TOWNSHIP_VILLAGE].address.full_text not in html


def test_list_finds_a_plate_by_address_text_or_code(world: dict[str, Village], login, staff: Personas) -> None:
    village = world[MY_VILLAGE]
    other = DoorplateFactory(address=AddressFactory(road=make_road(MY_VILLAGE, serial=2, name="月河路"), number="5"))
    client = login(staff.aishan_officer)
    html = client.get(reverse("doorplates:list"), {"q": "月河路5"}, HTTP_HX_REQUEST="true").content.decode()
    assert reverse("doorplates:detail", args=[other.pk]) in html
    assert reverse("doorplates:detail", args=[village.plate.pk]) not in html
    html = client.get(reverse("doorplates:list"), {"q": village.address.code}, HTTP_HX_REQUEST="true").content.decode()
    assert reverse("doorplates:detail", args=[village.plate.pk]) in html
    assert reverse("doorplates:detail", args=[other.pk]) not in html
    # Out of scope stays out, whatever the words.
    html = login(staff.village_worker).get(reverse("doorplates:list"), {"q": world[NEIGHBOUR_VILLAGE].address.code},
                                           HTTP_HX_REQUEST="true").content.decode()
    assert reverse("doorplates:detail", args=[world[NEIGHBOUR_VILLAGE].plate.pk]) not in html


def test_list_shows_every_plate_under_its_full_standard_text(world: dict[str, Village], login, staff: Personas) -> None:
    village = world[MY_VILLAGE]
    # A legacy text that left the upper levels out (the quality report lists such texts).
    Address.objects.filter(pk=village.address.pk).update(full_text="仪凤桥社区红旗路18号")
    html = login(staff.aishan_officer).get(reverse("doorplates:list")).content.decode()
    assert "湖州市吴兴区爱山街道仪凤桥社区红旗路18号" in html


def test_print_and_public_pages_name_an_icon_and_favicon_ico_answers(world: dict[str, Village], login,
                                                                      staff: Personas) -> None:
    plate = world[MY_VILLAGE].plate
    printed = login(staff.aishan_officer).get(reverse("doorplates:print", args=[plate.pk])).content.decode()
    public = Client().get(f"/d/{plate.token}").content.decode()
    assert 'rel="icon"' in printed and 'rel="icon"' in public
    response = Client().get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")


@pytest.mark.parametrize("page", ["detail", "qr_svg", "qr_png", "print"])
def test_plate_pages_are_scoped(world: dict[str, Village], staff: Personas, page: str) -> None:
    for name in PERSONAS:
        client = signed_in(staff, name)
        for village in VILLAGES:
            response = client.get(reverse(f"doorplates:{page}", args=[world[village].plate.pk]))
            assert response.status_code == (200 if village in SEES[name] else 404), (name, village)


def test_qr_codes_encode_the_public_url(world: dict[str, Village], login, staff: Personas, settings) -> None:
    settings.MINZHENG_PUBLIC_BASE_URL = "https://mz.huzhou.gov.cn"
    plate = world[MY_VILLAGE].plate
    client = login(staff.aishan_officer)
    svg = client.get(reverse("doorplates:qr_svg", args=[plate.pk]))
    assert svg["Content-Type"] == "image/svg+xml"
    expected = qr.public_url(plate.token)
    assert expected == f"https://mz.huzhou.gov.cn/d/{plate.token}"
    assert svg.content == qr.qr_svg(expected, title=plate.address.full_text)
    png = client.get(reverse("doorplates:qr_png", args=[plate.pk]), {"download": "1"})
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert png["Content-Disposition"].startswith("attachment")
    assert png.content == qr.qr_png(expected)
    page = client.get(reverse("doorplates:print", args=[plate.pk])).content.decode()
    assert "湖州市民政局" in page and plate.address.full_text in page and "<script" not in page


def test_public_url_falls_back_to_the_request_host(settings, rf) -> None:  # type: ignore[no-untyped-def]
    settings.MINZHENG_PUBLIC_BASE_URL = ""
    request = rf.get("/", HTTP_HOST="testserver")
    assert qr.public_url("abc", request) == "http://testserver/d/abc"


def test_create_page(world: dict[str, Village], login, staff: Personas) -> None:
    client = login(staff.aishan_officer)
    address = AddressFactory(road=make_road(NEIGHBOUR_VILLAGE, serial=2))
    response = client.post(reverse("doorplates:create"), {"address": address.pk, "installed_on": "2024-05-01"})
    plate = Doorplate.objects.get(address=address)
    assert response.status_code == 302 and response["Location"] == reverse("doorplates:detail", args=[plate.pk])
    again = client.post(reverse("doorplates:create"), {"address": address.pk, "installed_on": "2024-05-01"})
    assert messages.DOORPLATE_EXISTS.format(installed_on="2024-05-01") in again.content.decode()
    elsewhere = AddressFactory(road=make_road(OTHER_TOWNSHIP_VILLAGE, serial=3))
    response = client.post(reverse("doorplates:create"), {"address": elsewhere.pk, "installed_on": "2024-05-01"})
    assert messages.DOORPLATE_ADDRESS_NOT_FOUND in response.content.decode()
    assert not Doorplate.objects.filter(address=elsewhere).exists()


def test_create_and_bulk_pages_need_the_manage_power(staff: Personas) -> None:
    for name in PERSONAS:
        client = signed_in(staff, name)
        for page in ("doorplates:create", "doorplates:batch_create"):
            assert client.get(reverse(page)).status_code == (200 if name in MANAGERS else 403), (name, page)


def test_remove_from_the_detail_page(world: dict[str, Village], login, staff: Personas) -> None:
    plate = world[MY_VILLAGE].plate
    client = login(staff.aishan_officer)
    response = client.post(reverse("doorplates:remove", args=[plate.pk]), {"reason": "拆迁"})
    assert response.status_code == 302
    plate.refresh_from_db()
    assert plate.status == Doorplate.Status.REMOVED
    other = world[OTHER_TOWNSHIP_VILLAGE].plate
    assert client.post(reverse("doorplates:remove", args=[other.pk])).status_code == 404


def test_bulk_page_starts_a_batch_and_shows_progress(world: dict[str, Village], login, staff: Personas) -> None:
    road = make_road(NEIGHBOUR_VILLAGE, serial=5)
    AddressFactory.create_batch(3, road=road)
    client = login(staff.aishan_officer)
    page = client.get(reverse("doorplates:batch_create")).content.decode()
    assert NEIGHBOUR_VILLAGE in page and OTHER_TOWNSHIP_VILLAGE not in page
    response = client.post(reverse("doorplates:batch_create"),
                           {"village": NEIGHBOUR_VILLAGE, "installed_on": "2024-06-01"})
    batch = DoorplateBatch.objects.get()
    assert response["Location"] == reverse("doorplates:batch_detail", args=[batch.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "新装门牌 3 块" in detail
    # A finished batch tells the polling fragment to reload the page.
    progress = client.get(reverse("doorplates:batch_progress", args=[batch.pk]), HTTP_HX_REQUEST="true")
    assert progress.headers.get("HX-Refresh") == "true"


def test_progress_fragment_polls_while_running(world: dict[str, Village], login, staff: Personas) -> None:
    batch = DoorplateBatch.objects.create(region_code=MY_VILLAGE, installed_on=dt.date(2024, 6, 1),
                                          requested_by=staff.aishan_officer, status="running", total=10, processed=4)
    html = login(staff.aishan_officer).get(reverse("doorplates:batch_progress", args=[batch.pk]),
                                           HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in html and "已处理 4 / 10" in html
    assert login(staff.anji_officer).get(reverse("doorplates:batch_detail", args=[batch.pk])).status_code == 404


def test_bulk_page_shows_the_reason(world: dict[str, Village], login, staff: Personas) -> None:
    DoorplateBatch.objects.create(region_code=MY_VILLAGE, installed_on=dt.date(2024, 6, 1),
                                  requested_by=staff.aishan_officer)
    response = login(staff.aishan_officer).post(reverse("doorplates:batch_create"),
                                                {"village": MY_VILLAGE, "installed_on": "2024-06-01"})
    assert response.status_code == 200 and messages.BATCH_ALREADY_RUNNING in response.content.decode()


# ---- the report queue -----------------------------------------------------------------------


def test_queue_shows_reports_in_scope_only(world: dict[str, Village], staff: Personas) -> None:
    reports = {code: report_on(world[code].plate, text=f"问题{code}") for code in VILLAGES}
    for name in PERSONAS:
        html = signed_in(staff, name).get(reverse("doorplates:reports")).content.decode()
        for code, report in reports.items():
            assert (report.text in html) == (code in SEES[name]), (name, code)
        if SEES[name]:
            assert "139****5678" in html and "13912345678" not in html


def test_resolving_needs_the_power_and_the_scope(world: dict[str, Village], staff: Personas) -> None:
    report = report_on(world[MY_VILLAGE].plate)
    for name in PERSONAS:
        with transaction.atomic():  # each persona starts from the open report
            response = signed_in(staff, name).post(reverse("doorplates:report_resolve", args=[report.pk]),
                                                   {"resolution": "已重新安装"})
            expected = 403 if name not in HANDLERS else (302 if MY_VILLAGE in SEES[name] else 404)
            assert response.status_code == expected, name
            report.refresh_from_db()
            assert report.status == ("resolved" if expected == 302 else "open"), name
            transaction.set_rollback(True)


def test_resolve_and_dismiss_are_audited(world: dict[str, Village], login, staff: Personas) -> None:
    client = login(staff.aishan_officer)
    first, second = report_on(world[MY_VILLAGE].plate, "一"), report_on(world[NEIGHBOUR_VILLAGE].plate, "二")
    client.post(reverse("doorplates:report_resolve", args=[first.pk]), {"resolution": "已更换门牌"})
    # Dismissing needs a reason.
    client.post(reverse("doorplates:report_dismiss", args=[second.pk]), {"resolution": ""})
    second.refresh_from_db()
    assert second.status == "open"
    client.post(reverse("doorplates:report_dismiss", args=[second.pk]), {"resolution": "经核实门牌完好"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.handled_by, first.resolution) == ("resolved", staff.aishan_officer, "已更换门牌")
    assert (second.status, second.resolution) == ("dismissed", "经核实门牌完好")
    assert set(AuditEntry.objects.filter(action__startswith="places.plate_report.").values_list("action", flat=True)) \
        == {"places.plate_report.submitted", "places.plate_report.resolved", "places.plate_report.dismissed"}
    # Handled once only.
    response = client.post(reverse("doorplates:report_resolve", args=[first.pk]), {"resolution": "again"}, follow=True)
    assert messages.REPORT_NOT_OPEN in response.content.decode()
    # The handled reports leave the open queue and show under their status.
    assert "一" not in client.get(reverse("doorplates:reports")).context["page"].object_list.__repr__()
    assert len(client.get(reverse("doorplates:reports"), {"status": "all"}).context["page"]) == 2


# ---- the catalogue --------------------------------------------------------------------------


def test_everyone_reads_the_catalogue_only_the_city_admin_edits(staff: Personas) -> None:
    catalogue_seed()
    department = Department.objects.first()
    service = DoorplateService.objects.first()
    edit_pages = [reverse("doorplates:department_create"), reverse("doorplates:service_create"),
                  reverse("doorplates:department_update", args=[department.pk]),
                  reverse("doorplates:service_update", args=[service.pk])]
    for name in PERSONAS:
        client = signed_in(staff, name)
        with transaction.atomic():
            page = client.get(reverse("doorplates:catalogue"))
            assert page.status_code == 200 and "最低生活保障申请" in page.content.decode()
            assert ("新增服务" in page.content.decode()) == (name in CATALOGUE_EDITORS), name
            for url in edit_pages:
                assert client.get(url).status_code == (200 if name in CATALOGUE_EDITORS else 403), (name, url)
            response = client.post(reverse("doorplates:service_deactivate", args=[service.pk]))
            assert response.status_code == (302 if name in CATALOGUE_EDITORS else 403), name
            service.refresh_from_db()
            assert service.active == (name not in CATALOGUE_EDITORS), name
            transaction.set_rollback(True)
        service.refresh_from_db()


def test_catalogue_forms_show_service_messages(staff: Personas, login) -> None:
    catalogue_seed()
    client = login(staff.city_admin)
    department = Department.objects.get(name="湖州市民政局")
    response = client.post(reverse("doorplates:service_create"), {
        "department": department.pk, "name": "", "region_code": "330500000000", "phone": "abc", "url": ""})
    html = response.content.decode()
    assert messages.CATALOGUE_NAME_REQUIRED in html and messages.CATALOGUE_PHONE_INVALID in html
    response = client.post(reverse("doorplates:service_create"), {
        "department": department.pk, "name": "老年人能力评估预约", "region_code": "330502000000",
        "phone": "0572-12345", "url": "", "description": "", "sort": "5"})
    assert response.status_code == 302
    assert DoorplateService.objects.get(name="老年人能力评估预约").region_code == "330502000000"
    response = client.post(reverse("doorplates:department_update", args=[department.pk]), {
        "name": "湖州市民政局", "phone": "0572-12345", "url": "https://www.zjzwfw.gov.cn/", "sort": "20",
        "active": "on"})
    assert response.status_code == 302
    response = client.post(reverse("doorplates:department_create"), {"name": "湖州市民政局"})
    assert messages.CATALOGUE_DEPARTMENT_TAKEN.format(name="湖州市民政局") in response.content.decode()
