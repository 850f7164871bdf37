"""On a phone (390×844, Debian's chromium): a provider operator opens today's visits, checks one
in and out with the phone's position (and another in with the position typed in, the manual
fallback); the county officer then finds the too-short visit in the supervision pages. Each page
fits the screen (tests.web.browser.Phone)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import timezone

from minzheng.eldercare.home_services.models import OrderStatus, ServiceOrder, SupervisionFinding
from minzheng.eldercare.love_cards.models import LoveCard
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.home_services.conftest import PASSWORD, build_world
from tests.eldercare.home_services.factories import HOME_LAT, HOME_LNG, order
from tests.personas import build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_an_operator_checks_a_visit_in_and_out_on_the_phone_and_the_county_sees_it_too_short(  # type: ignore[no-untyped-def]
    browser, live_server
) -> None:
    from playwright.sync_api import expect

    personas = build_personas()
    world = build_world(personas)
    now = timezone.localtime()
    visit = order(
        person=world.elder,
        provider=world.mine,
        caregiver=world.carer,
        kind="cleaning",
        scheduled_at=now - dt.timedelta(minutes=20),
        payer="love_card",
        price=Decimal("40.00"),
    )
    other = order(
        person=world.elder,
        provider=world.mine,
        caregiver=world.carer,
        kind="meal",
        scheduled_at=now - dt.timedelta(minutes=10),
        payer="self",
        price=Decimal("0.00"),
    )
    base = live_server.url

    phone = Phone(browser, "home-services")
    page = phone.page
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"longitude": float(HOME_LNG), "latitude": float(HOME_LAT)})
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill("home_op_a")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/eldercare/home-services/today/")
    card = page.locator(f"[data-order='{visit.pk}']")
    expect(card).to_contain_text(world.elder.name)
    phone.measure("today")
    card.get_by_role("button", name="签到").click()
    expect(card.locator(".state")).to_contain_text("服务中")
    card.get_by_role("button", name="签退").click()
    expect(card.locator(".state")).to_contain_text("已完成")
    phone.measure("checked-out")

    typed = page.locator(f"[data-order='{other.pk}']")
    typed.locator("summary").click()
    typed.get_by_label("经度").fill("120.0870000")
    typed.get_by_label("纬度").fill("30.8941000")
    typed.get_by_role("button", name="签到").click()
    expect(typed.locator(".state")).to_contain_text("服务中")

    done = ServiceOrder.objects.get(pk=visit.pk)
    assert (done.status, done.check_in_lng) == (OrderStatus.DONE, HOME_LNG)
    assert done.minutes is not None and done.minutes < 30
    assert LoveCard.objects.get(pk=world.card.pk).balance == Decimal("160.00")
    assert ServiceOrder.objects.get(pk=other.pk).check_in_lat == Decimal("30.8941000")
    assert SupervisionFinding.objects.filter(order=visit, rule="short_visit").exists()

    county = Phone(browser, "home-services-county")
    log_in(county.page, base, "wuxing_officer")
    month = now.strftime("%Y-%m")
    county.page.goto(f"{base}/eldercare/home-services/supervision/?month={month}")
    county.page.get_by_role("button", name="运行监管").click()
    expect(county.page.get_by_text("监管已运行")).to_be_visible()
    county.measure("supervision")
    county.page.get_by_role("link", name=world.mine.name).first.click()
    expect(county.page.locator("#findings")).to_contain_text("服务时长不足")
    expect(county.page.locator("#findings")).to_contain_text("少于最短30分钟")
    county.measure("findings")
    county.page.goto(f"{base}/eldercare/home-services/scores/?month={month}")
    expect(county.page.locator("#scores")).to_contain_text(world.mine.name)
    county.measure("scores")
    phone.assert_fits()
    county.assert_fits()
