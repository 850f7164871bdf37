"""The visit queue on a phone (390×844), in Debian's chromium: a village worker opens the queue,
finds the overdue child of their village (not the neighbour's), opens the child's page and records
a home visit; the child leaves the queue. Each page fits the screen and what a finger presses is at
least 44px high (``tests.web.browser.Phone``). Screenshots of a page that fails:
/tmp/phone-children-*.png."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import timezone

from minzheng.children.visits.models import ChildVisit
from tests.children.conftest import DEAD, child, seed_reference
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.personas import NEIGHBOUR_VILLAGE, build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_a_village_worker_records_a_visit_from_the_queue_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    from minzheng.children.profiles.services import profile_create

    seed_reference()  # seeded by the migration, flushed by any live-server test that ran before
    personas = build_personas()
    opened = timezone.localdate() - dt.timedelta(days=75)
    mine = profile_create(
        actor=personas.aishan_officer,
        person=child(9),
        hukou="rural",
        categories=["orphan"],
        parents=DEAD,
        guardian_name="王秀英",
        guardian_relation="祖母",
        opened_on=opened,
    )
    other = profile_create(
        actor=personas.aishan_officer,
        person=child(8, region_code=NEIGHBOUR_VILLAGE),
        hukou="rural",
        categories=["orphan"],
        parents=DEAD,
        guardian_name="李四",
        guardian_relation="祖父",
        opened_on=opened,
    )
    base = live_server.url
    phone = Phone(browser, "children")
    page = phone.page

    log_in(page, base, "village_worker")
    page.goto(f"{base}/children/visits/")
    expect(page.locator("#queue")).to_contain_text(mine.person.name)
    expect(page.locator("#queue")).not_to_contain_text(other.person.name)
    expect(page.locator("#overdue")).to_have_text("1")
    phone.measure("queue")
    page.locator("#queue").get_by_role("link", name=mine.person.name).click()
    expect(page.locator("#visit-form")).to_be_visible()
    phone.measure("child")
    form = page.locator("#visit-form")
    form.get_by_label("走访日期").fill(timezone.localdate().isoformat())
    form.get_by_label("走访方式").select_option("home")
    form.get_by_label("走访情况").fill("入户看望，孩子学习生活正常，祖母身体尚可")
    form.get_by_role("button", name="登记走访").click()
    expect(page.get_by_text(f"已登记走访：{timezone.localdate().isoformat()}")).to_be_visible()
    expect(page.locator("#visits")).to_contain_text("入户看望")
    phone.measure("recorded")
    page.goto(f"{base}/children/visits/")
    expect(page.locator("#queue")).not_to_contain_text(mine.person.name)
    assert ChildVisit.objects.get().profile_id == mine.pk
    phone.assert_fits()
