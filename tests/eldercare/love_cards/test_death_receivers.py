"""A holder's death freezes the love card and settles its balance on record for the heirs; a
revocation unfreezes it."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.eldercare.love_cards.models import LoveCard
from minzheng.people.models import DeathEffect
from minzheng.people.services import person_death_revoke, person_record_death
from tests.eldercare.love_cards.conftest import card_for
from tests.personas import Personas

pytestmark = pytest.mark.django_db
DIED = dt.date(2025, 3, 10)


def test_the_card_is_frozen_with_its_balance_settled_and_unfrozen_on_revocation(personas: Personas) -> None:
    card = card_for(personas.aishan_officer, funds="86.50")
    person_record_death(actor=personas.wuxing_funeral_registrar, person=card.person, death_date=DIED)
    card.refresh_from_db()
    assert card.status == LoveCard.Status.FROZEN and card.frozen_reason == "died"
    effect = DeathEffect.objects.get(kind="love_card_frozen")
    assert "86.50" in effect.label and effect.before["balance"] == "86.50"
    person_death_revoke(actor=personas.wuxing_officer, person=card.person, reason="误报")
    card.refresh_from_db()
    effect.refresh_from_db()
    assert card.status == LoveCard.Status.ACTIVE and card.frozen_at is None
    assert effect.reopened_at is not None
