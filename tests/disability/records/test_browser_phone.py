"""Recording a rehab service on a phone (390×844), in Debian's chromium: a rehab organization's
provider operator opens their patients, one patient's record, and records a medication training
session; a bad length is refused on its field first. Each page fits the screen and what a finger
presses is at least 44px high (``tests.web.browser.Phone``). Screenshots of a page that fails:
/tmp/phone-rehab-*.png."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from minzheng.disability.network import services as network_services
from minzheng.disability.records.models import RehabService
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.disability.conftest import build_rehab, patient, services_for
from tests.personas import build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_an_operator_records_a_service_for_their_patient_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    personas = build_personas()
    rehab = build_rehab(personas)
    p = patient(personas.aishan_officer, rehab.wuxing, consent_on=dt.date(2024, 1, 10), signer="guardian")
    base = live_server.url
    phone = Phone(browser, "rehab")
    page = phone.page

    log_in(page, base, "rehab_op_a")
    page.goto(f"{base}/disability/patients/")
    expect(page.locator("#patients")).to_contain_text(p.masked_name)
    phone.measure("list")
    page.locator("#patients").get_by_role("link", name=p.masked_name).click()
    expect(page.locator("#consent")).to_contain_text("监护人签署")
    phone.measure("record")

    form = page.locator("#service-form")
    form.get_by_label("服务机构").select_option(str(rehab.wuxing.pk))
    form.get_by_label("服务类型").select_option("medication")
    form.get_by_label("服务日期").fill("2024-03-15")
    form.get_by_label("时长（分钟）").fill("600")
    form.get_by_label("服务人员").fill("李康复")
    page.get_by_role("button", name="登记服务").click()
    expect(page.locator("#service-form")).to_contain_text("时长：应为1到480之间的整数")
    phone.measure("refused")
    page.locator("#service-form").get_by_label("时长（分钟）").fill("60")
    page.get_by_role("button", name="登记服务").click()
    expect(page.get_by_text("已登记康复服务：服药训练 2024-03-15")).to_be_visible()
    expect(page.locator("#services")).to_contain_text("李康复")
    phone.measure("recorded")
    assert RehabService.objects.get().staff == "李康复"
    phone.assert_fits()


def test_an_officer_reads_the_network_coverage_and_indicators_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    personas = build_personas()
    rehab = build_rehab(personas)
    network_services.placement_set(
        actor=personas.wuxing_officer, facility=rehab.wuxing, level="county", placed_on=dt.date(2024, 1, 1)
    )
    p = patient(personas.aishan_officer, rehab.wuxing)
    services_for(rehab.op_a, p, rehab.wuxing, [dt.date(2024, m, 3) for m in (2, 5, 8, 11)])
    base = live_server.url
    phone = Phone(browser, "rehab-officer")
    page = phone.page
    log_in(page, base, "wuxing_officer")
    page.goto(f"{base}/disability/network/")
    expect(page.locator("#organizations")).to_contain_text("区县级精神康复中心")
    phone.measure("network")
    page.goto(f"{base}/disability/network/coverage/")
    expect(page.locator("#coverage")).to_contain_text("乡镇级康复站差5个")
    phone.measure("coverage")
    page.goto(f"{base}/disability/indicators/?year=2024")
    expect(page.locator("#total")).to_contain_text("100.0%")
    phone.measure("indicators")
    page.goto(f"{base}/disability/patients/{p.pk}/")
    expect(page.locator("#standard")).to_contain_text("2024年 4 次：已达到")
    phone.measure("patient")
    phone.assert_fits()
