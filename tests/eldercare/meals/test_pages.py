"""The meal pages: recording at the counter (by ID number or love card number; a double submit
records and debits once; refusals on their fields, nothing written), the counts per site and
month in one's view, a site's month (access-logged; another's site 404), the rates kept by the city."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from minzheng.core.models import AccessLog
from minzheng.eldercare.love_cards.models import LoveCardEntry
from minzheng.eldercare.meals import messages
from minzheng.eldercare.meals.models import MealRecord, MealSubsidyRate
from minzheng.eldercare.meals.services import meal_record
from tests.eldercare.factories import elder
from tests.eldercare.love_cards.conftest import card_for
from tests.eldercare.meals.conftest import Sites, fresh
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 5, 15)


def form(site: int, **values: str) -> dict[str, str]:
    return {
        "site": str(site),
        "id_number": "",
        "card_number": "",
        "served_on": DAY.isoformat(),
        "meal": "lunch",
        "mode": "eat_in",
        "price": "12.00",
        "paid_with": "love_card",
        **values,
    }


def test_an_operator_records_a_meal_by_id_number_once(login, personas: Personas, sites: Sites) -> None:  # type: ignore[no-untyped-def]
    card = card_for(personas.aishan_officer, birth=dt.date(1940, 3, 1), funds="50.00")
    raw = card.person.id_number
    client = login(fresh(sites.op_a))
    page = client.get("/eldercare/meals/record/")
    assert page.status_code == 200 and sites.mine.name in page.content.decode()
    assert sites.anji.name not in page.content.decode()
    for _ in range(2):  # a double tap
        done = client.post("/eldercare/meals/record/", form(sites.mine.pk, id_number=raw))
        assert done.status_code == 302
    record = MealRecord.objects.get()
    assert (record.site, record.subsidy, record.elder_share, record.recorded_by) == (
        sites.mine,
        Decimal("4.00"),
        Decimal("8.00"),
        sites.op_a,
    )
    assert LoveCardEntry.objects.filter(card=card, kind="meal").count() == 1
    html = client.get(done["Location"]).content.decode()
    assert messages.PAGE_ALREADY in html
    assert AccessLog.objects.filter(actor=sites.op_a, subject_id=str(card.person_id), kind="lookup").exists()


def test_a_meal_by_love_card_number(login, personas: Personas, sites: Sites) -> None:  # type: ignore[no-untyped-def]
    card = card_for(personas.aishan_officer, birth=dt.date(1940, 3, 1), funds="50.00")
    done = login(personas.aishan_officer).post(
        "/eldercare/meals/record/", form(sites.mine.pk, card_number=str(card.pk))
    )
    assert done.status_code == 302 and MealRecord.objects.get().person == card.person


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("unknown", "id_number", messages.ID_NUMBER_UNKNOWN),
        ("neither", "id_number", messages.FIND_ONE),
        ("short", "paid_with", messages.CARD_SHORT.format(balance="5.00", amount="8.00")),
        ("price", "price", messages.PRICE_INVALID.format(max="100.00")),
    ],
)
def test_refusals_land_on_their_fields(
    login,
    personas: Personas,
    sites: Sites,
    case: str,
    field: str,  # type: ignore[no-untyped-def]
    message: str,
) -> None:
    card = card_for(personas.aishan_officer, birth=dt.date(1940, 3, 1), funds="5.00")
    values = {
        "unknown": {"id_number": "110101194003011234"},
        "neither": {},
        "short": {"id_number": card.person.id_number},
        "price": {"id_number": card.person.id_number, "price": "12.345"},
    }[case]
    page = login(personas.aishan_officer).post("/eldercare/meals/record/", form(sites.mine.pk, **values))
    assert page.status_code == 400
    assert page.context["form"].errors[field] == [message]
    assert not MealRecord.objects.exists()


def test_an_operator_cannot_record_at_another_providers_site(login, personas: Personas, sites: Sites) -> None:  # type: ignore[no-untyped-def]
    _, raw = elder(dt.date(1940, 3, 1))
    page = login(fresh(sites.op_a)).post(
        "/eldercare/meals/record/", form(sites.anji.pk, id_number=raw, paid_with="cash")
    )
    assert page.status_code == 400 and "site" in page.context["form"].errors
    assert login(fresh(sites.op_a)).get(f"/eldercare/meals/sites/{sites.anji.pk}/").status_code == 404
    assert not MealRecord.objects.exists()


def test_counts_per_site_and_month_in_ones_view(login, personas: Personas, sites: Sites) -> None:  # type: ignore[no-untyped-def]
    here, _ = elder(dt.date(1940, 3, 1))
    there, _ = elder(dt.date(1940, 3, 1), region_code=OTHER_COUNTY_VILLAGE)
    for day in (dt.date(2024, 5, 15), dt.date(2024, 5, 16), dt.date(2024, 6, 1)):
        meal_record(
            actor=personas.city_admin,
            site=sites.mine,
            person=here,
            served_on=day,
            meal="lunch",
            mode="eat_in",
            price="12.00",
            paid_with="cash",
        )
    meal_record(
        actor=personas.city_admin,
        site=sites.anji,
        person=there,
        served_on=DAY,
        meal="dinner",
        mode="delivered",
        price="15.00",
        paid_with="cash",
    )
    html = login(personas.aishan_officer).get("/eldercare/meals/?year=2024").content.decode()
    assert sites.mine.name in html and sites.anji.name not in html
    assert re.search(r'data-label="5月" class="num">2<', html) and re.search(
        r'data-label="6月" class="num">1<', html
    )
    city = login(personas.city_admin).get("/eldercare/meals/?year=2024&month=5").content.decode()
    assert sites.mine.name in city and sites.anji.name in city
    assert re.search(r"<dd><strong>3</strong> 餐</dd>", city)
    site = login(personas.aishan_officer).get(f"/eldercare/meals/sites/{sites.mine.pk}/?month=2024-05")
    assert site.status_code == 200 and here.name in site.content.decode()
    assert AccessLog.objects.filter(actor=personas.aishan_officer, subject_id=str(here.pk)).exists()
    assert login(personas.aishan_officer).get(f"/eldercare/meals/sites/{sites.anji.pk}/").status_code == 404
    assert login(personas.aishan_officer).get("/eldercare/meals/?year=20x").status_code == 400
    assert login(personas.village_worker).get("/eldercare/meals/").status_code == 403


def test_the_counts_open_on_the_latest_year_with_meals(login, personas: Personas, sites: Sites) -> None:  # type: ignore[no-untyped-def]
    here, _ = elder(dt.date(1940, 3, 1))
    before = login(personas.city_admin).get("/eldercare/meals/").content.decode()
    assert f"{dt.date.today().year - 1}年" in before
    meal_record(actor=personas.city_admin, site=sites.mine, person=here, served_on=dt.date(2021, 3, 2), meal="lunch",
                mode="eat_in", price="12.00", paid_with="cash")
    html = login(personas.city_admin).get("/eldercare/meals/").content.decode()
    assert "2021年" in html and sites.mine.name in html


def test_the_city_keeps_the_rates(login, personas: Personas, sites: Sites) -> None:  # type: ignore[no-untyped-def]
    values = {
        "tier": "80",
        "region_prefix": "330502",
        "effective_from": "2025-01",
        "amount": "4.50",
        "note": "测试",
    }
    county = login(personas.wuxing_officer)
    assert 'id="add"' not in county.get("/eldercare/meals/rates/").content.decode()
    assert county.post("/eldercare/meals/rates/", values).status_code == 403
    admin = login(personas.city_admin)
    assert admin.post("/eldercare/meals/rates/", values).status_code == 302
    assert MealSubsidyRate.objects.filter(region_prefix="330502", tier="80", amount=Decimal("4.50")).exists()
    again = admin.post("/eldercare/meals/rates/", values)
    assert again.status_code == 400 and "effective_from" in again.context["form"].errors
