"""End to end in Debian's chromium: a village worker adds a member to a household in their
community and sees it on the page; then the auditor finds that change in the audit log.

Runs against pytest-django's live server (a real HTTP server on a transactional test database),
with every static file served by us, under the real CSP: a console error (a CSP violation, a
failed script) fails the test.
"""

from __future__ import annotations

import pytest

from minzheng.core.models import AuditEntry
from minzheng.people.models import Membership
from tests.factories import HouseholdFactory, PersonFactory
from tests.personas import MY_VILLAGE, build_personas
from tests.web.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = "/tmp/household.png"


def log_out(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/login/")


def test_village_worker_adds_a_member_and_the_auditor_finds_it(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    build_personas()
    head = PersonFactory(name="周建国", region_code=MY_VILLAGE)
    household = HouseholdFactory(region_code=MY_VILLAGE, head=head, address_text="仪凤桥路8号")
    newcomer = PersonFactory(name="周小雨", region_code=MY_VILLAGE)
    HouseholdFactory(region_code=MY_VILLAGE, head=PersonFactory(name="吴大海", region_code=MY_VILLAGE))

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    console_errors: list[str] = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    base = live_server.url

    # The village worker finds the household in their community through the live search.
    log_in(page, base, "village_worker")
    expect(page.locator(".region-name")).to_contain_text("仪凤桥社区")
    nav = page.get_by_role("navigation", name="主导航")
    nav.get_by_role("link", name="家庭户").click()
    results = page.locator("#results")
    expect(results).to_contain_text("吴大海")
    page.locator("#id_q").fill("周建")  # live search: no button pressed
    expect(results).not_to_contain_text("吴大海")
    expect(results).to_contain_text("周建国")
    results.get_by_role("link", name="周建国").click()
    page.wait_for_url(f"{base}/people/households/{household.pk}/")
    members = page.locator("#members")
    expect(members).not_to_contain_text("周小雨")

    # Adds a member by ID number; htmx swaps the panel in place.
    form = page.locator("#member-add-form")
    form.locator("#id_add-id_number").fill(newcomer.id_number)
    form.locator("#id_add-relationship").select_option(label="子女")
    form.get_by_role("button", name="添加").click()
    expect(members).to_contain_text("周小雨")
    expect(page.locator("#member-count")).to_have_text("2")
    expect(page.locator("#messages")).to_contain_text("已将周小雨加入本户")
    expect(members).to_contain_text(newcomer.id_number_masked)
    expect(members).not_to_contain_text(newcomer.id_number)
    assert page.url == f"{base}/people/households/{household.pk}/"  # no page load: htmx did it
    page.screenshot(path=SCREENSHOT, full_page=True)

    membership = Membership.objects.get(person=newcomer)
    assert (membership.household_id, membership.relationship) == (household.pk, "child")
    log_out(page)

    # The auditor finds the entry.
    log_in(page, base, "auditor")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="审计日志").click()
    # The filter searches as you type (htmx, after a pause): wait for that answer, however long
    # a loaded machine takes, rather than for a fixed time.
    with page.expect_response(lambda r: r.url.startswith(f"{base}/audit/?")
                              and r.request.headers.get("hx-request") == "true"):
        page.locator("#id_action").select_option(label="家庭户 · 添加成员")
    entry = page.locator('.audit-entry[data-action="people.household.member_added"]')
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("village_worker")
    expect(entry).to_contain_text("家庭户 · 添加成员")
    expect(entry).to_contain_text("周小雨")
    assert AuditEntry.objects.filter(action="people.household.member_added", actor_name="village_worker").count() == 1

    assert console_errors == []
    context.close()
