"""The meal pages on a phone (390×844), in Debian's chromium: a township officer records an
elder's lunch at the counter by ID number, paid with the love card, then reads the counts per site
and month and the site's meals of the month. Each page fits the screen (nothing wider than the
viewport unless inside a box that scrolls on its own) and what a finger presses is at least 44px
high: the measure the staff pages' phone test uses. Screenshots of a page that fails:
/tmp/phone-meals-*.png."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import timezone

from minzheng.eldercare.love_cards.models import LoveCard
from minzheng.eldercare.meals.models import MealRecord
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.love_cards.conftest import card_for
from tests.eldercare.meals.conftest import rates_reseed
from tests.facilities.factories import FacilityFactory
from tests.personas import build_personas
from tests.web.browser import chromium, log_in
from tests.web.test_browser_phone import MEASURE, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_an_officer_records_a_meal_and_reads_the_counts_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    rates_reseed()  # seeded by migrations, flushed by any live-server test that ran before
    personas = build_personas()
    site = FacilityFactory(name="仪凤桥老年食堂")
    card = card_for(personas.aishan_officer, funds="100.00")  # born 1945: the 80–89 tier, 4.00 a meal
    base = live_server.url
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    problems: dict[str, object] = {}

    def measure(name: str) -> None:
        found = page.evaluate(MEASURE)
        if found["scrollWidth"] > found["innerWidth"] or found["overflowing"] or found["small"]:
            problems[name] = found
            page.screenshot(path=f"/tmp/phone-meals-{name}.png", full_page=True)

    log_in(page, base, "aishan_officer")
    page.goto(f"{base}/eldercare/meals/record/")
    measure("record")
    page.get_by_label("助餐点").select_option(str(site.pk))
    page.get_by_label("老人身份证号").fill(card.person.id_number)
    page.get_by_label("餐费（元）").fill("12.50")
    page.get_by_role("radio", name="爱心卡").check()
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_text(f"已登记：{card.person.name}")).to_be_visible()
    expect(page.get_by_text("补贴4.00元，个人支付8.50元（爱心卡）")).to_be_visible()
    measure("recorded")

    today = timezone.localdate()
    page.goto(f"{base}/eldercare/meals/?year={today.year}")
    expect(page.locator("#sites")).to_contain_text(site.name)
    measure("counts")
    page.get_by_role("link", name=site.name).click()
    expect(page.get_by_text(card.person.name)).to_be_visible()
    measure("site")
    assert MealRecord.objects.get().elder_share == Decimal("8.50")
    assert LoveCard.objects.get(pk=card.pk).balance == Decimal("91.50")
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)
