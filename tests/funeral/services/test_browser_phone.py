"""The funeral homes' pages on a phone (390×844), in Debian's chromium: a funeral registrar opens the
case of a deceased resident, records the cremation and sees the waiver and what the family pays; the
case list, the waiver catalogue and the funeral figures fit too. Each page fits the screen and what a
finger presses is at least 44px high (``tests.web.browser.Phone``). Screenshots of a page that fails:
/tmp/phone-funeral-*.png."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from django.apps import apps

from minzheng.funeral.services.models import FuneralCase, FuneralService
from tests.funeral.services.conftest import deceased, place
from tests.personas import build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_a_registrar_opens_a_case_and_records_a_waived_cremation_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    # A live-server test before this one has flushed every table: put back the catalogue the migration seeds.
    importlib.import_module("minzheng.funeral.migrations.0002_services").seed(apps, None)
    build_personas()
    home = place("吴兴区殡仪馆", region_code="330502100000")
    person = deceased(1, name="王阿大")
    base = live_server.url
    phone = Phone(browser, "funeral")
    page = phone.page

    log_in(page, base, "wuxing_funeral_registrar")
    page.goto(f"{base}/funeral/cases/new/")
    page.get_by_label("逝者身份证号").fill(person.id_number)
    page.get_by_label("殡仪馆").select_option(str(home.pk))
    page.get_by_label("受理日期").fill("2025-03-02")
    phone.measure("open")
    page.get_by_role("button", name="受理").click()
    expect(page.locator("#facts")).to_contain_text("吴兴区殡仪馆")
    form = page.locator("#add-service")
    form.get_by_label("服务项目").select_option(label="遗体火化")
    form.get_by_label("服务时间").fill("2025-03-04T09:00")
    form.get_by_label("收费（元）").fill("500")
    page.get_by_role("button", name="登记").click()
    expect(page.locator("#services")).to_contain_text("遗体火化")
    phone.measure("case")
    line = FuneralService.objects.get(case=FuneralCase.objects.get(person=person))
    assert 0 < line.waived <= line.fee
    expect(page.locator("#totals")).to_contain_text(f"{line.fee - line.waived:,.2f}")
    for path, step in [("/funeral/cases/", "list"), ("/funeral/cases/catalogue/", "catalogue"),
                       ("/funeral/figures/?year=2025", "figures"), ("/funeral/deaths/", "deaths")]:
        page.goto(base + path)
        phone.measure(step)
    phone.assert_fits()
