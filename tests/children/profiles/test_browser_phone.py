"""Child profiles on a phone (390×844), in Debian's chromium: a township officer opens an orphan's
profile by ID number (a refused category first, with the rule's reason), reads it with the
guardian's phone masked, then the list, director coverage and the figures. Each page fits the
screen and what a finger presses is at least 44px high (``tests.web.browser.Phone``). Screenshots
of a page that fails: /tmp/phone-child-profiles-*.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from minzheng.children.profiles.models import ChildProfile
from tests.assistance.factories import person_born
from tests.children.conftest import seed_reference, years_ago
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.personas import build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_a_township_officer_opens_an_orphans_profile_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    seed_reference()  # seeded by the migration, flushed by any live-server test that ran before
    build_personas()
    person, raw = person_born(years_ago(11))
    base = live_server.url
    phone = Phone(browser, "child-profiles")
    page = phone.page

    log_in(page, base, "aishan_officer")
    page.goto(f"{base}/children/profiles/new/")
    phone.measure("create")
    form = page.locator("#profile-form")
    form.get_by_label("儿童身份证号").fill(raw)
    form.get_by_label("农业户口", exact=True).check()
    form.get_by_label("孤儿", exact=True).check()
    form.get_by_label("父亲情况", exact=True).select_option("dead")
    form.get_by_label("母亲情况", exact=True).select_option("alive")
    form.get_by_label("监护人姓名").fill("王秀英")
    form.get_by_label("与儿童关系").fill("祖母")
    form.get_by_label("监护人电话").fill("13812345678")
    form.get_by_role("button", name="保存").click()
    expect(page.get_by_text("孤儿不成立")).to_be_visible()
    phone.measure("refused")
    page.locator("#profile-form").get_by_label("母亲情况", exact=True).select_option("missing")
    page.locator("#profile-form").get_by_role("button", name="保存").click()
    expect(page.get_by_text(f"已建立儿童档案：{person.name}（孤儿）")).to_be_visible()
    expect(page.locator("#facts")).to_contain_text("138****5678")
    phone.measure("detail")
    page.goto(f"{base}/children/profiles/")
    expect(page.locator("#profiles")).to_contain_text(person.name)
    phone.measure("list")
    page.goto(f"{base}/children/directors/")
    expect(page.locator("#coverage")).to_contain_text("南街社区")
    phone.measure("coverage")
    page.goto(f"{base}/children/figures/?year=2024")
    phone.measure("figures")
    assert ChildProfile.objects.get().is_orphan
    phone.assert_fits()
