"""The bed pages on a phone (390×844), in Debian's chromium: a township officer opens the care
homes, a home's beds and a bed, checks an elder in by ID number, then scans the bed's code and sees
the occupant; a visitor scanning the same code sees only the home and that the bed is in use; a
county officer makes the month's subsidy run and reads it, its lines and the findings. Each page
fits the screen and what a finger presses is at least 44px high (the staff pages' phone measure).
Screenshots of a page that fails: /tmp/phone-beds-*.png."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from minzheng.eldercare.beds.models import BedSubsidyRun, Occupancy
from tests.benefits.factories import programs_reseed
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.beds.conftest import TOTAL_FOR, build_homes
from tests.eldercare.factories import assess, elder
from tests.personas import build_personas
from tests.web.browser import chromium, log_in
from tests.web.test_browser_phone import MEASURE, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_beds_check_in_public_scan_and_subsidy_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    programs_reseed()  # seeded by migrations, flushed by any live-server test that ran before
    personas = build_personas()
    homes = build_homes(personas)
    person, raw = elder()
    assess(personas.aishan_officer, person, total=TOTAL_FOR["severe"], on=dt.date(2024, 1, 2))
    bed = homes.beds[0]
    base = live_server.url
    problems: dict[str, object] = {}

    def measure(page, name: str) -> None:  # type: ignore[no-untyped-def]
        found = page.evaluate(MEASURE)
        if found["scrollWidth"] > found["innerWidth"] or found["overflowing"] or found["small"]:
            problems[name] = found
            page.screenshot(path=f"/tmp/phone-beds-{name}.png", full_page=True)

    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, "aishan_officer")
    page.goto(f"{base}/eldercare/beds/")
    measure(page, "homes")
    page.get_by_role("link", name=homes.mine.name).click()
    page.wait_for_url(f"**/eldercare/beds/homes/{homes.mine.pk}/")
    measure(page, "home")
    page.get_by_role("link", name="101房1床").click()
    page.wait_for_url(f"**/eldercare/beds/{bed.pk}/")
    measure(page, "bed-empty")
    page.get_by_label("身份证号").fill(raw)
    page.get_by_label("入住日期").fill("2024-01-02")
    page.get_by_role("button", name="办理入住").click()
    expect(page.get_by_text("已办理入住")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text(person.name)
    measure(page, "bed-occupied")
    assert Occupancy.objects.get().person_id == person.pk

    page.goto(f"{base}/b/{bed.code}")
    expect(page.get_by_text("床位状态：在住")).to_be_visible()
    expect(page.get_by_text(person.name)).to_be_visible()
    measure(page, "public-staff")

    visitor = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    visitor.goto(f"{base}/b/{bed.code}")
    expect(visitor.get_by_text("床位状态：在住")).to_be_visible()
    assert person.name not in visitor.content() and person.id_number_masked not in visitor.content()
    measure(visitor, "public")

    county = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    county.set_default_timeout(15_000)
    log_in(county, base, "wuxing_officer")
    county.goto(f"{base}/eldercare/beds/subsidy/")
    measure(county, "runs")
    county.get_by_label("补贴月份").fill("2024-02")
    county.get_by_role("button", name="生成或补算").click()
    expect(county.get_by_text("补贴批次已计算")).to_be_visible()
    measure(county, "run")
    run = BedSubsidyRun.objects.get()
    assert (run.line_count, str(run.total_amount)) == (1, "174.00")  # 29 bed-days (2024 is a leap year) × 6
    county.get_by_role("link", name="全部明细").click()
    expect(county.get_by_text(person.name)).to_be_visible()
    measure(county, "lines")
    county.goto(f"{base}/eldercare/beds/findings/?month=2024-02")
    expect(county.get_by_text("发现的问题")).to_be_visible()
    measure(county, "findings")
    county.goto(f"{base}/eldercare/beds/subsidy/rates/")
    measure(county, "rates")
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)
