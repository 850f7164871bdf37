"""The eldercare figures page on a phone (390×844), in Debian's chromium: a township officer reads
the year's figures and asks for another year. The page fits the screen (nothing wider than the
viewport unless inside a box that scrolls on its own) and what a finger presses is at least 44px
high: the measure the staff pages' phone test uses. Screenshots of a page that fails:
/tmp/phone-eldercare-figures-*.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.personas import build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_an_officer_reads_the_eldercare_figures_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    build_personas()
    base = live_server.url
    phone = Phone(browser, "eldercare-figures")
    page, measure = phone.page, phone.measure

    log_in(page, base, "aishan_officer")
    page.goto(f"{base}/eldercare/figures/?year=2024")
    expect(page.get_by_role("heading", name="2024 年养老服务数据")).to_be_visible()
    expect(page.get_by_text("落地“一床一码”场景的养老机构")).to_be_visible()
    measure("2024")
    page.get_by_label("年度").fill("2023")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url("**/eldercare/figures/?year=2023")
    expect(page.get_by_role("heading", name="2023 年养老服务数据")).to_be_visible()
    measure("2023")
    phone.assert_fits()
