"""What the browser tests of the staff pages share: Debian's chromium, and signing in and out."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator

import pytest

from tests.personas import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """One headless chromium for a test. Skipped where it is not installed, except on CI."""
    on_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    if not on_ci and not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); on CI (CI=true) this test must run")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls (setting up
    # data, checking the result) are still plain synchronous code. Scoped to the test by monkeypatch.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def log_in(page, base_url: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base_url}/")


class Phone:
    """A page on a phone-sized screen (390×844, Chinese) and what ``measure`` found wrong on it:
    anything wider than the screen that is not inside a box scrolling on its own, or something a
    finger presses that is under 44px high (``tests/web/test_browser_phone.MEASURE``). A page that
    fails is kept as a screenshot, ``/tmp/phone-<name>-<step>.png``."""

    def __init__(self, browser, name: str) -> None:  # type: ignore[no-untyped-def]
        from tests.web.test_browser_phone import PHONE

        self.name = name
        self.page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
        self.page.set_default_timeout(15_000)
        self.problems: dict[str, object] = {}

    def measure(self, step: str) -> None:
        from tests.web.test_browser_phone import MEASURE

        found = self.page.evaluate(MEASURE)
        if found["scrollWidth"] > found["innerWidth"] or found["overflowing"] or found["small"]:
            self.problems[step] = found
            self.page.screenshot(path=f"/tmp/phone-{self.name}-{step}.png", full_page=True)

    def assert_fits(self) -> None:
        assert self.problems == {}, json.dumps(self.problems, ensure_ascii=False, indent=1)
