"""The staff pages on a phone (390×844), in Debian's chromium: for each demo role, the main pages
fit the screen (nothing wider than the viewport, except inside a box that scrolls on its own),
what a finger presses is at least 44px high, and the user's menu with 退出 opens from the menu
button. One browser for all roles; each role signs out through the menu it has just opened.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from minzheng.people import services
from tests.factories import HouseholdFactory, PersonFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, build_personas
from tests.places.factories import AddressFactory, DoorplateFactory, RoadFactory
from tests.web.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 360, "height": 740}
SCREENSHOTS = "/tmp/phone-{role}-{n}.png"
TOUCH_MIN = 44

# Every element past the right edge that is not inside a box that scrolls (or clips) sideways
# and itself ends inside the screen; and every visible control lower than a fingertip.
MEASURE = """() => {
  const width = window.innerWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
      " " + (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 20);
  const scrolled = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if (["auto", "scroll", "hidden", "clip"].includes(overflow)) {
        return p.getBoundingClientRect().right <= width + 0.5;
      }
    }
    return false;
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && style.visibility !== "hidden" && !el.closest("[hidden]");
  };
  const overflowing = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!visible(el)) continue;
    if (el.getBoundingClientRect().right > width + 0.5 && !scrolled(el)) overflowing.push(name(el));
  }
  const small = [];
  const controls = "button, a.button, select, textarea, input:not([type=checkbox]):not([type=radio]):not([type=hidden]), .nav a";
  for (const el of document.querySelectorAll(controls)) {
    if (visible(el) && el.getBoundingClientRect().height < TOUCH_MIN - 0.5) small.push(name(el));
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width,
          overflowing: overflowing.slice(0, 10), small: small.slice(0, 10)};
}""".replace("TOUCH_MIN", str(TOUCH_MIN))


def build_registry() -> dict[str, Any]:
    """Enough of everything that lists have rows: long names and addresses, a household with
    members, a person with no household, standard addresses and doorplates."""
    personas = build_personas()
    head = PersonFactory(name="欧阳诸葛建国", region_code=MY_VILLAGE)
    household = HouseholdFactory(region_code=MY_VILLAGE, head=head,
                                 address_text="湖州市吴兴区爱山街道仪凤桥社区仪凤桥路18号3幢2单元501室")
    for name, relationship in [("欧阳小雨", "child"), ("司马慧琳", "spouse")]:
        services.household_member_add(actor=personas.city_admin, household=household,
                                      person=PersonFactory(name=name, region_code=MY_VILLAGE),
                                      relationship=relationship)
    loner = PersonFactory(name="周未入户", region_code=MY_VILLAGE)
    HouseholdFactory(region_code=OTHER_COUNTY_VILLAGE)
    road = RoadFactory(name="仪凤桥路")
    for number in range(1, 6):
        DoorplateFactory(address=AddressFactory(road=road, number=str(number), building="3", unit="2", room="501"))
    return {"household": household, "person": head, "loner": loner}


def pages_of(role: str, data: dict[str, Any]) -> list[str]:
    household, person = data["household"].pk, data["person"].pk
    people = ["/", "/people/", f"/people/{person}/", "/people/households/", f"/people/households/{household}/"]
    places = ["/places/addresses/", "/places/match/?q=仪凤桥路18号", "/places/doorplates/", "/places/names/"]
    return {
        "city_admin": [*people, "/people/io/", "/places/addresses/quality/", "/places/doorplates/catalogue/",
                       *places],
        "wuxing_officer": [*people, "/people/new/", "/people/io/", *places],
        "aishan_officer": [*people, "/places/doorplates/reports/", *places],
        "village_worker": [*people, "/people/new/", "/people/?unhoused=on", *places, "/places/names/new/"],
        "auditor": ["/", "/audit/", "/audit/access/", "/people/", "/people/households/"],
    }[role]


def test_staff_pages_fit_a_phone_and_the_user_menu_opens(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    data = build_registry()
    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15_000)
    console_errors: list[str] = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)

    problems: dict[str, Any] = {}

    def check(role: str, path: str, shot: str) -> None:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, (role, path)
        measured = page.evaluate(MEASURE)
        if measured["scrollWidth"] > measured["innerWidth"] or measured["overflowing"] or measured["small"]:
            problems[f"{role} {page.viewport_size['width']}px {path}"] = measured
            page.screenshot(path=shot, full_page=True)

    for role in ["city_admin", "wuxing_officer", "aishan_officer", "village_worker", "auditor"]:
        log_in(page, base, role)
        for n, path in enumerate(pages_of(role, data)):
            check(role, path, SCREENSHOTS.format(role=role, n=n))

        # The navigation and the user's menu are folded away until the menu button opens them.
        menu = page.get_by_role("button", name="菜单")
        user_name = page.locator(".site-menu .user-name")
        logout = page.get_by_role("button", name="退出")
        expect(menu).to_be_visible()
        expect(logout).to_be_hidden()
        expect(page.get_by_role("navigation", name="主导航")).to_be_hidden()
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(user_name).to_be_visible()
        expect(user_name).to_have_text(role)
        expect(logout).to_be_visible()
        expect(logout).to_be_in_viewport()
        assert page.evaluate(MEASURE)["overflowing"] == [], role  # the open menu fits too
        logout.click()
        page.wait_for_url("**/login/")

    # The narrowest phone in use, for the village worker's day.
    page.set_viewport_size(NARROW)
    log_in(page, base, "village_worker")
    for n, path in enumerate(pages_of("village_worker", data)):
        check("village_worker", path, SCREENSHOTS.format(role="village_worker-360", n=n))

    # The day's work on the narrow phone: find a resident with no household by name and add them.
    page.goto(f"{base}/people/households/{data['household'].pk}/")
    page.locator("#id_add-q").fill("周未")
    candidate = page.locator("#member-candidates .candidate", has_text=data["loner"].name)
    expect(candidate).to_be_visible()
    candidate.click()
    page.locator("#id_add-relationship").select_option(label="其他")
    page.locator("#member-add-form").get_by_role("button", name="添加").click()
    expect(page.locator("#members")).to_contain_text(data["loner"].name)
    assert page.evaluate(MEASURE)["overflowing"] == []

    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)
    assert console_errors == []
    context.close()
