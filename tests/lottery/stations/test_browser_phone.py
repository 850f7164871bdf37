"""The lottery pages on a phone (390×844), in Debian's chromium: the city's lottery centre opens a
station's page, is refused a contract at a station 150 m from a school (the school named), signs
one at a station clear of schools, records an upgrade, and reads the sales, the fund, the findings
and the figures. Each page fits the screen and what a finger presses is at least 44px high
(``tests.web.browser.Phone``). Screenshots of a page that fails: /tmp/phone-lottery-*.png."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from minzheng.lottery.sales.models import MonthlySale
from minzheng.lottery.stations.models import AgencyContract, StationUpgrade
from tests.lottery.conftest import games, offset, school, station
from tests.personas import build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_the_lottery_centre_signs_a_contract_and_reads_its_pages_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    seeded = games()  # seeded by the migration, flushed by any live-server test that ran before
    build_personas()
    near = station("中国福利彩票仪凤桥投注站")
    school("湖州市仪凤桥小学", north=150)
    lng, lat = offset(north=2000)
    clear = station("中国福利彩票南街投注站", lng=lng, lat=lat)
    MonthlySale.objects.create(
        station=clear,
        region_code=clear.region_code,
        month=dt.date(2024, 5, 1),
        game_type=seeded["ssq"],
        amount=Decimal("1000.00"),
    )
    base = live_server.url
    phone = Phone(browser, "lottery")
    page = phone.page

    log_in(page, base, "city_admin")
    page.goto(f"{base}/lottery/")
    expect(page.locator("#stations")).to_contain_text("南街投注站")
    phone.measure("stations")

    def fill(number: str, terminal: str) -> None:
        form = page.locator("#contract-form")
        form.get_by_label("合同编号").fill(number)
        form.get_by_label("终端编号").fill(terminal)
        form.get_by_label("代销者姓名").fill("王建国")
        form.get_by_label("代销者身份证号").fill("33050219800101001X")
        form.get_by_label("签订日期").fill("2024-03-01")
        form.get_by_label("合同起始日期").fill("2024-03-10")
        form.get_by_label("合同截止日期").fill("2027-03-09")
        page.get_by_role("button", name="签订合同").click()

    page.goto(f"{base}/lottery/stations/{near.pk}/")
    fill("HZFC-2024-00001", "3305000001")
    expect(page.locator("#contract-form")).to_contain_text("湖州市仪凤桥小学")
    phone.measure("refused")

    page.goto(f"{base}/lottery/stations/{clear.pk}/")
    fill("HZFC-2024-00002", "3305000002")
    expect(page.get_by_text("已签订代销合同 HZFC-2024-00002")).to_be_visible()
    upgrade = page.locator("#upgrade-form")
    upgrade.get_by_label("改造日期").fill("2024-06-01")
    upgrade.get_by_label("改造类型").select_option("image")
    page.get_by_role("button", name="登记升级改造").click()
    expect(page.locator("#upgrades")).to_contain_text("形象升级")
    phone.measure("detail")

    for path, step in [
        ("/lottery/sales/", "sales"),
        ("/lottery/fund/?year=2024", "fund"),
        ("/lottery/findings/", "findings"),
        ("/lottery/figures/?year=2024", "figures"),
    ]:
        page.goto(base + path)
        phone.measure(step)
    expect(page.locator("#figures")).to_contain_text("1,000.00")
    assert AgencyContract.objects.get().station == clear and StationUpgrade.objects.count() == 1
    phone.assert_fits()
