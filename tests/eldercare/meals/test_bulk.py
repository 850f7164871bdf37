"""Meals in bulk: the same records, subsidies and debits as the one-meal service, set-based; a
batch sent twice writes nothing; a card that cannot pay falls back to cash and never goes below
zero; bad rows refuse the whole batch, named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from minzheng.core.models import AuditEntry, Region
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.eldercare.meals import messages, selectors
from minzheng.eldercare.meals.bulk import meals_record_bulk, staging_create
from minzheng.eldercare.meals.models import MealRecord
from minzheng.eldercare.meals.services import meal_record
from tests.eldercare.factories import elder
from tests.eldercare.love_cards.conftest import card_for
from tests.eldercare.meals.conftest import Sites
from tests.personas import Personas

pytestmark = pytest.mark.django_db

TABLE = "meal_bulk_test"
CITY = "330500000000"


def stage(rows: list[tuple[Any, ...]]) -> None:
    """(person, site, served_on, meal, mode, price, paid_with) rows into the staging table."""
    staging_create(TABLE)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TABLE} VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                (p, s, connection.ops.adapt_datefield_value(d), m, mode, str(price), paid)
                for p, s, d, m, mode, price, paid in rows
            ],
        )


def city() -> Region:
    return Region.objects.get(code=CITY)


def born(day: dt.date, years: int, days: int = 0) -> dt.date:
    return day.replace(year=day.year - years) + dt.timedelta(days=days)


# (birth relative to the day: years, days), site, day, meal, mode, price, paid_with, funds on the card
CASES = [
    ((60, 1), "mine", dt.date(2024, 6, 10), "lunch", "eat_in", "12.00", "cash", None),  # 59: no subsidy
    ((60, 0), "mine", dt.date(2024, 6, 10), "lunch", "eat_in", "12.00", "love_card", "50.00"),
    ((80, 1), "anji", dt.date(2024, 6, 30), "dinner", "delivered", "15.00", "love_card", "50.00"),
    ((80, 0), "anji", dt.date(2024, 7, 1), "lunch", "delivered", "15.00", "love_card", "50.00"),  # 安吉 4.50
    ((90, 1), "mine", dt.date(2024, 7, 2), "lunch", "eat_in", "10.00", "cash", None),
    ((90, 0), "anji", dt.date(2024, 7, 2), "dinner", "eat_in", "5.50", "love_card", "0.50"),  # 6.00 > price
    ((95, 0), "mine", dt.date(2024, 7, 3), "lunch", "eat_in", "12.50", "love_card", "20.00"),
]


def _outcome(record: MealRecord) -> tuple[Any, ...]:
    entry = record.love_card_entry
    return (
        record.site_id,
        record.served_on,
        record.meal,
        record.mode,
        record.tier,
        record.price,
        record.subsidy,
        record.elder_share,
        record.paid_with,
        record.region_code,
        record.period,
        (entry.amount, entry.period, entry.idempotency_key == f"meal:{record.pk}") if entry else None,
    )


def _elders(personas: Personas) -> list[Any]:
    people = []
    for (years, days), _, day, *_rest, funds in CASES:
        birth = born(day, years, days)
        if funds is None:
            people.append(elder(birth)[0])
        else:
            people.append(card_for(personas.aishan_officer, birth=birth, funds=funds).person)
    return people


def test_the_bulk_writer_gives_what_the_service_gives(personas: Personas, sites: Sites) -> None:
    by_service = _elders(personas)
    by_bulk = _elders(personas)
    site = {"mine": sites.mine, "anji": sites.anji}
    for person, (_, where, day, meal, mode, price, paid_with, _funds) in zip(by_service, CASES, strict=True):
        meal_record(
            actor=personas.city_admin,
            site=site[where],
            person=person,
            served_on=day,
            meal=meal,
            mode=mode,
            price=price,
            paid_with=paid_with,
        )
    stage(
        [
            (person.pk, site[where].pk, day, meal, mode, price, paid_with)
            for person, (_, where, day, meal, mode, price, paid_with, _funds) in zip(
                by_bulk, CASES, strict=True
            )
        ]
    )
    done = meals_record_bulk(actor=None, region=city(), table=TABLE)
    assert (done.rows, done.recorded, done.already, done.to_cash) == (7, 7, 0, 0)
    assert done.card_paid == 4  # the 90-year-old's 5.50 is paid by the subsidy in full
    records = {r.person_id: r for r in MealRecord.objects.select_related("love_card_entry")}
    assert [_outcome(records[p.pk]) for p in by_bulk] == [_outcome(records[p.pk]) for p in by_service]
    assert done.subsidy == sum((records[p.pk].subsidy for p in by_bulk), Decimal("0.00"))
    for a, b in zip(by_service, by_bulk, strict=True):
        if hasattr(a, "love_card"):
            assert LoveCard.objects.get(person=a).balance == LoveCard.objects.get(person=b).balance
    assert AuditEntry.objects.filter(action="eldercare.meal.bulk_recorded").count() == 1


def test_a_batch_sent_twice_writes_nothing_the_second_time(
    personas: Personas, sites: Sites, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True  # the demo runs so: every statement is logged with its parameters
    card = card_for(personas.aishan_officer, birth=dt.date(1940, 1, 1), funds="100.00")
    rows = [
        (card.person_id, sites.mine.pk, dt.date(2024, 6, d), "lunch", "eat_in", "12.00", "love_card")
        for d in range(1, 11)
    ]
    stage(rows)
    first = meals_record_bulk(actor=None, region=city(), table=TABLE)
    stage(rows)
    second = meals_record_bulk(actor=None, region=city(), table=TABLE)
    assert (first.recorded, first.card_paid, first.card_amount) == (
        10,
        10,
        Decimal("80.00"),
    )  # 84 years old: 4.00 of 12.00
    assert (second.recorded, second.already, second.card_paid) == (0, 10, 0)
    card.refresh_from_db()
    assert card.balance == Decimal("20.00") and MealRecord.objects.count() == 10
    assert LoveCardEntry.objects.filter(card=card, kind="meal").count() == 10


def test_a_card_that_cannot_pay_falls_back_to_cash_and_never_below_zero(
    personas: Personas, sites: Sites
) -> None:
    short = card_for(personas.aishan_officer, birth=dt.date(1940, 1, 1), funds="20.00")  # 8.00 a meal: two
    frozen = card_for(personas.aishan_officer, birth=dt.date(1940, 1, 1), funds="20.00")
    LoveCard.objects.filter(pk=frozen.pk).update(
        status="frozen", frozen_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC), frozen_reason="died"
    )
    no_card, _ = elder(dt.date(1940, 1, 1))
    stage(
        [
            (short.person_id, sites.mine.pk, dt.date(2024, 6, d), "lunch", "eat_in", "12.00", "love_card")
            for d in range(1, 4)
        ]
        + [
            (frozen.person_id, sites.mine.pk, dt.date(2024, 6, 1), "lunch", "eat_in", "12.00", "love_card"),
            (no_card.pk, sites.mine.pk, dt.date(2024, 6, 1), "lunch", "eat_in", "12.00", "love_card"),
        ]
    )
    done = meals_record_bulk(actor=None, region=city(), table=TABLE)
    assert (done.recorded, done.card_paid, done.to_cash) == (5, 2, 3)
    short.refresh_from_db()
    assert short.balance == Decimal("4.00")
    paid = dict(MealRecord.objects.filter(person=short.person).values_list("served_on", "paid_with"))
    assert paid == {
        dt.date(2024, 6, 1): "love_card",
        dt.date(2024, 6, 2): "love_card",
        dt.date(2024, 6, 3): "cash",
    }
    assert not MealRecord.objects.filter(paid_with="cash", love_card_entry__isnull=False).exists()
    assert not MealRecord.objects.filter(
        paid_with="love_card", elder_share__gt=0, love_card_entry__isnull=True
    ).exists()


def test_bad_rows_refuse_the_whole_batch_named(personas: Personas, sites: Sites) -> None:
    person, _ = elder(dt.date(1940, 1, 1))
    good = (person.pk, sites.mine.pk, dt.date(2024, 6, 1), "lunch", "eat_in", "12.00", "cash")
    stage(
        [
            good,
            (person.pk, sites.mine.pk, dt.date(2024, 6, 2), "brunch", "eat_in", "12.00", "cash"),
            (person.pk, sites.home.pk, dt.date(2024, 6, 3), "lunch", "eat_in", "12.00", "cash"),
            (person.pk, sites.mine.pk, dt.date(2024, 6, 4), "lunch", "eat_in", "12.001", "cash"),
        ]
    )
    with pytest.raises(ValidationError) as exc:
        meals_record_bulk(actor=None, region=city(), table=TABLE)
    assert exc.value.message_dict == {
        "meal": [messages.BULK_ROWS.format(ids=f"{person.pk}/2024-06-02/brunch") + messages.MEAL_INVALID],
        "site": [messages.BULK_ROWS.format(ids=f"{person.pk}/2024-06-03/lunch") + messages.SITE_REQUIRED],
        "price": [
            messages.BULK_ROWS.format(ids=f"{person.pk}/2024-06-04/lunch")
            + messages.PRICE_INVALID.format(max="100.00")
        ],
    }
    stage([good, good])
    with pytest.raises(ValidationError) as exc:
        meals_record_bulk(actor=None, region=city(), table=TABLE)
    assert (
        list(exc.value.message_dict) == ["meal"]
        and messages.BULK_REPEATED in exc.value.message_dict["meal"][0]
    )
    assert not MealRecord.objects.exists()


def test_a_county_batch_takes_only_its_own_sites(personas: Personas, sites: Sites) -> None:
    person, _ = elder(dt.date(1940, 1, 1))
    stage([(person.pk, sites.anji.pk, dt.date(2024, 6, 1), "lunch", "eat_in", "12.00", "cash")])
    with pytest.raises(ValidationError) as exc:
        meals_record_bulk(
            actor=personas.wuxing_officer, region=Region.objects.get(code="330502000000"), table=TABLE
        )
    assert list(exc.value.message_dict) == ["site"]


@pytest.mark.parametrize(
    ("birth", "day", "tier"),
    [
        (dt.date(1964, 2, 29), dt.date(2024, 2, 28), ""),
        (dt.date(1964, 2, 29), dt.date(2024, 2, 29), "60"),
        (dt.date(1944, 2, 29), dt.date(2025, 2, 28), "80"),  # 80 on 29 Feb 2024; 81 on 1 Mar 2025
        (dt.date(1936, 2, 29), dt.date(2026, 2, 28), "80"),
        (dt.date(1936, 2, 29), dt.date(2026, 3, 1), "90"),
        (dt.date(1963, 2, 28), dt.date(2024, 2, 29), "60"),
        (dt.date(1944, 3, 1), dt.date(2024, 2, 29), "60"),
        (dt.date(1944, 2, 28), dt.date(2024, 2, 29), "80"),
    ],
)
def test_the_tier_in_sql_is_the_services_around_29_february(
    personas: Personas, sites: Sites, birth: dt.date, day: dt.date, tier: str
) -> None:
    person, _ = elder(birth)
    stage([(person.pk, sites.mine.pk, day, "lunch", "eat_in", "12.00", "cash")])
    meals_record_bulk(actor=None, region=city(), table=TABLE)
    assert MealRecord.objects.get().tier == tier == selectors.tier_on(birth, day)
