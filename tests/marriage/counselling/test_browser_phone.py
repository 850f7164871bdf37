"""The registrar's marriage pages on a phone (390×844), in Debian's chromium: the desk with a
booking, the week's slots, the events with their counts, a new event with a bad field, the stations
and bases, and the figures. Each fits the screen and what a finger presses is at least 44px high
(``tests.web.browser.Phone``). Screenshots of a page that fails: /tmp/phone-marriage-*.png."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import timezone

from minzheng.facilities.models import Facility
from minzheng.marriage.appointments.services import booking_create
from tests.facilities.factories import FacilityFactory
from tests.marriage.appointments.conftest import BRIDE, GROOM, office_make, slot_make
from tests.marriage.counselling.conftest import event_make
from tests.personas import build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_the_registrars_marriage_pages_fit_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    personas = build_personas()
    office = office_make()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    slot = slot_make(office, day=tomorrow, at="10:00")
    booking_create(slot_id=slot.pk, first_name="张伟", first_id_number=GROOM, second_name="李娜", second_id_number=BRIDE)
    FacilityFactory(kind=Facility.Kind.MARRIAGE_COUNSELLING_STATION, region_code="330502003001", name="仪凤桥婚姻家庭辅导驿站")
    event_make(personas.wuxing_marriage_registrar)
    base = live_server.url
    phone = Phone(browser, "marriage")
    page = phone.page
    log_in(page, base, "wuxing_marriage_registrar")

    page.goto(f"{base}/marriage/appointments/?office={office.pk}&day={tomorrow:%Y-%m-%d}")
    expect(page.locator("#bookings")).to_contain_text("张伟")
    phone.measure("desk")
    page.goto(f"{base}/marriage/appointments/slots/?office={office.pk}&day={tomorrow:%Y-%m-%d}")
    expect(page.locator("#week")).to_contain_text("1 / 2")
    phone.measure("slots")
    page.goto(f"{base}/marriage/counselling/?year=2024")
    expect(page.locator("#events")).to_contain_text("七夕青年联谊会")
    phone.measure("events")
    page.goto(f"{base}/marriage/counselling/new/")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("活动名称：请填写活动名称")).to_be_visible()
    phone.measure("event-new")
    page.goto(f"{base}/marriage/counselling/stations/")
    expect(page.locator("#stations")).to_contain_text("仪凤桥婚姻家庭辅导驿站")
    phone.measure("stations")
    page.goto(f"{base}/marriage/figures/?year=2024")
    expect(page.locator("#figures")).to_contain_text("相亲交友、婚恋辅导等活动")
    phone.measure("figures")
    page.goto(f"{base}/marriage/appointments/book/?office={office.pk}&business=marriage")
    phone.measure("book")
    phone.assert_fits()
