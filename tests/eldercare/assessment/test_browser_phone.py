"""The assessment pages on a phone (390×844), in Debian's chromium: a township officer finds an
elder by ID number, fills in the 26 items by touch while the running total follows, saves, and
reads the result and the history. Each page fits the screen (nothing wider than the viewport
unless inside a box that scrolls on its own) and what a finger presses is at least 44px high: the
measure the staff pages' phone test uses. Screenshots of a page that fails: /tmp/phone-assessment-*.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from minzheng.eldercare.assessment.models import Assessment
from minzheng.eldercare.assessment.scoring import ITEMS
from tests.benefits.factories import programs_reseed
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.factories import assess, elder, scores_totalling
from tests.personas import build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_an_officer_assesses_an_elder_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    programs_reseed()  # seeded by migrations, flushed by any live-server test that ran before
    personas = build_personas()
    person, raw = elder()
    earlier = assess(personas.aishan_officer, person, total=80, reason="first")
    base = live_server.url
    phone = Phone(browser, "assessment")
    page, measure = phone.page, phone.measure

    log_in(page, base, "aishan_officer")
    page.goto(f"{base}/eldercare/assessments/")
    measure("find")
    page.get_by_label("身份证号").fill(raw)
    page.get_by_role("button", name="查找老年人").click()
    page.wait_for_url(f"**/eldercare/assessments/people/{person.pk}/")
    expect(page.get_by_text("轻度失能").first).to_be_visible()
    measure("history")

    page.get_by_role("link", name="录入评估").click()
    page.wait_for_url("**/new/")
    measure("form")
    page.get_by_label("评估原因").select_option("routine")
    # Choose every item by touching its option: each item at its score for a total of 40 (重度失能).
    for item, chosen in zip(ITEMS, scores_totalling(40), strict=True):
        page.locator(f"#item-{item.key} label.candidate", has_text=f"{chosen}分：").first.click()
    expect(page.locator("#preview")).to_contain_text("已选 26/26 项")
    expect(page.locator("#preview")).to_contain_text("合计 40 分")
    expect(page.locator("#preview dl")).to_contain_text("能力等级重度失能")
    page.get_by_label("确诊为痴呆").check()
    expect(page.locator("#preview dl")).to_contain_text("能力等级完全失能")
    measure("form-filled")
    page.get_by_role("button", name="保存评估").click()
    page.wait_for_url("**/eldercare/assessments/*/")
    expect(page.get_by_text("已录入能力评估")).to_be_visible()
    measure("detail")

    saved = Assessment.objects.exclude(pk=earlier.pk).get(person=person)
    assert (saved.total, saved.preliminary_level, saved.level, saved.reason) == (40, "severe", "full", "routine")
    page.goto(f"{base}/eldercare/assessments/people/{person.pk}/")
    expect(page.locator("dl.facts")).to_contain_text("完全失能")
    measure("history-two")
    phone.assert_fits()
