"""The adaptation pages: a township officer enters an application with quantities per catalogue
item, the county approves and pays it on its page, the list shows the year's subsidy and
spending; bad input on its field; another county's application is 404; the city adds items."""

from __future__ import annotations

import pytest

from minzheng.eldercare.adaptation import messages
from minzheng.eldercare.adaptation.models import AdaptationApplication, AdaptationItem
from tests.eldercare.adaptation.factories import items, submitted
from tests.eldercare.factories import elder
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def test_an_application_is_entered_approved_and_paid_on_the_pages(client, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    catalogue = items()
    person, raw = elder()
    client.force_login(personas.aishan_officer)
    bar, floor = catalogue["GRAB-BAR"].pk, catalogue["NON-SLIP"].pk
    made = client.post(
        "/eldercare/adaptation/new/",
        {
            "id_number": raw,
            "applied_on": "2024-03-01",
            "subsidy_rate": "0.90",
            f"qty_{bar}": "2",
            f"qty_{floor}": "4",
            f"price_{floor}": "",
        },
        follow=True,
    )
    application = AdaptationApplication.objects.get()
    assert (
        messages.PAGE_SUBMITTED.format(name=person.name, total="1080.00", subsidy="972.00")
        in made.content.decode()
    )
    assert "审核通过" not in made.content.decode()  # a township officer does not review
    client.force_login(personas.wuxing_officer)
    url = f"/eldercare/adaptation/{application.pk}/"
    assert "审核通过" in client.get(url).content.decode()
    client.post(url, {"action": "approve"})
    paid = client.post(url, {"action": "pay", "paid_on": "2024-04-01"}, follow=True)
    assert messages.PAGE_PAID.format(subsidy="972.00") in paid.content.decode()
    listing = client.get("/eldercare/adaptation/?year=2024").content.decode()
    assert "972.00" in listing and "1,080.00" in listing


def test_bad_input_is_shown_on_its_field_and_nothing_is_written(client, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    catalogue = items()
    _, raw = elder()
    client.force_login(personas.aishan_officer)
    bar = catalogue["GRAB-BAR"].pk
    page = client.post(
        "/eldercare/adaptation/new/",
        {
            "id_number": raw,
            "applied_on": "2024-03-01",
            "subsidy_rate": "0.9",
            f"qty_{bar}": "1",
            f"price_{bar}": "999",
        },
    )
    assert page.status_code == 400
    assert messages.LINE_PRICE_INVALID.format(name="卫生间扶手", price="300.00") in page.content.decode()
    empty = client.post(
        "/eldercare/adaptation/new/", {"id_number": raw, "applied_on": "2024-03-01", "subsidy_rate": "0.9"}
    )
    assert messages.LINES_REQUIRED in empty.content.decode()
    assert not AdaptationApplication.objects.exists()


def test_another_countys_application_is_not_found_and_the_city_adds_items(client, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    far = submitted(
        personas.anji_officer, items(), lines=[("GRAB-BAR", 1, None)], region_code=OTHER_COUNTY_VILLAGE
    )
    client.force_login(personas.wuxing_officer)
    assert client.get(f"/eldercare/adaptation/{far.pk}/").status_code == 404
    assert client.post("/eldercare/adaptation/catalogue/", {"code": "X1"}).status_code == 403
    client.force_login(personas.city_admin)
    added = client.post(
        "/eldercare/adaptation/catalogue/",
        {"code": "NIGHT-LIGHT", "name": "感应夜灯", "category": "renovation", "unit": "个", "price": "80"},
        follow=True,
    )
    assert messages.PAGE_ITEM_ADDED in added.content.decode()
    assert AdaptationItem.objects.filter(code="NIGHT-LIGHT").exists()
