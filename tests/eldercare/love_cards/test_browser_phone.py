"""The love card pages on a phone (390×844), in Debian's chromium: a township officer opens an
elder's card by ID number, tops it up, reads the balance and the ledger (with a meal paid from it),
and finds the card again by name. Each page fits the screen (nothing wider than the viewport
unless inside a box that scrolls on its own) and what a finger presses is at least 44px high: the
measure the staff pages' phone test uses. Screenshots of a page that fails: /tmp/phone-love-card-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from minzheng.eldercare.love_cards.models import LoveCard
from minzheng.eldercare.love_cards.services import love_card_debit
from tests.benefits.factories import programs_reseed
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.factories import elder
from tests.personas import build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_an_officer_opens_and_tops_up_a_love_card_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    programs_reseed()  # seeded by migrations, flushed by any live-server test that ran before
    build_personas()
    person, raw = elder()
    base = live_server.url
    phone = Phone(browser, "love-card")
    page, measure = phone.page, phone.measure

    log_in(page, base, "aishan_officer")
    page.goto(f"{base}/eldercare/love-cards/")
    measure("list-empty")
    page.get_by_label("老年人身份证号").fill(raw)
    page.get_by_role("button", name="开通爱心卡").click()
    card = LoveCard.objects.get(person=person)
    page.wait_for_url(f"**/eldercare/love-cards/{card.pk}/")
    expect(page.get_by_text(f"已为{person.name}开通爱心卡")).to_be_visible()
    measure("detail-new")

    page.get_by_label("充值类型").select_option("family")
    page.get_by_label("充值单位或充值人").fill("欧阳小雨（女儿）")
    page.get_by_label("金额（元）").fill("300")
    page.get_by_role("button", name="确认充值").click()
    page.wait_for_url(f"**/eldercare/love-cards/{card.pk}/")
    expect(page.get_by_text("已充值300.00元，余额300.00元")).to_be_visible()
    love_card_debit(card=card, amount="15.50", idempotency_key="meal:1", source=("eldercare.meal", 1))
    page.reload()
    expect(page.locator("#balance")).to_have_text("284.50")
    expect(page.locator("#ledger")).to_contain_text("助餐")
    expect(page.locator("#ledger")).to_contain_text("欧阳小雨（女儿）")
    measure("detail-ledger")

    page.goto(f"{base}/eldercare/love-cards/")
    page.get_by_label("姓名或身份证号").fill(person.name[:2])
    page.get_by_role("button", name="查找", exact=True).click()
    expect(page.locator("#cards")).to_contain_text(person.name)
    expect(page.locator("#cards")).to_contain_text("284.50")
    measure("list-found")
    card.refresh_from_db()
    assert card.balance == Decimal("284.50")
    phone.assert_fits()
