"""The self-check page on a phone (390 px wide) in a real browser: a resident fills the form with
touch-sized fields, gets the answer above the form, and the page never scrolls sideways.
Then the same for tekun. Screenshots: /tmp/self_check_form.png (the form), /tmp/self_check.png (the
answer), /tmp/self_check_tekun.png (the tekun answer)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.benefits.factories import programs_reseed
from tests.personas import build_regions
from tests.places.doorplates.test_browser_scan_report import PHONE
from tests.web.browser import chromium

pytestmark = [pytest.mark.browser]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_a_resident_checks_on_a_phone(transactional_db, live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    programs_reseed()  # seeded by migrations, flushed by any live-server test that ran before
    build_regions()
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{live_server.url}/self-check/")
    expect(page.get_by_role("heading", name="我家能申请低保吗？")).to_be_visible()
    page.screenshot(path=str(Path("/tmp/self_check_form.png")), full_page=True)

    page.get_by_role("button", name="开始试算").click()
    expect(page.get_by_text("请选择户籍所在的乡镇（街道）")).to_be_visible()

    page.get_by_label("户籍所在乡镇（街道）").select_option("330502003000")
    page.get_by_label("共同生活的家庭人数").fill("3")
    page.get_by_label("全家每月收入合计（元）").fill("1000")
    page.get_by_role("button", name="开始试算").click()
    expect(page.get_by_role("heading", name="您家可能符合低保条件")).to_be_visible()
    expect(page.locator(".amount strong")).to_have_text("2,435.00")
    expect(page.locator(".next")).to_contain_text("爱山街道")

    # Phone-sized: nothing wider than the screen, fields and the button big enough to touch.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for locator in (page.get_by_label("全家每月收入合计（元）"), page.get_by_role("button", name="开始试算")):
        box = locator.bounding_box()
        assert box is not None and box["height"] >= 40 and box["width"] >= 300
    page.screenshot(path=str(Path("/tmp/self_check.png")), full_page=True)

    # The tekun check for one person, reached from the same page.
    page.get_by_role("link", name="特困人员自助试算").click()
    page.get_by_label("户籍所在乡镇（街道）").select_option("330502003000")
    page.get_by_label("年龄（周岁）").fill("78")
    page.get_by_label("本人每月收入（元）").fill("200")
    page.get_by_label("子女、配偶等法定赡养、抚养、扶养人").select_option("none")
    page.get_by_role("button", name="开始试算").click()
    expect(page.get_by_role("heading", name="您可能符合特困人员救助供养条件")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(Path("/tmp/self_check_tekun.png")), full_page=True)
