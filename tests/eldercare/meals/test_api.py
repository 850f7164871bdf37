"""The meal API: a meal recorded once (201, then 200 with the first record and no second debit),
bad input 400 naming the field in Chinese, a site elsewhere 404, counts per site and month in
one's view."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.eldercare.love_cards.models import LoveCardEntry
from minzheng.eldercare.meals import messages
from minzheng.eldercare.meals.models import MealRecord
from tests.eldercare.factories import elder
from tests.eldercare.love_cards.conftest import card_for
from tests.eldercare.meals.conftest import Sites
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db

URL = "/api/eldercare/meals/"


def body(site: int, **values: object) -> dict[str, object]:
    return {
        "site": site,
        "served_on": "2024-05-15",
        "meal": "lunch",
        "mode": "delivered",
        "price": "12.00",
        "paid_with": "love_card",
        **values,
    }


def test_a_meal_by_id_number_is_recorded_once(api, personas: Personas, sites: Sites) -> None:  # type: ignore[no-untyped-def]
    card = card_for(personas.aishan_officer, birth=dt.date(1940, 3, 1), funds="50.00")
    client = api(sites.op_a)
    first = client.post(URL, body(sites.mine.pk, id_number=card.person.id_number), format="json")
    again = client.post(URL, body(sites.mine.pk, id_number=card.person.id_number), format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert (first.json()["subsidy"], first.json()["elder_share"], first.json()["tier"]) == (
        "4.00",
        "8.00",
        "80",
    )
    assert LoveCardEntry.objects.filter(card=card, kind="meal").count() == 1
    by_card = client.post(URL, body(sites.mine.pk, card_number=card.pk, meal="dinner"), format="json")
    by_person = client.post(
        URL, body(sites.mine.pk, person=card.person_id, served_on="2024-05-16"), format="json"
    )
    assert (by_card.status_code, by_person.status_code) == (201, 201)
    listed = client.get(URL, {"site": sites.mine.pk, "month": "2024-05"}).json()
    assert [r["served_on"] for r in listed["results"]] == ["2024-05-15", "2024-05-15", "2024-05-16"]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"price": "12.345"}, "price", messages.PRICE_INVALID.format(max="100.00")),
        ({"price": 0}, "price", messages.PRICE_INVALID.format(max="100.00")),
        ({"meal": "breakfast"}, "meal", messages.MEAL_INVALID),
        ({"mode": None}, "mode", messages.MODE_INVALID),
        ({"paid_with": "wechat"}, "paid_with", messages.PAID_WITH_INVALID),
        ({"served_on": "2024-02-30"}, "served_on", messages.SERVED_ON_INVALID),
        ({"served_on": "2999-01-01"}, "served_on", messages.SERVED_ON_FUTURE),
        ({"site": "x"}, "site", messages.SITE_REQUIRED),
        ({"person": None}, "person", messages.FIND_ONE),
        ({"id_number": "110101194003011234", "person": None}, "id_number", messages.ID_NUMBER_UNKNOWN),
        ({"card_number": 99999, "person": None}, "card_number", messages.CARD_NUMBER_UNKNOWN),
        ({"paid_with": "love_card"}, "paid_with", messages.NO_CARD),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    api,
    personas: Personas,
    sites: Sites,
    values: dict[str, object],  # type: ignore[no-untyped-def]
    field: str,
    message: str,
) -> None:
    person, _ = elder(dt.date(1940, 3, 1))
    data = {
        k: v
        for k, v in {**body(sites.mine.pk, person=person.pk, paid_with="cash"), **values}.items()
        if v is not None
    }
    answer = api(personas.aishan_officer).post(URL, data, format="json")
    assert answer.status_code == 400 and answer.json()[field] == [message]
    assert not MealRecord.objects.exists()


def test_a_site_elsewhere_is_404(api, personas: Personas, sites: Sites) -> None:  # type: ignore[no-untyped-def]
    person, _ = elder(dt.date(1940, 3, 1))
    answer = api(sites.op_a).post(URL, body(sites.anji.pk, person=person.pk, paid_with="cash"), format="json")
    assert answer.status_code == 404
    assert api(personas.aishan_officer).get(URL, {"site": sites.anji.pk}).status_code == 404
    assert (
        api(personas.village_worker)
        .post(URL, body(sites.mine.pk, person=person.pk), format="json")
        .status_code
        == 403
    )


def test_counts_per_site_and_month_in_ones_view(api, personas: Personas, sites: Sites) -> None:  # type: ignore[no-untyped-def]
    here, _ = elder(dt.date(1940, 3, 1))
    there, _ = elder(dt.date(1930, 3, 1), region_code=OTHER_COUNTY_VILLAGE)
    admin = api(personas.city_admin)
    for site, person, day, meal in [
        (sites.mine, here, "2024-05-15", "lunch"),
        (sites.mine, here, "2024-05-15", "dinner"),
        (sites.mine, here, "2024-06-01", "lunch"),
        (sites.anji, there, "2024-07-02", "lunch"),
    ]:
        assert (
            admin.post(
                URL,
                body(site.pk, person=person.pk, served_on=day, meal=meal, paid_with="cash"),
                format="json",
            ).status_code
            == 201
        )
    mine = api(personas.aishan_officer).get(f"{URL}counts/", {"year": 2024}).json()
    assert [
        (
            c["site_id"],
            c["period"],
            c["meals"],
            c["lunch"],
            c["dinner"],
            c["delivered"],
            c["diners"],
            c["subsidy"],
        )
        for c in mine
    ] == [
        (sites.mine.pk, "2024-05-01", 2, 1, 1, 2, 1, "8.00"),
        (sites.mine.pk, "2024-06-01", 1, 1, 0, 1, 1, "4.00"),
    ]
    city = admin.get(f"{URL}counts/", {"year": 2024, "month": 7}).json()
    assert [(c["site_id"], c["meals"], Decimal(c["subsidy"])) for c in city] == [
        (sites.anji.pk, 1, Decimal("6.00"))
    ]
    assert api(sites.op_b).get(f"{URL}counts/", {"year": 2024}).json()[0]["site_id"] == sites.anji.pk
    bad = api(personas.aishan_officer).get(f"{URL}counts/", {"year": "20x"})
    assert bad.status_code == 400 and bad.json()["year"] == [messages.YEAR_INVALID]
