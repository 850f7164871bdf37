"""What the registry's events do to a card: a death recorded freezes it (no more debits or
top-ups, with a Chinese reason; the balance stays), and a move takes it to the new region."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from minzheng.core.models import AuditEntry
from minzheng.eldercare import messages
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.eldercare.love_cards.services import love_card_debit, love_card_top_up
from minzheng.people.move_in.services import move_in_request_accept, move_in_request_create
from minzheng.people.services import person_record_death
from tests.eldercare.love_cards.conftest import card_for, key
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def test_a_recorded_death_freezes_the_card_and_refuses_debits_and_top_ups(personas: Personas) -> None:
    card = card_for(personas.aishan_officer, funds="40.00")
    person_record_death(actor=personas.village_worker, person=card.person, death_date=dt.date(2024, 5, 2))
    card.refresh_from_db()
    assert (card.status, card.frozen_reason, card.balance) == ("frozen", "died", Decimal("40.00"))
    assert card.frozen_at is not None
    audit = AuditEntry.objects.get(action="eldercare.love_card.frozen")
    assert audit.actor == personas.village_worker and audit.after["death_date"] == "2024-05-02"
    reason = messages.FROZEN_ON_DEATH.format(date="2024-05-02")

    with pytest.raises(ValidationError) as exc:
        love_card_debit(card=card, amount="10", idempotency_key=key(), source=("eldercare.meal", 3))
    assert exc.value.message_dict == {"card": [messages.CARD_FROZEN.format(reason=reason, action="扣款")]}
    with pytest.raises(ValidationError) as exc:
        love_card_top_up(actor=personas.aishan_officer, card=card, kind="family", amount="10", payer="女儿",
                         idempotency_key=key())
    assert exc.value.message_dict == {"card": [messages.CARD_FROZEN.format(reason=reason, action="充值")]}
    assert LoveCardEntry.objects.count() == 1
    card.refresh_from_db()
    assert card.balance == Decimal("40.00")


def test_a_debit_repeated_after_the_death_still_returns_its_entry(personas: Personas) -> None:
    card = card_for(personas.aishan_officer, funds="40.00")
    first = love_card_debit(card=card, amount="10", idempotency_key="meal:5", source=("eldercare.meal", 5))
    person_record_death(actor=personas.aishan_officer, person=card.person, death_date=dt.date(2024, 5, 2))
    # A meal eaten before the death, whose request is retried afterwards: the answer it had.
    assert love_card_debit(card=card, amount="10", idempotency_key="meal:5", source=("eldercare.meal", 5)) == first


def test_a_card_follows_its_holder_to_another_county(personas: Personas) -> None:
    card = card_for(personas.anji_officer, region_code=OTHER_COUNTY_VILLAGE, funds="20.00")
    person = card.person
    move = move_in_request_create(actor=personas.village_worker, id_number=person.id_number, name=person.name,
                                  region_code=MY_VILLAGE, reason="随子女居住")
    move_in_request_accept(actor=personas.anji_officer, request=move)
    card.refresh_from_db()
    assert card.region_code == MY_VILLAGE
    moved = AuditEntry.objects.get(action="eldercare.love_card.moved")
    assert moved.before == {"region_code": OTHER_COUNTY_VILLAGE} and moved.after == {"region_code": MY_VILLAGE}
    # The top-up made before the move keeps the region it was made in.
    assert LoveCardEntry.objects.get(card=card).region_code == OTHER_COUNTY_VILLAGE
    assert LoveCard.objects.filter(region_code=MY_VILLAGE).count() == 1
