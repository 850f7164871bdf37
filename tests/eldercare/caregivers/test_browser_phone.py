"""The caregiver pages on a phone (390×844), in Debian's chromium: a township officer registers a
certified caregiver at a care home by ID number, reads their page with this month's allowance,
records an award, finds them in the registry, and reads the indicator. Each page fits the screen
and what a finger presses is at least 44px high (``tests.web.browser.Phone``). Screenshots of a
page that fails: /tmp/phone-caregivers-*.png."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from minzheng.eldercare.caregivers.models import Caregiver
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.caregivers.conftest import standards_reseed, worker
from tests.eldercare.factories import elder
from tests.facilities.factories import FacilityFactory
from tests.personas import MY_VILLAGE, build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_an_officer_registers_a_caregiver_and_reads_the_allowance_and_indicator_on_a_phone(  # type: ignore[no-untyped-def]
    browser, live_server
) -> None:
    from playwright.sync_api import expect

    standards_reseed()  # seeded by the migration, flushed by any live-server test that ran before
    build_personas()
    home = FacilityFactory(name="仪凤桥颐养院", kind="care_home", region_code=MY_VILLAGE)
    person, raw = worker()
    elder(dt.date(1950, 1, 1))
    base = live_server.url
    phone = Phone(browser, "caregivers")
    page = phone.page

    log_in(page, base, "aishan_officer")
    page.goto(f"{base}/eldercare/caregivers/new/")
    phone.measure("register")
    page.get_by_label("就职机构").select_option(str(home.pk))
    page.get_by_label("身份证号").fill(raw)
    page.get_by_label("从业起始日期").fill("2012-03-01")
    page.get_by_label("证书等级").select_option("senior")
    page.get_by_label("证书编号").fill("ZJ-2015-0001")
    page.get_by_label("发证日期").fill("2015-06-01")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_text(f"已登记养老护理员：{person.name}（高级）")).to_be_visible()
    expect(page.locator("#allowance")).to_contain_text("800.00 元")
    phone.measure("detail")

    page.locator("#award-form").get_by_label("竞赛或奖项名称").fill("湖州市养老护理职业技能竞赛")
    page.locator("#award-form").get_by_label("级别").select_option("city")
    page.locator("#award-form").get_by_label("名次或等次").fill("一等奖")
    page.locator("#award-form").get_by_label("获奖日期").fill("2024-10-18")
    page.get_by_role("button", name="登记获奖").click()
    expect(page.locator("#awards")).to_contain_text("一等奖")

    page.goto(f"{base}/eldercare/caregivers/")
    expect(page.locator("#caregivers")).to_contain_text(person.name)
    phone.measure("list")
    page.goto(f"{base}/eldercare/caregivers/indicator/?year=2024")
    expect(page.locator("#total")).to_contain_text("10000.00")
    phone.measure("indicator")
    assert Caregiver.objects.get().level == "senior"
    phone.assert_fits()
