"""The scan flow in a real browser: a resident scans a plate on a phone, sees the address and the
services, reports a problem; the township officer signs in and finds it in the queue.

Drives Debian's chromium through Playwright. Without chromium the test is skipped, except in CI
(``CI=true``), where it must run. A screenshot of the public page goes to /tmp/doorplate.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from minzheng.places.doorplates.catalogue import catalogue_seed
from tests.personas import MY_VILLAGE, PASSWORD, Personas
from tests.places.doorplates.conftest import make_village
from tests.web.browser import chromium

SCREENSHOT = Path("/tmp/doorplate.png")
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "zh-CN",
         "user_agent": "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/120.0 Mobile Safari/537.36"}

pytestmark = [pytest.mark.browser]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    # Skips without chromium (except on CI); lets the ORM run beside Playwright's event loop for
    # this test only, not for the rest of the run.
    yield from chromium(monkeypatch)


def test_scan_then_report_reaches_the_township_queue(transactional_db, live_server, staff: Personas,
                                                     browser) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    catalogue_seed()
    village = make_village(MY_VILLAGE)
    address = village.address

    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    page.goto(f"{live_server.url}/d/{village.plate.token}")
    expect(page.locator(".full-address")).to_have_text(address.full_text)
    expect(page.locator(".plate-road")).to_have_text("红旗路")
    expect(page.get_by_text("最低生活保障申请")).to_be_visible()
    expect(page.get_by_text("爱山街道便民服务中心")).to_be_attached()
    expect(page.get_by_role("link", name="高德导航")).to_be_visible()
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # A bad submission first: the Chinese reasons appear, nothing is sent.
    page.get_by_role("button", name="提交反馈").click()
    expect(page.get_by_text("请选择问题类型")).to_be_visible()
    expect(page.get_by_text("请填写问题描述")).to_be_visible()

    page.get_by_label("问题类型").select_option("damaged")
    page.get_by_label("问题描述").fill("门牌被空调外机遮挡，二维码扫不出来")
    page.get_by_label("联系电话（选填）").fill("13912345678")
    page.get_by_role("button", name="提交反馈").click()
    expect(page.get_by_text("已收到您的反馈")).to_be_visible()
    phone.close()

    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    desk = office.new_page()
    desk.goto(f"{live_server.url}/login/")
    desk.fill("#id_username", "aishan_officer")
    desk.fill("#id_password", PASSWORD)
    desk.get_by_role("button", name="登录").click()
    desk.wait_for_url(f"{live_server.url}/")
    desk.goto(f"{live_server.url}/places/doorplates/reports/")
    row = desk.locator("table.reports tbody tr").filter(has_text="门牌被空调外机遮挡")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(address.full_text)
    expect(row).to_contain_text("139****5678")
    expect(row).not_to_contain_text("13912345678")

    row.get_by_label("处理说明").fill("已清理遮挡物")
    row.get_by_role("button", name="已处理").click()
    expect(desk.get_by_text("已标记为已处理")).to_be_visible()
    expect(desk.locator("table.reports tbody tr").filter(has_text="门牌被空调外机遮挡")).to_have_count(0)
    office.close()
