"""The cemetery pages on a phone (390×844), in Debian's chromium: a funeral registrar opens the
cemetery list, the plot map (the grid scrolls sideways in its own box), taps a plot, sells it on
its page, and reads the plot list, the due renewals, the eco burials and the projects; the public
page a plot's QR opens fits too. Each page fits the screen and what a finger presses is at least
44px high (``tests.web.browser.Phone``). Screenshots of a page that fails: /tmp/phone-cemetery-*.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from minzheng.facilities.sites.models import Facility
from minzheng.funeral.cemetery import services
from minzheng.funeral.cemetery.models import PlotKind, PlotSale
from tests.factories import PersonFactory
from tests.funeral.cemetery.conftest import WUXING, deceased_person
from tests.personas import build_personas
from tests.web.browser import Phone, chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_a_registrar_sells_a_plot_from_the_map_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    personas = build_personas()
    cemetery = Facility.objects.create(name="吴兴区公益性公墓", kind="cemetery", region_code=WUXING,
                                       address_text="道场乡青山坞")
    plots = services.plots_create(actor=personas.wuxing_funeral_registrar, facility=cemetery, section="A",
                                  row_from=1, row_to=4, number_from=1, number_to=20, kind=PlotKind.ASH_SINGLE,
                                  area="0.7")
    deceased = deceased_person(1)
    base = live_server.url
    phone = Phone(browser, "cemetery")
    page = phone.page

    log_in(page, base, "wuxing_funeral_registrar")
    page.goto(f"{base}/funeral/cemeteries/")
    expect(page.locator("#cemeteries")).to_contain_text("吴兴区公益性公墓")
    phone.measure("list")
    page.get_by_role("link", name="吴兴区公益性公墓").click()
    expect(page.locator("#map")).to_contain_text("1排")
    phone.measure("map")
    page.locator(f'a.plot-cell[href="/funeral/cemeteries/plots/{plots[0].pk}/"]').click()
    form = page.locator("#buy-form")
    form.get_by_label("购买日期").fill("2024-06-01")
    form.get_by_label("价格（元）").fill("12000")
    form.get_by_label("逝者身份证号").fill(deceased.id_number)
    page.get_by_role("button", name="登记购买").click()
    expect(page.locator("#buy-form")).to_contain_text("使用权人：请填写在册人员的身份证号")
    phone.measure("refused")
    holder = PersonFactory(name="张建国")
    page.locator("#buy-form").get_by_label("使用权人身份证号").fill(holder.id_number)
    page.locator("#buy-form").get_by_label("逝者身份证号").fill(deceased.id_number)
    page.get_by_role("button", name="登记购买").click()
    expect(page.locator("#plot-status")).to_contain_text("已售")
    phone.measure("sold")
    for path, step in [("/funeral/cemeteries/plots/", "plots"), ("/funeral/cemeteries/renewals/", "renewals"),
                       ("/funeral/cemeteries/eco-burials/", "eco"), ("/funeral/cemeteries/projects/", "projects"),
                       (f"/funeral/cemeteries/q/{plots[0].code}/", "public")]:
        page.goto(base + path)
        phone.measure(step)
    assert PlotSale.objects.get().plot_id == plots[0].pk
    phone.assert_fits()
