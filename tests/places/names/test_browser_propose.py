"""The naming workflow in a real browser: a village worker types a name and sees its pinyin and
the rule checks live (htmx), submits; the township officer approves it; the public heritage
page renders for an anonymous visitor.

Drives Debian's chromium through Playwright. Without chromium the test is skipped, except in CI
(``CI=true``), where it must run. Screenshots go to /tmp/naming-propose.png and
/tmp/heritage.png.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from minzheng.places.models import NamingProposal
from minzheng.places.names.demo import build_heritage
from tests.personas import MY_VILLAGE, PASSWORD, Personas
from tests.web.browser import chromium

pytestmark = [pytest.mark.browser]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    # Skips without chromium (except on CI); lets the ORM run beside Playwright's event loop for
    # this test only, not for the rest of the run.
    yield from chromium(monkeypatch)


def sign_in(browser, live_server, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def test_propose_with_live_pinyin_then_review(transactional_db, live_server, people: Personas,
                                              browser) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    context, page = sign_in(browser, live_server, "village_worker")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/places/names/new/")
    preview = page.locator("#pinyin-preview")
    expect(preview).to_contain_text("输入名称后")
    page.get_by_label("拟用名称").press_sequentially("西安")
    expect(preview).to_contain_text("道路名称应以")
    page.get_by_label("拟用名称").press_sequentially("路")
    expect(preview).to_contain_text("Xi'an Lu")
    expect(preview).to_contain_text("名称符合命名规则")
    page.get_by_label("命名理由").fill("该道路连接本村三个自然村，原无正式名称，群众出行不便。")
    page.screenshot(path="/tmp/naming-propose.png", full_page=True)
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_text("已提交命名申请：西安路")).to_be_visible()
    assert not errors, errors  # no CSP violations or script errors
    context.close()
    proposal = NamingProposal.objects.get()
    assert (proposal.village_code, proposal.pinyin) == (MY_VILLAGE, "Xi'an Lu")

    context, page = sign_in(browser, live_server, "aishan_officer")
    page.goto(f"{live_server.url}/places/names/")
    page.locator("table.naming-queue").get_by_role("link", name="西安路").click()
    page.get_by_label("同意").check()
    page.get_by_role("button", name="提交审核意见").click()
    expect(page.get_by_text("已通过乡镇审核，报区县审批")).to_be_visible()
    expect(page.locator("table.naming-history")).to_contain_text("乡镇审核通过")
    context.close()


def test_heritage_page_for_an_anonymous_visitor(transactional_db, live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    build_heritage()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/places/names/heritage/")
    expect(page.get_by_role("heading", name="湖州市地名文化遗产保护名录")).to_be_visible()
    expect(page.locator("section.heritage-batch")).to_have_count(3)
    expect(page.locator("article.heritage-entry h3").filter(has_text="南浔古镇")).to_be_visible()
    page.screenshot(path="/tmp/heritage.png")
    context.close()
