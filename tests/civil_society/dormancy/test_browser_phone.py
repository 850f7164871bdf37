"""The dormancy cleanup on a phone (390×844), in Debian's chromium: a county officer finds a dormant
organization among the candidates (with its reasons), files its cleanup case, serves the advance
notice by public notice and, the notice period over (shortened to 0 days through the setting),
decides to revoke its registration; the registry shows it revoked. Then the other pages of the
part (lists, forms, venture, awards, figures). Each page fits the screen and
what a finger presses is at least 44px high (``tests.web.browser.Phone``). Screenshots of a page
that fails: /tmp/phone-dormancy-*.png."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from minzheng.civil_society.dormancy.models import CleanupCase
from minzheng.civil_society.registry.models import Organization
from tests.civil_society.conftest import make_org
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.personas import build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_an_officer_detects_a_dormant_organization_and_reaches_revocation_on_a_phone(  # type: ignore[no-untyped-def]
    browser, live_server, settings
) -> None:
    from playwright.sync_api import expect

    settings.CIVIL_SOCIETY_NOTICE_DAYS = 0
    personas = build_personas()
    org = make_org(personas.wuxing_officer, name="湖州市久眠文化促进会", registered_on=dt.date(2019, 4, 1))
    base = live_server.url
    phone = Phone(browser, "dormancy")
    page = phone.page

    log_in(page, base, "wuxing_officer")
    page.goto(f"{base}/civil-society/dormancy/")
    candidates = page.locator("#candidates")
    expect(candidates).to_contain_text("湖州市久眠文化促进会")
    expect(candidates).to_contain_text("登记（2019-04-01）后1年内未开展活动")
    phone.measure("candidates")
    page.locator(f"button[data-org='{org.pk}']").click()
    expect(page.locator("#case-state")).to_have_text("已立案")
    phone.measure("filed")

    page.get_by_role("button", name="事先告知").click()
    expect(page.locator("#case-state")).to_have_text("已事先告知")
    phone.measure("noticed")
    page.get_by_label("处理决定").select_option("revoke")
    page.get_by_label("决定日期").fill(dt.date.today().isoformat())
    page.get_by_role("button", name="作出决定").click()
    expect(page.locator("#case-state")).to_have_text("已决定")
    expect(page.locator("#decision")).to_contain_text("撤销登记")
    expect(page.locator("#org-status")).to_have_text("撤销登记")
    phone.measure("decided")

    page.goto(f"{base}/civil-society/organizations/{org.pk}/")
    expect(page.locator("#org-status")).to_contain_text("撤销登记")
    phone.measure("registry")
    for step, path in [
        ("credit", "/civil-society/credit/"),
        ("cases", "/civil-society/dormancy/cases/"),
        ("list", "/civil-society/organizations/"),
        ("form", "/civil-society/organizations/new/"),
        ("reports", "/civil-society/organizations/reports/?year=2023"),
        ("venture", "/civil-society/venture/"),
        ("awards", "/civil-society/venture/awards/"),
        ("figures", "/civil-society/figures/?year=2024"),
    ]:
        page.goto(f"{base}{path}")
        expect(page.locator("h1")).to_be_visible()
        phone.measure(step)
    expect(page.locator("body")).to_contain_text("清理“僵尸型”社会组织")
    org.refresh_from_db()
    assert org.status == Organization.Status.REVOKED
    assert CleanupCase.objects.get().decision == "revoke"
    phone.assert_fits()
