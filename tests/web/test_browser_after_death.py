"""The after-death one thing in Debian's chromium on a phone (390×844): a township officer registers
the death of a dibao recipient on the form, sees the family's code, opens the case and finds the
enrollment terminated from the month after the death and the checklist of notices to other
departments. Every page fits the phone; a console error fails the test."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from decimal import Decimal

import pytest

from minzheng.benefits.models import Enrollment, Program
from minzheng.people.models import Person
from tests.benefits.factories import programs_reseed
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.factories import HouseholdFactory
from tests.personas import MY_VILLAGE, build_personas
from tests.web.browser import chromium, log_in
from tests.web.test_browser_phone import MEASURE, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def seeds_as_migrated() -> None:
    """A live-server test before this one has flushed every table: put back what migrations seed."""
    from django.apps import apps

    programs_reseed()
    importlib.import_module("minzheng.funeral.migrations.0004_after_death").seed(apps, None)


def test_an_officer_registers_a_dibao_recipients_death_and_sees_the_benefit_stop(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    seeds_as_migrated()
    build_personas()
    household = HouseholdFactory(region_code=MY_VILLAGE, head__name="沈阿大")
    enrollment = Enrollment.objects.create(program=Program.objects.get(code="dibao"), household=household,
                                           region_code=MY_VILLAGE, approved_on=dt.date(2024, 11, 20),
                                           start_month=dt.date(2024, 12, 1), monthly_amount=Decimal("1145.00"))
    context = browser.new_context(locale="zh-CN", viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15_000)
    console_errors: list[str] = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    too_wide: dict[str, object] = {}

    def fits(step: str) -> None:
        found = page.evaluate(MEASURE)
        if found["scrollWidth"] > found["innerWidth"] or found["overflowing"]:
            too_wide[step] = found
            page.screenshot(path=f"/tmp/after-death-{step}.png", full_page=True)

    base = live_server.url
    log_in(page, base, "aishan_officer")
    page.goto(f"{base}/funeral/deaths/new/")
    fits("form")
    page.get_by_label("死者身份证号码").fill(household.head.id_number)
    page.get_by_label("信息来源").select_option("home")
    page.get_by_label("死亡原因类别").select_option("old_age")
    page.get_by_label("死亡日期").fill("2025-03-10")
    page.get_by_label("死亡地点").fill("家中")
    page.get_by_label("报告人姓名").fill("沈小妹")
    page.get_by_label("与死者关系").fill("女儿")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_selector("#family-code")
    fits("registered")
    assert "已登记沈阿大的死亡" in page.content()
    page.get_by_role("link", name="身后一件事").first.click()
    page.wait_for_selector("#checklist")
    fits("case")
    affairs = page.locator("#affairs").inner_text()
    assert "最低生活保障待遇终止，2025年04月起停发" in affairs
    checklist = page.locator("#checklist").inner_text()
    for item in ("户籍注销", "停发养老金", "医保停保", "住房公积金", "驾驶证", "遗属待遇", "丧葬补助金"):
        assert item in checklist
    assert checklist.count("待通知") >= 7
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.TERMINATED and enrollment.stop_month == dt.date(2025, 4, 1)
    assert Person.objects.get(pk=household.head_id).status == Person.Status.DECEASED
    assert too_wide == {}
    assert console_errors == []
    context.close()
