"""The providers' monthly scores on hand-made data (the formula in scores' docstring), and the
year's visits for the eldercare figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.eldercare.figures.selectors import eldercare_figures
from minzheng.eldercare.home_services.models import OrderStatus, SupervisionThreshold
from minzheng.eldercare.home_services.scores import combined_score, provider_scores
from minzheng.eldercare.home_services.selectors import home_service_visits
from minzheng.eldercare.home_services.supervision import supervision_run
from tests.eldercare.home_services.factories import at, order

pytestmark = pytest.mark.django_db
MAY = dt.date(2024, 5, 1)


def test_the_combined_score_weighs_the_four_rates_and_leaves_out_missing_ones() -> None:
    assert (
        combined_score(completion=Decimal(1), on_time=Decimal(1), rating=Decimal(5), anomaly=Decimal(0))
        == 100
    )
    # 40·0.75 + 25·0.5 + 20·(4/5) + 15·(1 − 0.25) = 30 + 12.5 + 16 + 11.25 = 69.75
    assert combined_score(
        completion=Decimal("0.75"), on_time=Decimal("0.5"), rating=Decimal(4), anomaly=Decimal("0.25")
    ) == Decimal("69.8")
    # No rating: (30 + 12.5 + 11.25) / 80 · 100 = 67.1875
    assert combined_score(
        completion=Decimal("0.75"), on_time=Decimal("0.5"), rating=None, anomaly=Decimal("0.25")
    ) == Decimal("67.2")


def test_scores_on_hand_made_orders_are_ranked(world) -> None:  # type: ignore[no-untyped-def]
    e, mine, anji = world.elder, world.mine, world.anji
    # mine: 4 orders (1 cancelled, left out): 2 done (one 5 min late, one 20 min late, one short), 1 scheduled.
    order(
        person=e,
        provider=mine,
        scheduled_at=at(3, 9),
        checked_in_at=at(3, 9, 5),
        checked_out_at=at(3, 10),
        rating=5,
    )
    order(
        person=e,
        provider=mine,
        scheduled_at=at(4, 9),
        checked_in_at=at(4, 9, 20),
        checked_out_at=at(4, 9, 30),
        rating=3,
    )
    order(person=e, provider=mine, scheduled_at=at(5, 9))
    order(person=e, provider=mine, scheduled_at=at(6, 9), status=OrderStatus.CANCELLED)
    # anji: 1 order, done on time, unrated.
    order(person=e, provider=anji, scheduled_at=at(7, 9), checked_in_at=at(7, 9), checked_out_at=at(7, 10))
    supervision_run(period=MAY)  # the 10-minute cleaning is too short: mine has 1 flagged order
    rows = provider_scores(period=MAY)
    assert [(r.rank, r.provider_id) for r in rows] == [(1, anji.pk), (2, mine.pk)]
    a, m = rows[1], rows[0]
    assert (a.orders, a.done, a.checked_in, a.on_time, a.rated, a.flagged) == (3, 2, 2, 1, 2, 1)
    assert (a.completion_rate, a.on_time_rate, a.average_rating, a.anomaly_rate) == (
        Decimal("0.6667"),
        Decimal("0.5000"),
        Decimal("4.00"),
        Decimal("0.3333"),
    )
    # 40·0.6667 + 25·0.5 + 20·0.8 + 15·0.6667 = 26.668 + 12.5 + 16 + 10.0005 = 65.1685
    assert a.score == Decimal("65.2")
    assert (m.average_rating, m.score) == (None, Decimal("100.0"))
    # A longer grace makes the 20-minute-late check-in on time.
    SupervisionThreshold.objects.create(key="on_time", region_prefix="3305", effective_from=MAY, value=30)
    assert provider_scores(period=MAY, region_prefix="330502")[0].on_time == 2


def test_the_years_visits_are_the_done_orders_in_the_readers_view(world, personas) -> None:  # type: ignore[no-untyped-def]
    e = world.elder
    order(
        person=e, provider=world.mine, scheduled_at=at(3, 9), checked_in_at=at(3, 9), checked_out_at=at(3, 10)
    )
    order(
        person=e,
        provider=world.mine,
        scheduled_at=at(3, 9, 0, month=12, year=2023),
        checked_in_at=at(3, 9, 0, month=12, year=2023),
        checked_out_at=at(3, 10, 0, month=12, year=2023),
    )
    order(person=e, provider=world.mine, scheduled_at=at(4, 9))  # not done
    order(
        person=e, provider=world.anji, scheduled_at=at(5, 9), checked_in_at=at(5, 9), checked_out_at=at(5, 10)
    )
    assert eldercare_figures(actor=personas.city_admin, year=2024)["home_service_visits"] == 2
    assert home_service_visits(user=personas.aishan_officer, year=2024) == 1
    assert home_service_visits(user=personas.anji_officer, year=2024) == 1
    assert home_service_visits(user=world.op_a, year=2024) == 1
