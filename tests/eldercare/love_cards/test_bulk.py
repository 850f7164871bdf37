"""Posting many entries at once (a month of meals): each card pays in order while its balance
lasts, frozen, unknown and out-of-region cards take nothing, the same batch twice writes nothing
the second time, bad rows refuse the batch with their ids named, and the balances still equal
the sum of the entries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from minzheng.core.models import AuditEntry, Region
from minzheng.eldercare import messages
from minzheng.eldercare.love_cards import selectors
from minzheng.eldercare.love_cards.bulk import love_card_entries_post
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from tests.eldercare.love_cards.conftest import card_for
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db

JUNE = dt.date(2024, 6, 1)


def staging(rows: list[tuple[int, int, str]], *, name: str = "meal_batch") -> str:
    """A temporary table of (source_id, card_id, amount) rows for June, on this connection."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} (source_id BIGINT, card_id BIGINT, amount NUMERIC, "
                       f"period DATE)")
        cursor.executemany(f"INSERT INTO {name} (source_id, card_id, amount, period) VALUES (%s, %s, %s, %s)",
                           [(s, c, a, connection.ops.adapt_datefield_value(JUNE)) for s, c, a in rows])
    return name


def post(region: str = "330502000000", **kwargs: object) -> object:
    defaults = {"table": "meal_batch", "kind": "meal", "source_type": "eldercare.meal", "key_prefix": "meal:"}
    return love_card_entries_post(region=Region.objects.get(code=region), **{**defaults, **kwargs})  # type: ignore[arg-type]


def test_a_month_of_meals_is_paid_in_order_while_the_money_lasts(personas: Personas) -> None:
    rich = card_for(personas.aishan_officer, funds="100.00")
    poor = card_for(personas.aishan_officer, funds="20.00")
    frozen = card_for(personas.aishan_officer, funds="50.00")
    LoveCard.objects.filter(pk=frozen.pk).update(status="frozen", frozen_at=frozen.activated_at, frozen_reason="died")
    elsewhere = card_for(personas.anji_officer, region_code=OTHER_COUNTY_VILLAGE, funds="50.00")
    staging([(1, rich.pk, "12.00"), (2, rich.pk, "12.00"), (3, poor.pk, "8.00"), (4, poor.pk, "10.00"),
             (5, poor.pk, "8.00"), (6, poor.pk, "1.00"), (7, frozen.pk, "8.00"), (8, elsewhere.pk, "8.00"),
             (9, 999_999, "8.00")])
    result = post(actor=personas.wuxing_officer)
    # The poor card pays meals 3 and 4 (18.00); meal 5 would take it to 26.00 > 20.00, so 5 and
    # everything after it (6, though it would fit) waits.
    assert result.as_dict() == {"rows": 9, "posted": 4, "amount": Decimal("42.00"), "cards": 2, "already": 0,  # type: ignore[attr-defined]
                                "frozen": 1, "unknown": 2, "insufficient": 2}
    balances = {c.pk: LoveCard.objects.get(pk=c.pk).balance for c in (rich, poor, frozen, elsewhere)}
    assert balances == {rich.pk: Decimal("76.00"), poor.pk: Decimal("2.00"), frozen.pk: Decimal("50.00"),
                        elsewhere.pk: Decimal("50.00")}
    meal = LoveCardEntry.objects.get(idempotency_key="meal:4")
    assert (meal.card_id, meal.kind, meal.direction, meal.amount, meal.period, meal.source_type, meal.source_id) == (
        poor.pk, "meal", "debit", Decimal("10.00"), JUNE, "eldercare.meal", 4)
    assert meal.created_by == personas.wuxing_officer
    assert selectors.love_card_mismatches() == []
    audit = AuditEntry.objects.get(action="eldercare.love_card.bulk_posted")
    assert audit.after["posted"] == 4 and audit.after["refused_insufficient"] == 2 and audit.region_code == "330502000000"

    again = post()
    assert (again.posted, again.already, again.insufficient) == (0, 4, 2)  # type: ignore[attr-defined]
    assert LoveCardEntry.objects.filter(kind="meal").count() == 4
    assert AuditEntry.objects.filter(action="eldercare.love_card.bulk_posted").count() == 1


def test_credits_in_bulk_and_then_the_waiting_meals_go_through(personas: Personas) -> None:
    card = card_for(personas.aishan_officer, funds="5.00")
    staging([(1, card.pk, "8.00"), (2, card.pk, "2.00")])
    assert post().insufficient == 2  # type: ignore[attr-defined]
    staging([(card.pk, card.pk, "30.00")], name="gifts")
    gift = post(table="gifts", kind="enterprise_top_up", source_type="eldercare.gift", key_prefix="gift:")
    assert (gift.posted, gift.amount) == (1, Decimal("30.00"))  # type: ignore[attr-defined]
    assert post().posted == 2  # type: ignore[attr-defined]
    card.refresh_from_db()
    assert card.balance == Decimal("25.00") and selectors.love_card_mismatches() == []


@pytest.mark.parametrize(("rows", "field", "message"), [
    ([(1, 0, "-1.00"), (2, 0, "0")], "amount", messages.BULK_ROWS.format(ids="1, 2") + messages.AMOUNT_NOT_POSITIVE),
    ([(3, 0, "1.005")], "amount", messages.BULK_ROWS.format(ids="3") + messages.AMOUNT_TOO_PRECISE),
    ([(4, 0, "1.00"), (4, 0, "2.00")], "source_id", messages.BULK_SOURCE_REPEATED.format(ids="4")),
])
def test_a_bad_row_refuses_the_whole_batch(personas: Personas, rows: list, field: str, message: str) -> None:
    card = card_for(personas.aishan_officer, funds="50.00")
    staging([(7, card.pk, "1.00"), *[(s, card.pk, a) for s, _, a in rows]])
    with pytest.raises(ValidationError) as exc:
        post()
    assert exc.value.message_dict == {field: [message]}
    assert not LoveCardEntry.objects.filter(kind="meal").exists()
    card.refresh_from_db()
    assert card.balance == Decimal("50.00")


def test_bad_arguments_are_named(personas: Personas) -> None:
    with pytest.raises(ValidationError) as exc:
        post(table="meals; DROP TABLE x", kind="gift", source_type="", key_prefix="有空格 ")
    assert set(exc.value.message_dict) == {"table", "kind", "source_type", "key_prefix"}
