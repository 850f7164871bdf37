"""The demo city's year of meals (``minzheng.demo.meals``): diners are card holders who live by an
open meal site (of their village, else of their township), their meals go through the bulk
writer (the rates in force, one debit per meal, no balance below zero, cash before the card was
activated or when it runs short), and a second build writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from minzheng.core.models import AuditEntry
from minzheng.demo import meals
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.eldercare.love_cards.services import love_card_activate, love_card_top_up
from minzheng.eldercare.meals.models import MealRecord
from minzheng.facilities.models import Facility
from tests.eldercare.factories import elder
from tests.eldercare.meals.conftest import rates_reseed
from tests.facilities.factories import FacilityFactory
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db

ACTIVATED = dt.datetime(2023, 12, 1, 1, 0, tzinfo=dt.UTC)
LATE = dt.datetime(2024, 7, 1, 1, 0, tzinfo=dt.UTC)


def holders(
    personas: Personas,
    region_code: str,
    n: int,
    *,
    funds: str = "300.00",
    activated_at: dt.datetime = ACTIVATED,
) -> list[LoveCard]:
    actor = personas.anji_officer if region_code == OTHER_COUNTY_VILLAGE else personas.aishan_officer
    cards = []
    for i in range(n):
        person, _ = elder(dt.date(1930 + 5 * i, 3, 1), region_code=region_code)
        card = love_card_activate(actor=actor, person=person)
        love_card_top_up(
            actor=actor, card=card, kind="family", amount=funds, payer="子女", idempotency_key=f"f{card.pk}"
        )
        cards.append(card)
    LoveCard.objects.filter(pk__in=[c.pk for c in cards]).update(activated_at=activated_at)
    return cards


@pytest.fixture
def town(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[LoveCard]]:
    rates_reseed()
    monkeypatch.setattr(meals, "DINERS_PER_MILLE", 1000)  # every holder by a site dines
    FacilityFactory(name="仪凤桥老年食堂", region_code=MY_VILLAGE)
    FacilityFactory(name="已关闭的食堂", region_code=OTHER_COUNTY_VILLAGE, status=Facility.Status.CLOSED)
    return {
        "village": holders(personas, MY_VILLAGE, 4),
        "township": holders(personas, NEIGHBOUR_VILLAGE, 2, funds="20.00", activated_at=LATE),
        "none": holders(personas, OTHER_COUNTY_VILLAGE, 2),
    }


def test_a_year_of_meals_for_the_card_holders_by_a_meal_site(town: dict[str, list[LoveCard]]) -> None:
    counts = meals.demo_meals_build(scale=0.001, seed=3)
    site = Facility.objects.get(name="仪凤桥老年食堂")
    diners = {c.person_id for c in town["village"] + town["township"]}
    assert set(MealRecord.objects.values_list("person_id", flat=True)) == diners
    assert set(MealRecord.objects.values_list("site_id", flat=True)) == {site.pk}
    assert counts["diners"] == 6 and counts["meal_records"] == MealRecord.objects.count() > 6 * 50
    assert set(MealRecord.objects.values_list("served_on__year", flat=True)) == {2024}
    # Every card meal has its one debit; cash before the card (July for the township's two).
    assert not MealRecord.objects.filter(
        paid_with="love_card", elder_share__gt=0, love_card_entry=None
    ).exists()
    assert not MealRecord.objects.filter(
        person_id__in=[c.person_id for c in town["township"]],
        served_on__lt=dt.date(2024, 7, 1),
        paid_with="love_card",
    ).exists()
    debits = LoveCardEntry.objects.filter(kind="meal")
    assert (
        debits.count()
        == counts["love_card_debits"]
        == MealRecord.objects.exclude(love_card_entry=None).count()
    )
    for card in LoveCard.objects.all():
        ledger = (
            LoveCardEntry.objects.filter(card=card, direction="credit").aggregate(s=Sum("amount"))["s"] or 0
        ) - (LoveCardEntry.objects.filter(card=card, direction="debit").aggregate(s=Sum("amount"))["s"] or 0)
        assert card.balance == Decimal(ledger) >= 0
    # The 20 yuan cards ran short: their later meals were paid in cash.
    assert counts["paid_in_cash_for_short_cards"] > 0
    assert AuditEntry.objects.filter(action=meals.BUILT_ACTION).count() == 1


def test_a_second_build_writes_nothing(town: dict[str, list[LoveCard]]) -> None:
    meals.demo_meals_build(scale=0.001, seed=3)
    records, entries = MealRecord.objects.count(), LoveCardEntry.objects.count()
    assert meals.demo_meals_build(scale=0.001, seed=3) == {}
    assert (MealRecord.objects.count(), LoveCardEntry.objects.count()) == (records, entries)


def test_nothing_without_meal_sites(personas: Personas) -> None:
    holders(personas, MY_VILLAGE, 1)
    assert meals.demo_meals_build(scale=0.001, seed=3) == {}
    assert not MealRecord.objects.exists()
