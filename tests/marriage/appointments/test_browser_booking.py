"""A couple books and cancels on a phone (390×844, Chinese) in Debian's chromium: the page fits the
screen, a bad ID number is named next to its field, the code is shown, and the code with one ID
number cancels. Skipped without chromium, except on CI. Screenshots: /tmp/marriage-booking-*.png."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import timezone

from minzheng.marriage.appointments.models import Booking, Slot
from tests.marriage.appointments.conftest import BRIDE, GROOM, office_make, slot_make
from tests.web.browser import chromium

pytestmark = [pytest.mark.browser]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "zh-CN"}
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_a_couple_books_and_cancels_on_a_phone(transactional_db, live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    from tests.personas import build_personas

    build_personas()
    office = office_make()
    slot = slot_make(office, day=timezone.localdate() + dt.timedelta(days=1), at="09:30", capacity=3)
    page = browser.new_context(**PHONE).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/marriage/appointments/book/")
    page.get_by_label("婚姻登记处").select_option(str(office.pk))
    page.get_by_label("办理业务").select_option("marriage")
    page.get_by_role("button", name="查看可预约时段").click()
    page.get_by_label("预约时段").select_option(str(slot.pk))
    page.get_by_label("甲方姓名").fill("张伟")
    page.get_by_label("甲方身份证号").fill(GROOM[:17] + ("0" if GROOM[17] != "0" else "1"))
    page.get_by_label("乙方姓名").fill("李娜")
    page.get_by_label("乙方身份证号").fill(BRIDE)
    page.get_by_role("button", name="提交预约").click()
    expect(page.get_by_text("甲方身份证号：身份证号码校验位错误")).to_be_visible()
    assert page.evaluate(FITS)
    page.screenshot(path="/tmp/marriage-booking-error.png", full_page=True)

    page.get_by_label("预约时段").select_option(str(slot.pk))
    page.get_by_label("甲方身份证号").fill(GROOM)
    page.get_by_role("button", name="提交预约").click()
    expect(page.get_by_role("heading", name="预约成功")).to_be_visible()
    code = page.locator("#code").inner_text().strip()
    assert Booking.objects.get().code == code
    assert GROOM not in page.content() and page.evaluate(FITS)
    page.screenshot(path="/tmp/marriage-booking-done.png", full_page=True)

    page.get_by_role("link", name="取消预约").click()
    page.get_by_label("确认码").fill(code.lower())
    page.get_by_label("任一方身份证号").fill(BRIDE)
    page.get_by_role("button", name="取消预约").click()
    expect(page.get_by_role("heading", name="预约已取消")).to_be_visible()
    assert page.evaluate(FITS)
    assert Booking.objects.get().status == Booking.Status.CANCELLED
    assert Slot.objects.get(pk=slot.pk).booked == 0
