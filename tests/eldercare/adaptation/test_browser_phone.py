"""The adaptation and insurance pages on a phone (390×844), in Debian's chromium: a township
officer enters an adaptation application by ID number with quantities from the catalogue; the
county officer approves it and records the subsidy paid, reads the year's totals, then reads the
insurance payout ratio per region, the claims and one claim. Each page fits the screen and what a
finger presses is at least 44px high (``tests.web.browser.Phone``)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from minzheng.eldercare.adaptation.models import AdaptationApplication
from tests.eldercare.adaptation.factories import items
from tests.eldercare.factories import elder
from tests.eldercare.insurance.factories import paid_claim, policy
from tests.personas import build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_adaptation_and_insurance_pages_work_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    personas = build_personas()
    catalogue = items()
    person, raw = elder()
    insured = policy(personas.wuxing_officer)
    claim = paid_claim(personas.wuxing_officer, insured, amount="24.15", kind="rehab")
    base = live_server.url

    township = Phone(browser, "adaptation-township")
    page = township.page
    log_in(page, base, "aishan_officer")
    page.goto(f"{base}/eldercare/adaptation/new/")
    township.measure("submit")
    page.get_by_label("老人身份证号").fill(raw)
    page.get_by_label("补贴比例").fill("0.90")
    page.get_by_label("卫生间扶手（适老化改造，目录价300.00元/套） 数量").fill("2")
    page.get_by_label("防滑地面处理（适老化改造，目录价120.00元/平方米） 数量").fill("4")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_text(f"已登记申请：{person.name}，费用1080.00元，补贴972.00元")).to_be_visible()
    township.measure("submitted")

    county = Phone(browser, "adaptation-county")
    page = county.page
    log_in(page, base, "wuxing_officer")
    application = AdaptationApplication.objects.get()
    page.goto(f"{base}/eldercare/adaptation/{application.pk}/")
    county.measure("review")
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_text("已审核通过")).to_be_visible()
    page.get_by_label("发放日期").fill(application.applied_on.isoformat())
    page.get_by_role("button", name="登记发放").click()
    expect(page.get_by_text("已登记补贴发放：972.00元")).to_be_visible()
    county.measure("paid")
    page.goto(f"{base}/eldercare/adaptation/?year={application.applied_on.year}")
    expect(page.locator("#totals")).to_contain_text("972.00")
    county.measure("applications")
    page.goto(f"{base}/eldercare/adaptation/catalogue/")
    county.measure("catalogue")
    assert catalogue["CARE-BED"].name in page.content()

    page.goto(f"{base}/eldercare/insurance/?year=2024")
    expect(page.locator("#totals")).to_contain_text("80.50%")
    county.measure("insurance")
    page.get_by_role("link", name="理赔记录").click()
    page.get_by_role("link", name=insured.person.name).click()
    expect(page.locator("#claim")).to_contain_text("已赔付")
    county.measure("claim")
    assert AdaptationApplication.objects.get().status == "paid" and claim.amount_paid == Decimal("24.15")
    township.assert_fits()
    county.assert_fits()
