"""The staff pages in a browser through the production server (``minzheng serve``), static files included."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.personas import PASSWORD
from tests.processes import run_minzheng
from tests.web.browser import chromium, log_in

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
# A county officer of 吴兴区, made in the served database the way the demo makes its staff.
MAKE_OFFICER = f"""
from minzheng.core.models import Region
from minzheng.core.roles import Role
from minzheng.core.services import regions_load_divisions, staff_create
regions_load_divisions()
staff_create(actor=None, username="wuxing_officer", password={PASSWORD!r}, role=Role.COUNTY_OFFICER,
             region=Region.objects.get(code="330502000000"), display_name="吴兴区民政局")
"""


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_an_officer_signs_in_on_a_phone_through_serve_with_its_stylesheet_and_scripts(serve, browser) -> None:  # type: ignore[no-untyped-def]
    served = serve(None, "--workers", "2")
    run_minzheng("shell", "-c", MAKE_OFFICER, env=served.env)

    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    page.set_default_timeout(20_000)
    static: dict[str, int] = {}
    page.on("response", lambda response: static.__setitem__(response.url, response.status)
            if "/static/" in response.url else None)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    log_in(page, served.url, "wuxing_officer")
    response = page.goto(f"{served.url}/people/")
    assert response is not None and response.status == 200

    # minzheng.css applied: the page's background and the brand line under the top bar are its colours.
    styles = page.evaluate("""() => ({
        background: getComputedStyle(document.body).backgroundColor,
        brandLine: getComputedStyle(document.querySelector('.topbar')).borderBottomColor,
    })""")
    assert styles == {"background": "rgb(245, 247, 250)", "brandLine": "rgb(180, 35, 24)"}
    # The scripts ran: the phone menu button folds the navigation away and opens it.
    menu = page.get_by_role("button", name="菜单")
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"

    assert any(url.endswith("/static/css/minzheng.css") for url in static)
    assert any(url.endswith("/static/js/minzheng.js") for url in static)
    assert {url: status for url, status in static.items() if status not in (200, 304)} == {}
    assert errors == []
