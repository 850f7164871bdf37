"""The charity pages on a phone (390×844), in Debian's chromium: a county officer receives a
recognition application by USCC, grants it, records a donation to the new charity, finds it in
the ledger and opens its receipt link, and reads the spending checks and the trusts. Each page
fits the screen and what a finger presses is at least 44px high (``tests.web.browser.Phone``).
Screenshots of a page that fails: /tmp/phone-charity-*.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from minzheng.civil_society.charity.models import CharityRecognition
from minzheng.civil_society.donations.models import Donation
from tests.civil_society.charity.support import org_make
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.personas import build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_an_officer_recognizes_a_charity_and_records_a_donation_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    build_personas()
    org = org_make(name="湖州市南太湖公益基金会")
    base = live_server.url
    phone = Phone(browser, "charity")
    page = phone.page

    log_in(page, base, "wuxing_officer")
    page.goto(f"{base}/charity/recognitions/new/")
    phone.measure("apply")
    page.get_by_label("统一社会信用代码").fill(org.uscc)
    page.get_by_label("申请日期").fill("2024-03-01")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#facts")).to_contain_text("2024年3月21日")
    phone.measure("recognition")
    page.get_by_label("准予").check()
    page.get_by_label("决定日期").fill("2024-03-15")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#facts")).to_contain_text("准予")
    assert CharityRecognition.objects.get(organization=org).decision == "granted"

    page.goto(f"{base}/charity/")
    expect(page.locator("#rows")).to_contain_text("湖州市南太湖公益基金会")
    phone.measure("registry")

    page.goto(f"{base}/charity/donations/new/")
    page.get_by_label("慈善组织").select_option(str(org.pk))
    page.get_by_label("捐赠人类型").select_option("unit")
    page.get_by_label("捐赠单位名称").fill("湖州织里童装商会")
    page.get_by_label("金额或折价（元）").fill("20000.00")
    page.get_by_label("捐赠日期").fill("2024-06-01")
    page.get_by_label("经手人").fill("王经办")
    phone.measure("donation")
    page.get_by_role("button", name="提交").click()
    number = Donation.objects.get().receipt_number
    expect(page.locator("#rows")).to_contain_text(number)
    expect(page.locator("#rows")).to_contain_text("湖州织里童装商会")
    phone.measure("ledger")

    for path, name in (
        ("/charity/spending/?year=2024", "spending"),
        ("/charity/trusts/", "trusts"),
        ("/charity/donations/campaigns/", "campaigns"),
    ):
        page.goto(f"{base}{path}")
        phone.measure(name)
    phone.assert_fits()
