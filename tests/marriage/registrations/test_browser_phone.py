"""The registrar's registration pages on a phone (390×844), in Debian's chromium: the desk with the
checks shown before saving, a record with its certificate and a divorce in the cooling-off, the
divorce lists and the statistics. Each fits the screen and what a finger presses is at least 44px
high (``tests.web.browser.Phone``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import timezone

from minzheng.marriage.registrations import services
from tests.marriage.registrations.conftest import office, person, register
from tests.personas import build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_the_registration_pages_fit_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    registrar = build_personas().wuxing_marriage_registrar
    desk_office = office()
    marriage = register(registrar, desk_office, person("M"), person("F"), on=dt.date(2024, 5, 20))
    services.divorce_apply(actor=registrar, marriage=marriage, office=desk_office,
                           applied_on=timezone.localdate(), agreement="离婚协议书（编号 XY-001）")
    young, bride = person("M", dt.date(2010, 1, 1)), person("F")
    base = live_server.url
    phone = Phone(browser, "marriage-registrations")
    page = phone.page
    log_in(page, base, "wuxing_marriage_registrar")

    page.goto(f"{base}/marriage/registrations/")
    page.fill("#id_husband_id_number", young.id_number)
    page.fill("#id_wife_id_number", bride.id_number)
    page.check("#id_both_present")
    page.check("#id_declared_not_married")
    page.check("#id_declared_no_prohibited_relationship")
    page.get_by_role("button", name="核查条件").click()
    expect(page.locator("#preview")).to_contain_text("男方：登记日未满法定婚龄")
    phone.measure("desk")
    page.goto(f"{base}/marriage/registrations/records/{marriage.pk}/")
    expect(page.locator("#certificates")).to_contain_text(f"J330502-{marriage.office_id:04d}-2024-000001")
    phone.measure("record")
    page.goto(f"{base}/marriage/registrations/divorces/")
    expect(page.locator("#cooling")).to_contain_text(marriage.husband.name)
    phone.measure("divorces")
    page.goto(f"{base}/marriage/statistics/?year=2024")
    expect(page.locator("#rows")).to_contain_text("5月")
    phone.measure("statistics")
