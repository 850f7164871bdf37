"""The home bed pages on a phone (390×844), in Debian's chromium: a township officer signs a
disabled elder by ID number with a plan, records a fall alarm, and reads the list. Each page fits
the screen (nothing wider than the viewport unless inside a box that scrolls on its own) and what
a finger presses is at least 44px high: the measure the staff pages' phone test uses.
Screenshots of a page that fails: /tmp/phone-home-beds-*.png."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from minzheng.eldercare.home_beds.models import HomeBed, HomeBedDevice
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.home_beds.conftest import build_providers, disabled
from tests.personas import build_personas
from tests.web.browser import chromium, log_in
from tests.web.test_browser_phone import MEASURE, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_an_officer_signs_a_home_bed_and_reads_the_list_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    personas = build_personas()
    providers = build_providers(personas)
    person = disabled(personas.aishan_officer)
    base = live_server.url
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    problems: dict[str, object] = {}

    def measure(name: str) -> None:
        found = page.evaluate(MEASURE)
        if found["scrollWidth"] > found["innerWidth"] or found["overflowing"] or found["small"]:
            problems[name] = found
            page.screenshot(path=f"/tmp/phone-home-beds-{name}.png", full_page=True)

    log_in(page, base, "aishan_officer")
    page.goto(f"{base}/eldercare/home-beds/new/")
    measure("sign")
    page.get_by_label("服务机构").select_option(str(providers.home.pk))
    page.get_by_label("老人身份证号").fill(person.id_number)
    page.get_by_label("服务起始日期").fill("2024-03-01")
    page.get_by_label("助餐（次/月）").fill("8")
    page.get_by_label("助洁（次/月）").fill("4")
    page.get_by_role("button", name="签约", exact=True).click()
    expect(page.get_by_text(f"已签约：{person.name}")).to_be_visible()
    measure("detail")
    page.get_by_label("设备类型").select_option("fall_alarm")
    page.get_by_label("设备序列号").fill("FA-2024-0001")
    page.get_by_label("安装日期").fill("2024-03-02")
    page.get_by_role("button", name="登记设备").click()
    expect(page.get_by_text("已登记设备：跌倒报警器 FA-2024-0001")).to_be_visible()
    measure("device")
    page.goto(f"{base}/eldercare/home-beds/")
    expect(page.locator("#home-beds")).to_contain_text(person.name)
    measure("list")
    bed = HomeBed.objects.get()
    assert (bed.person_id, bed.eligibility) == (person.pk, "fully_disabled")
    assert HomeBedDevice.objects.get().serial == "FA-2024-0001"
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)
