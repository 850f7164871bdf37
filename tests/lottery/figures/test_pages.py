"""Every lottery page and export in the reader's scope (403 for a township), and the fund page's rate table."""

from __future__ import annotations

import pytest

from minzheng.lottery.fund.models import GameType

pytestmark = pytest.mark.django_db
PAGES = [
    "/lottery/",
    "/lottery/findings/",
    "/lottery/sales/",
    "/lottery/fund/",
    "/lottery/promotion/",
    "/lottery/figures/?year=2024",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("url", PAGES)
def test_every_page_opens_for_the_city_and_a_county_and_not_for_a_township(
    personas, sites, login, url
) -> None:
    assert login(personas.city_admin).get(url).status_code == 200
    assert login(personas.anji_officer).get(url).status_code == 200
    assert login(personas.aishan_officer).get(url).status_code == 403


@pytest.mark.parametrize(
    "url",
    ["/lottery/", "/lottery/sales/", "/lottery/fund/?year=2024", "/lottery/promotion/", "/lottery/findings/"],
)
def test_lists_export_to_excel_in_scope(personas, sites, login, url) -> None:
    response = login(personas.anji_officer).get(url + ("&" if "?" in url else "?") + "format=xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX


def test_the_centre_adds_a_rate_and_a_second_for_the_same_month_is_refused(personas, sites, login) -> None:
    client = login(personas.city_admin)
    form = {"game_type": GameType.objects.get(code="ggl").pk, "effective_from": "2025-01", "rate": "0.2200"}
    assert client.post("/lottery/fund/", form).status_code == 302
    response = client.post("/lottery/fund/", form)
    assert response.status_code == 400 and "比例只增不改" in response.content.decode()
