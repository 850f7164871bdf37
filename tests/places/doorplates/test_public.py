"""The public page ``/d/<token>``: no login, no personal data, the services that apply, and the
report form with its validation and rate limit."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from minzheng.core.models import AuditEntry
from minzheng.core.pii import unseal
from minzheng.places import messages
from minzheng.places.doorplates import services as services_doorplates
from minzheng.places.doorplates.catalogue import catalogue_seed
from minzheng.places.models import Address, Department, DoorplateService, PersonAddress, PlateReport
from tests.factories import HouseholdFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, OTHER_TOWNSHIP_VILLAGE, Personas
from tests.places.doorplates.conftest import Village
from tests.places.factories import AddressFactory

pytestmark = pytest.mark.django_db


def url(plate) -> str:  # type: ignore[no-untyped-def]
    return reverse("public:plate", args=[plate.token])


def test_page_needs_no_login_and_shows_the_address(world: dict[str, Village], client: Client) -> None:
    mine = world[MY_VILLAGE]
    response = client.get(url(mine.plate))
    assert response.status_code == 200
    html = response.content.decode()
    assert mine.address.full_text in html
    assert "红旗路" in html and ">18<" in html
    assert 'name="viewport"' in html and "places/public.css" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_page_leaks_no_personal_data(world: dict[str, Village], client: Client, staff: Personas) -> None:
    """A household lives at the address and is linked to it; nothing of it reaches the page."""
    mine = world[MY_VILLAGE]
    household = HouseholdFactory(region_code=MY_VILLAGE, address_text=mine.address.full_text,
                                 head__name="王秀英", head__raw_phone="13987654321")
    resident = household.head
    PersonAddress.objects.create(person=resident, address=mine.address, region_code=MY_VILLAGE, score="1.000")
    id_number, phone = resident.id_number, resident.phone
    assert id_number and phone == "13987654321"
    html = client.get(url(mine.plate)).content.decode()
    for secret in (resident.name, "王*英", id_number, phone, resident.id_number_masked, resident.phone_masked,
                   id_number[6:14]):
        assert secret not in html, secret
    # Nor anything that looks like an ID number or a mobile number, clear or masked.
    assert not re.search(r"(?<!\d)\d{6}(\*{8}|\d{8})\d{3}[\dXx](?![\dXx])", html)
    assert not re.search(r"(?<!\d)1[3-9]\d(\*{4}|\d{4})\d{4}(?!\d)", html)


def test_page_is_csp_clean(world: dict[str, Village], client: Client) -> None:
    response = client.get(url(world[MY_VILLAGE].plate))
    html = response.content.decode()
    assert "<script" not in html and " style=" not in html and "<style" not in html and "onclick" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("token", ["AAAAAAAAAAAAAAAAAAAAAA", "nope-nope-nope", "x" * 64])
def test_unknown_token_gets_a_friendly_404(world: dict[str, Village], client: Client, token: str) -> None:
    response = client.get(reverse("public:plate", args=[token]))
    assert response.status_code == 404
    assert "未找到该门牌" in response.content.decode()


def test_removed_plate_gets_the_same_404(world: dict[str, Village], client: Client, staff: Personas) -> None:
    plate = world[MY_VILLAGE].plate
    services_doorplates.doorplate_remove(actor=staff.aishan_officer, doorplate=plate)
    response = client.get(url(plate))
    assert response.status_code == 404 and "未找到该门牌" in response.content.decode()


def test_address_code_is_not_a_way_in(world: dict[str, Village], client: Client) -> None:
    response = client.get(f"/d/{world[MY_VILLAGE].address.code}")
    assert response.status_code == 404


def test_services_that_apply_by_region(world: dict[str, Village], client: Client) -> None:
    catalogue_seed()
    mine = client.get(url(world[MY_VILLAGE].plate)).content.decode()
    assert "最低生活保障申请" in mine and "湖州市民政局" in mine  # city-wide
    assert "吴兴区政务服务中心" in mine  # its county
    assert "爱山街道便民服务中心" in mine  # its township
    assert "安吉县政务服务中心" not in mine and "织里镇便民服务中心" not in mine

    zhili = client.get(url(world[OTHER_TOWNSHIP_VILLAGE].plate)).content.decode()
    assert "织里镇便民服务中心" in zhili and "吴兴区政务服务中心" in zhili and "爱山街道便民服务中心" not in zhili

    anji = client.get(url(world[OTHER_COUNTY_VILLAGE].plate)).content.decode()
    assert "安吉县政务服务中心" in anji and "递铺街道便民服务中心" in anji and "吴兴区政务服务中心" not in anji


def test_inactive_services_and_departments_are_hidden(world: dict[str, Village], client: Client) -> None:
    catalogue_seed()
    DoorplateService.objects.filter(name="最低生活保障申请").update(active=False)
    Department.objects.filter(name="国网湖州供电公司").update(active=False)
    html = client.get(url(world[MY_VILLAGE].plate)).content.decode()
    assert "最低生活保障申请" not in html and "特困人员救助供养申请" in html
    assert "国网湖州供电公司" not in html and "电力故障报修" not in html


def test_services_are_grouped_by_department_in_catalogue_order(world: dict[str, Village], client: Client) -> None:
    catalogue_seed()
    html = client.get(url(world[MY_VILLAGE].plate)).content.decode()
    names = re.findall(r'class="dept-name">([^<]+)<', html)
    assert names[:3] == ["湖州市公安局", "湖州市民政局", "湖州市人力资源和社会保障局"]
    assert names[-1] == "乡镇（街道）便民服务中心" and len(names) == 21
    assert 'href="tel:12349"' in html


def test_map_links_only_with_coordinates(world: dict[str, Village], client: Client) -> None:
    mine = world[MY_VILLAGE]
    html = client.get(url(mine.plate)).content.decode()
    assert "uri.amap.com" in html and "api.map.baidu.com" in html and "apis.map.qq.com" in html
    mine.address.lng = mine.address.lat = None
    mine.address.save()
    html = client.get(url(mine.plate)).content.decode()
    assert "uri.amap.com" not in html


def _post(client: Client, plate, **data):  # type: ignore[no-untyped-def]
    return client.post(url(plate), {"kind": "damaged", "text": "门牌被广告遮挡", "contact": "", **data})


def test_report_is_stored_sealed_and_audited(world: dict[str, Village], client: Client) -> None:
    plate = world[MY_VILLAGE].plate
    response = _post(client, plate, contact="138 1234 5678")
    assert response.status_code == 302 and response["Location"].endswith("?sent=1#report")
    [report] = PlateReport.objects.all()
    assert (report.kind, report.text, report.region_code) == ("damaged", "门牌被广告遮挡", MY_VILLAGE)
    assert report.contact_masked == "138****5678" and "13812345678" not in report.contact_cipher
    assert unseal("phone", report.contact_cipher) == "13812345678"
    [entry] = AuditEntry.objects.filter(action="places.plate_report.submitted")
    assert entry.actor is None and "13812345678" not in str(entry.after)
    thanks = client.get(response["Location"]).content.decode()
    assert "已收到您的反馈" in thanks


def test_report_accepts_a_landline_and_no_phone(world: dict[str, Village], client: Client) -> None:
    plate = world[MY_VILLAGE].plate
    assert _post(client, plate, contact="0572-2345678").status_code == 302
    assert _post(client, plate, kind="other", text="二维码褪色").status_code == 302
    assert sorted(PlateReport.objects.values_list("contact_masked", flat=True)) == ["", "057****5678"]


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"kind": ""}, "kind", messages.REPORT_KIND_INVALID),
    ({"kind": "fire"}, "kind", messages.REPORT_KIND_INVALID),
    ({"text": ""}, "text", messages.REPORT_TEXT_REQUIRED),
    ({"text": "   "}, "text", messages.REPORT_TEXT_REQUIRED),
    ({"text": "长" * 501}, "text", messages.REPORT_TEXT_TOO_LONG.format(max=500, length=501)),
    ({"contact": "12345"}, "contact", messages.REPORT_CONTACT_INVALID),
    ({"contact": "2381234567a"}, "contact", messages.REPORT_CONTACT_INVALID),
])
def test_report_validation(world: dict[str, Village], client: Client, data: dict, field: str, message: str) -> None:
    response = _post(client, world[MY_VILLAGE].plate, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field] == [message]
    assert not PlateReport.objects.exists()


def test_report_text_of_exactly_500_characters_is_fine(world: dict[str, Village], client: Client) -> None:
    assert _post(client, world[MY_VILLAGE].plate, text="字" * 500).status_code == 302


def test_reports_are_rate_limited_per_client_and_plate(world: dict[str, Village], client: Client) -> None:
    plate, other = world[MY_VILLAGE].plate, world[OTHER_TOWNSHIP_VILLAGE].plate
    for _ in range(5):
        assert _post(client, plate).status_code == 302
    response = _post(client, plate)
    assert response.status_code == 429
    assert messages.REPORT_RATE_LIMITED.format(limit=5) in response.content.decode()
    assert PlateReport.objects.count() == 5
    # Another plate, or another client, has its own allowance.
    assert _post(client, other).status_code == 302
    assert _post(Client(REMOTE_ADDR="10.1.2.3"), plate).status_code == 302
    # Bad input does not use up the allowance.
    assert PlateReport.objects.count() == 7


@override_settings(MINZHENG_PLATE_REPORTS_PER_HOUR=1)
def test_rate_limit_is_a_setting(world: dict[str, Village], client: Client) -> None:
    plate = world[MY_VILLAGE].plate
    assert _post(client, plate, text="").status_code == 200
    assert _post(client, plate).status_code == 302
    assert _post(client, plate).status_code == 429


def test_rate_limit_state_lives_in_the_cache(world: dict[str, Village], client: Client) -> None:
    from django.core.cache import cache

    plate = world[MY_VILLAGE].plate
    for _ in range(5):
        _post(client, plate)
    assert _post(client, plate).status_code == 429
    cache.clear()  # as when the window expires
    assert _post(client, plate).status_code == 302


def test_report_form_needs_csrf(world: dict[str, Village]) -> None:
    client = Client(enforce_csrf_checks=True)
    response = _post(client, world[MY_VILLAGE].plate)
    assert response.status_code == 403
    assert not PlateReport.objects.exists()


def test_services_section_is_cached_per_village_and_refreshed_by_edits(
        world: dict[str, Village], client: Client, staff: Personas, django_assert_max_num_queries,
        django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        catalogue_seed()
    plate = world[MY_VILLAGE].plate
    client.get(url(plate))
    with django_assert_max_num_queries(3):  # the plate (with its address); the services come from the cache
        assert "最低生活保障申请" in client.get(url(plate)).content.decode()
    service = DoorplateService.objects.get(name="最低生活保障申请")
    with django_capture_on_commit_callbacks(execute=True):
        services_doorplates.service_update(
            actor=staff.city_admin, service=service, department=service.department, name="低保申请（掌上办）",
            region_code=service.region_code, url=service.url, phone=service.phone,
            description=service.description, sort=service.sort)
    html = client.get(url(plate)).content.decode()
    assert "低保申请（掌上办）" in html and "最低生活保障申请" not in html


def test_a_retired_address_points_to_its_successor(world: dict[str, Village], client: Client) -> None:
    mine = world[MY_VILLAGE]
    successor = AddressFactory(road=mine.road, number="20")
    Address.objects.filter(pk=mine.address.pk).update(status=Address.Status.RETIRED, successor=successor)
    html = client.get(url(mine.plate)).content.decode()
    assert "该地址已注销" in html and successor.full_text in html
