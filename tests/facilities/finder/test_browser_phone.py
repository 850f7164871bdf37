"""The finder on a phone (390×844), in Debian's chromium: a resident types an address and sees
the nearest meal site first, on the list and on the map, and its navigation links carry its
coordinates in each map's system (Amap and Tencent GCJ-02, Baidu BD-09); "红旗路18号" alone offers
the candidates to pick from; "使用我的位置" gives the same list from the phone's position. The map
loads nothing from another host (no tiles are set), the pages fit the screen and what a finger
presses is at least 44px high. Screenshots of a page that fails: /tmp/phone-finder-*.png."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from minzheng.core import geo
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.facilities.finder.conftest import FINDER, build_town
from tests.personas import build_regions
from tests.web.browser import chromium
from tests.web.test_browser_phone import MEASURE, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME = (120.0868, 30.894)  # WGS-84, the resident's home: 仪凤桥社区红旗路18号
SOUTH = (120.0868, 30.89)  # 南门老年食堂, 445 m south: the nearest
EAST = (120.0968, 30.894)  # 东门老年食堂, 954 m east


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def center(box: dict[str, float]) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def link_point(href: str) -> tuple[float, float]:
    """The destination (lng, lat) a navigation link carries, in that map's own system."""
    query = parse_qs(urlsplit(href).query)
    if "uri.amap.com" in href:
        lng, lat = query["to"][0].split(",")[:2]
    elif "api.map.baidu.com" in href:
        lat, lng = query["destination"][0].split("|")[0].removeprefix("latlng:").split(",")
    else:
        lat, lng = query["tocoord"][0].split(",")
    return float(lng), float(lat)


def test_a_resident_finds_the_nearest_meal_site_from_a_typed_address_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    build_regions()
    town = build_town()
    base = live_server.url
    problems: dict[str, object] = {}
    elsewhere: list[str] = []
    errors: list[str] = []

    def measure(page, name: str) -> None:  # type: ignore[no-untyped-def]
        found = page.evaluate(MEASURE)
        if found["scrollWidth"] > found["innerWidth"] or found["overflowing"] or found["small"]:
            problems[name] = found
            page.screenshot(path=f"/tmp/phone-finder-{name}.png", full_page=True)

    def watch(page) -> None:  # type: ignore[no-untyped-def]
        page.on("request", lambda r: None if r.url.startswith(base) else elsewhere.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))

    context = browser.new_context(
        viewport=PHONE,
        locale="zh-CN",
        geolocation={"longitude": HOME[0], "latitude": HOME[1]},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    watch(page)
    page.goto(f"{base}{FINDER}")
    expect(page.get_by_role("button", name="使用我的位置")).to_be_visible()  # shown by the script
    measure(page, "empty")

    page.get_by_label("地址").fill("仪凤桥社区红旗路18号")
    page.get_by_role("button", name="查找").click()
    page.wait_for_url(f"**{FINDER}?q=*")
    expect(page.locator(".finder-origin")).to_have_text(town.home.full_text)
    first = page.locator(".finder-sites > li").first
    expect(first).to_contain_text("南门老年食堂")
    expect(first).to_contain_text("445 米")
    expect(page.locator(".finder-sites > li")).to_have_count(3)

    # The navigation links of the nearest site carry it in each map's own system.
    gcj = geo.convert(*SOUTH, source=geo.System.WGS84, target=geo.System.GCJ02)
    bd = geo.convert(*SOUTH, source=geo.System.WGS84, target=geo.System.BD09)
    for name, expected in (("高德导航", gcj), ("百度导航", bd), ("腾讯导航", gcj)):
        href = first.get_by_role("link", name=name).get_attribute("href")
        assert link_point(href) == pytest.approx(expected, abs=1e-6), (name, href)

    # The map: drawn, one pin per site, the nearest south of the start and the next one east of it.
    expect(page.locator("#finder-map[data-ready='1']")).to_be_visible()
    pins = page.locator(".finder-pin")
    expect(pins).to_have_count(3)
    start = center(page.locator("#finder-map path.leaflet-interactive").bounding_box())
    south, east = center(pins.nth(0).bounding_box()), center(pins.nth(1).bounding_box())
    assert south[1] > start[1] + 10 and abs(south[0] - start[0]) < 3, (start, south)
    assert east[0] > start[0] + 10 and abs(east[1] - start[1]) < 3, (start, east)
    # 954 m east is about twice as far on the screen as 445 m south (one scale for both).
    assert (east[0] - start[0]) / (south[1] - start[1]) == pytest.approx(954 / 445, rel=0.05)
    measure(page, "results")

    page.get_by_label("地址").fill("红旗路18号")
    page.get_by_role("button", name="查找").click()
    page.wait_for_url("**q=%E7%BA%A2*")
    expect(page.get_by_text("有多个同样相符的地址")).to_be_visible()
    measure(page, "candidates")
    page.get_by_role("link", name=town.home.full_text).click()
    page.wait_for_url(f"**{FINDER}?address={town.home.code}")
    expect(page.locator(".finder-sites > li").first).to_contain_text("南门老年食堂")

    page.goto(f"{base}{FINDER}")
    page.get_by_role("button", name="使用我的位置").click()
    page.wait_for_url("**lng=120.086800*")
    expect(page.locator(".finder-origin")).to_have_text("您的位置")
    expect(page.locator(".finder-sites > li").first).to_contain_text("445 米")
    measure(page, "location")

    assert elsewhere == [], elsewhere
    assert errors == [], errors
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)
