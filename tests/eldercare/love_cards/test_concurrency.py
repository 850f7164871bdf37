"""The balance never goes below zero, even when debits come at the same instant, and a key sent
several times at once makes one entry. On PostgreSQL the debits run in threads, each with its own
connection, released together by a barrier; on SQLite, whose writers take turns, they run one
after the other (the same code, the same answers)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import Sum

from minzheng.core.models import Region
from minzheng.eldercare import messages
from minzheng.eldercare.love_cards import selectors
from minzheng.eldercare.love_cards.bulk import love_card_entries_post
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.eldercare.love_cards.services import love_card_debit
from tests.eldercare.love_cards.conftest import card_for
from tests.personas import build_personas

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(work: list[Callable[[], object]]) -> tuple[list[object], list[BaseException]]:
    """Run each callable in its own thread, all released at the same moment (PostgreSQL), or one
    after the other (SQLite). Returns what they returned and what they raised."""
    results: list[object] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(work)) if connection.vendor == "postgresql" else None

    def run(fn: Callable[[], object]) -> None:
        try:
            if barrier is not None:
                barrier.wait(timeout=20)
            out = fn()
            with lock:
                results.append(out)
        except BaseException as exc:  # collected, asserted in the test's thread
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    if barrier is None:
        for fn in work:
            run(fn)
    else:
        threads = [threading.Thread(target=run, args=(fn,)) for fn in work]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(t.is_alive() for t in threads)
    return results, errors


def test_concurrent_debits_never_take_the_balance_below_zero() -> None:
    card = card_for(build_personas().aishan_officer, funds="100.00")
    debits = [lambda n=n: love_card_debit(card=card.pk, amount="30.00", idempotency_key=f"meal:{n}",
                                          source=("eldercare.meal", n)) for n in range(8)]
    accepted, refused = at_once(debits)
    card.refresh_from_db()
    # 100 holds three meals of 30: exactly three go through, whoever comes first.
    assert len(accepted) == 3 and len(refused) == 5
    for exc in refused:
        assert isinstance(exc, ValidationError), exc
        assert exc.message_dict["amount"][0].startswith("爱心卡余额不足")
    assert card.balance == Decimal("10.00") and card.balance >= 0
    spent = LoveCardEntry.objects.filter(card=card, direction="debit").aggregate(total=Sum("amount"))["total"]
    assert spent == Decimal("90.00") <= Decimal("100.00")
    assert selectors.love_card_ledger_balance(card=card) == card.balance
    assert selectors.love_card_mismatches() == []


def test_uneven_concurrent_debits_spend_at_most_the_balance() -> None:
    card = card_for(build_personas().aishan_officer, funds="50.00")
    amounts = ["7.30", "12.00", "9.99", "15.50", "4.01", "11.20", "8.88", "6.66", "13.13", "5.55"]
    debits = [lambda n=n, a=a: love_card_debit(card=card.pk, amount=a, idempotency_key=f"meal:{n}",
                                               source=("eldercare.meal", n)) for n, a in enumerate(amounts)]
    accepted, refused = at_once(debits)
    assert all(isinstance(exc, ValidationError) for exc in refused), refused
    card.refresh_from_db()
    spent = sum((e.amount for e in accepted), Decimal("0.00"))  # type: ignore[attr-defined]
    assert spent <= Decimal("50.00") and card.balance == Decimal("50.00") - spent >= 0
    assert LoveCardEntry.objects.filter(direction="debit").count() == len(accepted)
    assert selectors.love_card_mismatches() == []


def test_one_key_sent_at_once_from_many_threads_makes_one_entry() -> None:
    card = card_for(build_personas().aishan_officer, funds="100.00")
    same = [lambda: love_card_debit(card=card.pk, amount="25.00", idempotency_key="meal:42",
                                    source=("eldercare.meal", 42)) for _ in range(6)]
    entries, errors = at_once(same)
    assert errors == []
    assert len(entries) == 6 and len({e.pk for e in entries}) == 1  # type: ignore[attr-defined]
    assert LoveCardEntry.objects.filter(idempotency_key="meal:42").count() == 1
    card.refresh_from_db()
    assert card.balance == Decimal("75.00") and selectors.love_card_mismatches() == []


def test_a_card_frozen_while_debits_queue_refuses_the_rest() -> None:
    card = card_for(build_personas().aishan_officer, funds="100.00")
    LoveCard.objects.filter(pk=card.pk).update(status="frozen", frozen_at=card.activated_at, frozen_reason="died")
    _, refused = at_once([lambda n=n: love_card_debit(card=card.pk, amount="1.00", idempotency_key=f"meal:{n}",
                                                      source=("eldercare.meal", n)) for n in range(4)])
    assert len(refused) == 4
    assert all(messages.CARD_FROZEN.split("（")[0] in exc.message_dict["card"][0] for exc in refused)  # type: ignore[attr-defined]
    assert not LoveCardEntry.objects.filter(direction="debit").exists()


def test_a_bulk_batch_and_single_debits_at_once_spend_at_most_the_balance() -> None:
    card = card_for(build_personas().aishan_officer, funds="100.00")

    def batch() -> object:
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE month_meals (source_id BIGINT, card_id BIGINT, amount NUMERIC, "
                           "period DATE)")
            cursor.executemany("INSERT INTO month_meals VALUES (%s, %s, %s, %s)",
                               [(100 + n, card.pk, "10.00", "2024-06-01") for n in range(8)])
        return love_card_entries_post(region=Region.objects.get(code="330502000000"), table="month_meals", kind="meal",
                                      source_type="eldercare.meal", key_prefix="meal:")

    singles = [lambda n=n: love_card_debit(card=card.pk, amount="10.00", idempotency_key=f"meal:{n}",
                                           source=("eldercare.meal", n)) for n in range(5)]
    _, refused = at_once([batch, *singles])
    assert all(isinstance(exc, ValidationError) for exc in refused), refused
    card.refresh_from_db()
    spent = LoveCardEntry.objects.filter(card=card, direction="debit").aggregate(total=Sum("amount"))["total"]
    # 100.00 pays ten meals of 10.00, whichever path each came by, and not one more.
    assert spent == Decimal("100.00") and card.balance == Decimal("0.00")
    assert selectors.love_card_mismatches() == []
