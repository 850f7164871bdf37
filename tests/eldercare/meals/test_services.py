"""Recording a meal: the subsidy by age tier (reached on the birthday), by region prefix and month,
never above the price; the love card debited once, in the same transaction (a frozen card or a
short balance writes nothing); the same meal twice never debits twice; operators only at their
own sites; bad input named on its field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.core.models import AuditEntry
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.eldercare.love_cards.services import love_card_freeze_for_death
from minzheng.eldercare.meals import messages, selectors
from minzheng.eldercare.meals.models import MealRecord, MealSubsidyRate
from minzheng.eldercare.meals.services import meal_record, meal_subsidy_rate_add
from tests.eldercare.factories import elder
from tests.eldercare.love_cards.conftest import card_for
from tests.eldercare.meals.conftest import Sites, fresh
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 5, 15)


def record(actor, site, person, *, on=DAY, meal="lunch", mode="eat_in", price="12.00", paid_with="cash"):  # type: ignore[no-untyped-def]
    return meal_record(
        actor=actor,
        site=site,
        person=person,
        served_on=on,
        meal=meal,
        mode=mode,
        price=price,
        paid_with=paid_with,
    )


def born_years_before(day: dt.date, years: int, *, days: int = 0) -> dt.date:
    return day.replace(year=day.year - years) + dt.timedelta(days=days)


# ---- the subsidy by age tier ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "days", "tier", "subsidy"),
    [
        (60, 1, "", "0.00"),  # 59 the day before the 60th birthday: no subsidy
        (60, 0, "60", "3.00"),  # 60 on the birthday itself
        (80, 1, "60", "3.00"),
        (80, 0, "80", "4.00"),
        (90, 1, "80", "4.00"),
        (90, 0, "90", "5.00"),
    ],
)
def test_the_tier_is_reached_on_the_birthday(
    personas: Personas, sites: Sites, years: int, days: int, tier: str, subsidy: str
) -> None:
    person, _ = elder(born_years_before(DAY, years, days=days))
    meal, created = record(personas.aishan_officer, sites.mine, person)
    assert created and (meal.tier, meal.subsidy, meal.elder_share) == (
        tier,
        Decimal(subsidy),
        Decimal("12.00") - Decimal(subsidy),
    )


def test_born_on_29_february_is_a_year_older_on_1_march_of_a_common_year(
    personas: Personas, sites: Sites
) -> None:
    person, _ = elder(dt.date(1964, 2, 29))  # 60 in 2024, a leap year: on 29 February itself
    before, _ = record(personas.aishan_officer, sites.mine, person, on=dt.date(2024, 2, 28))
    on_day, _ = record(personas.aishan_officer, sites.mine, person, on=dt.date(2024, 2, 29))
    assert (before.tier, on_day.tier) == ("", "60")
    # 90 in 2026, a common year: not on 28 February, on 1 March.
    assert selectors.tier_on(dt.date(1936, 2, 29), dt.date(2026, 3, 1)) == "90"


def test_the_subsidy_is_never_more_than_the_price(personas: Personas, sites: Sites) -> None:
    person, _ = elder(dt.date(1930, 1, 1))  # 90+: 5.00 a meal
    meal, _ = record(personas.aishan_officer, sites.mine, person, price="4.50")
    assert (meal.subsidy, meal.elder_share) == (Decimal("4.50"), Decimal("0.00"))


def test_the_rate_follows_the_region_prefix_and_the_month(personas: Personas, sites: Sites) -> None:
    person, _ = elder(dt.date(1950, 1, 1), region_code=OTHER_COUNTY_VILLAGE)
    june, _ = record(personas.anji_officer, sites.anji, person, on=dt.date(2024, 6, 30))
    july, _ = record(personas.anji_officer, sites.anji, person, on=dt.date(2024, 7, 1))
    # The site's region decides, not the elder's: the same elder at 爱山街道's site gets the city's.
    there, _ = record(personas.city_admin, sites.mine, person, on=dt.date(2024, 7, 1), meal="dinner")
    assert (june.subsidy, july.subsidy, there.subsidy) == (Decimal("3.00"), Decimal("3.50"), Decimal("3.00"))
    assert (july.region_code, there.region_code) == (OTHER_COUNTY_VILLAGE, sites.mine.region_code)


def test_no_rate_in_force_means_no_subsidy(personas: Personas, sites: Sites) -> None:
    person, _ = elder(dt.date(1950, 1, 1))
    meal, _ = record(personas.aishan_officer, sites.mine, person, on=dt.date(2023, 12, 31))
    assert (meal.tier, meal.subsidy) == ("60", Decimal("0.00"))


def test_a_new_rate_applies_from_its_month_and_leaves_past_meals_alone(
    personas: Personas, sites: Sites
) -> None:
    person, _ = elder(dt.date(1950, 1, 1))
    may, _ = record(personas.aishan_officer, sites.mine, person)
    rate = meal_subsidy_rate_add(
        actor=personas.city_admin,
        tier="60",
        region_prefix="330502",
        effective_from="2024-06",
        amount="3.20",
        note="吴兴区文件",
    )
    june, _ = record(personas.aishan_officer, sites.mine, person, on=dt.date(2024, 6, 3))
    may.refresh_from_db()
    assert (may.subsidy, june.subsidy) == (Decimal("3.00"), Decimal("3.20"))
    assert AuditEntry.objects.filter(
        action="eldercare.meal_subsidy_rate.added", object_id=str(rate.pk)
    ).exists()


def test_rates_are_kept_by_the_city_and_never_overwritten(personas: Personas, sites: Sites) -> None:
    with pytest.raises(PermissionDenied):
        meal_subsidy_rate_add(
            actor=personas.wuxing_officer,
            tier="60",
            region_prefix="330502",
            effective_from="2024-06",
            amount="3.20",
        )
    with pytest.raises(ValidationError) as exc:
        meal_subsidy_rate_add(
            actor=personas.city_admin,
            tier="60",
            region_prefix="3305",
            effective_from="2024-01",
            amount="9.00",
        )
    assert "effective_from" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        meal_subsidy_rate_add(
            actor=personas.city_admin, tier="70", region_prefix="33", effective_from="2024-13", amount="-1"
        )
    assert set(exc.value.message_dict) == {"tier", "region_prefix", "effective_from", "amount"}
    assert MealSubsidyRate.objects.filter(amount=Decimal("9.00")).count() == 0


# ---- the love card ------------------------------------------------------------------------------


def test_the_love_card_pays_the_elder_share_once(personas: Personas, sites: Sites) -> None:
    card = card_for(personas.aishan_officer, birth=dt.date(1940, 3, 1), funds="100.00")
    meal, created = record(sites.op_a, sites.mine, card.person, paid_with="love_card")
    entry = LoveCardEntry.objects.get(card=card, kind="meal")
    assert created and meal.love_card_entry == entry
    assert (
        entry.kind,
        entry.amount,
        entry.idempotency_key,
        entry.source_type,
        entry.source_id,
        entry.period,
    ) == ("meal", Decimal("8.00"), f"meal:{meal.pk}", "eldercare.mealrecord", meal.pk, dt.date(2024, 5, 1))
    again, created = record(sites.op_a, sites.mine, card.person, paid_with="love_card")
    card.refresh_from_db()
    assert (again.pk, created, card.balance) == (meal.pk, False, Decimal("92.00"))
    assert (
        LoveCardEntry.objects.filter(card=card, kind="meal").count() == 1 and MealRecord.objects.count() == 1
    )
    assert AuditEntry.objects.filter(action="eldercare.meal.recorded").count() == 1


def test_the_same_meal_recorded_differently_is_refused_and_debits_nothing(
    personas: Personas, sites: Sites
) -> None:
    card = card_for(personas.aishan_officer, birth=dt.date(1940, 3, 1), funds="100.00")
    record(sites.op_a, sites.mine, card.person, paid_with="love_card")
    with pytest.raises(ValidationError) as exc:
        record(personas.aishan_officer, sites.mine, card.person, paid_with="love_card", price="15.00")
    assert exc.value.message_dict["meal"][0].startswith("餐次：该老人2024-05-15的午餐已于仪凤桥老年食堂登记")
    card.refresh_from_db()
    assert (
        card.balance == Decimal("92.00") and LoveCardEntry.objects.filter(card=card, kind="meal").count() == 1
    )
    dinner, created = record(sites.op_a, sites.mine, card.person, paid_with="love_card", meal="dinner")
    assert created and dinner.love_card_entry is not None


def test_a_short_balance_writes_nothing(personas: Personas, sites: Sites) -> None:
    card = card_for(personas.aishan_officer, birth=dt.date(1940, 3, 1), funds="7.99")
    with pytest.raises(ValidationError) as exc:
        record(sites.op_a, sites.mine, card.person, paid_with="love_card")
    assert exc.value.message_dict == {
        "paid_with": [messages.CARD_SHORT.format(balance="7.99", amount="8.00")]
    }
    card.refresh_from_db()
    assert card.balance == Decimal("7.99") and not MealRecord.objects.exists()
    assert not LoveCardEntry.objects.filter(card=card, kind="meal").exists()
    assert not AuditEntry.objects.filter(action="eldercare.meal.recorded").exists()


def test_a_frozen_card_writes_nothing(personas: Personas, sites: Sites) -> None:
    card = card_for(personas.aishan_officer, birth=dt.date(1940, 3, 1), funds="50.00")
    person = card.person
    person.status, person.death_date = "deceased", dt.date(2024, 6, 1)
    person.save(update_fields=["status", "death_date"])
    love_card_freeze_for_death(actor=None, person=person, death_date=dt.date(2024, 6, 1))
    with pytest.raises(ValidationError) as exc:
        record(sites.op_a, sites.mine, person, paid_with="love_card")
    assert (
        list(exc.value.message_dict) == ["paid_with"] and "已冻结" in exc.value.message_dict["paid_with"][0]
    )
    assert not MealRecord.objects.exists()
    assert LoveCard.objects.get(pk=card.pk).balance == Decimal("50.00")


def test_no_card_is_refused_but_cash_is_recorded(personas: Personas, sites: Sites) -> None:
    person, _ = elder(dt.date(1940, 3, 1))
    with pytest.raises(ValidationError) as exc:
        record(personas.aishan_officer, sites.mine, person, paid_with="love_card")
    assert exc.value.message_dict == {"paid_with": [messages.NO_CARD]}
    meal, _ = record(personas.aishan_officer, sites.mine, person)
    assert (meal.paid_with, meal.love_card_entry) == ("cash", None)


def test_a_meal_the_subsidy_pays_in_full_leaves_no_debit(personas: Personas, sites: Sites) -> None:
    card = card_for(personas.aishan_officer, birth=dt.date(1930, 3, 1))  # 90+, 5.00; balance 0
    meal, _ = record(sites.op_a, sites.mine, card.person, paid_with="love_card", price="5.00")
    assert (meal.elder_share, meal.love_card_entry) == (Decimal("0.00"), None)


# ---- who may --------------------------------------------------------------------------------------


def test_an_operator_records_only_at_their_own_sites(personas: Personas, sites: Sites) -> None:
    person, _ = elder(dt.date(1940, 3, 1))
    with pytest.raises(Http404):
        record(fresh(sites.op_a), sites.anji, person)
    with pytest.raises(Http404):
        record(personas.aishan_officer, sites.anji, person)  # another county's site
    with pytest.raises(PermissionDenied):
        record(personas.village_worker, sites.mine, person)  # sees it, may not record
    assert not MealRecord.objects.exists()
    meal, _ = record(fresh(sites.op_b), sites.anji, person)
    assert meal.site == sites.anji


def test_only_a_meal_site_takes_meals(personas: Personas, sites: Sites) -> None:
    person, _ = elder(dt.date(1940, 3, 1))
    with pytest.raises(ValidationError) as exc:
        record(personas.aishan_officer, sites.home, person)
    assert exc.value.message_dict == {"site": [messages.SITE_NOT_MEAL_SITE.format(kind="养老机构")]}


# ---- bad input ------------------------------------------------------------------------------------


def test_bad_input_is_named_on_its_field_and_writes_nothing(personas: Personas, sites: Sites) -> None:
    person, _ = elder(dt.date(1940, 3, 1))
    with pytest.raises(ValidationError) as exc:
        meal_record(
            actor=personas.aishan_officer,
            site=sites.mine,
            person=person,
            served_on="2024-02-30",
            meal="breakfast",
            mode="takeaway",
            price="12.345",
            paid_with="wechat",
        )
    assert exc.value.message_dict == {
        "served_on": [messages.SERVED_ON_INVALID],
        "meal": [messages.MEAL_INVALID],
        "mode": [messages.MODE_INVALID],
        "paid_with": [messages.PAID_WITH_INVALID],
        "price": [messages.PRICE_INVALID.format(max="100.00")],
    }
    for price in ("0", "-3", "100.01", "abc", ""):
        with pytest.raises(ValidationError) as exc:
            record(personas.aishan_officer, sites.mine, person, price=price)
        assert list(exc.value.message_dict) == ["price"]
    with pytest.raises(ValidationError) as exc:
        record(personas.aishan_officer, sites.mine, None)
    assert exc.value.message_dict == {"person": [messages.PERSON_REQUIRED]}
    with pytest.raises(ValidationError) as exc:
        record(personas.aishan_officer, sites.mine, person, on=dt.date(2999, 1, 1))
    assert exc.value.message_dict == {"served_on": [messages.SERVED_ON_FUTURE]}
    assert not MealRecord.objects.exists()


def test_no_meal_after_death(personas: Personas, sites: Sites) -> None:
    person, _ = elder(dt.date(1940, 3, 1))
    person.status, person.death_date = "deceased", dt.date(2024, 5, 10)
    person.save(update_fields=["status", "death_date"])
    with pytest.raises(ValidationError) as exc:
        record(personas.aishan_officer, sites.mine, person)
    assert exc.value.message_dict == {
        "person": [messages.PERSON_DECEASED.format(name=person.name, date="2024-05-10")]
    }
