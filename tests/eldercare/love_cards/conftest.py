"""Elders with love cards, opened and funded through the real services."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from minzheng.core.models import User
from minzheng.eldercare.love_cards.models import LoveCard
from minzheng.eldercare.love_cards.services import love_card_activate, love_card_top_up
from tests.eldercare.factories import elder
from tests.personas import MY_VILLAGE

_keys = itertools.count(1)


def key(prefix: str = "test") -> str:
    """A fresh idempotency key."""
    return f"{prefix}:{next(_keys)}"


def card_for(actor: User, *, region_code: str = MY_VILLAGE, birth: dt.date = dt.date(1945, 6, 1),
             funds: str | None = None) -> LoveCard:
    """An elder's card, activated by ``actor``; with ``funds`` topped up by their family."""
    person, _ = elder(birth, region_code=region_code)
    card = love_card_activate(actor=actor, person=person)
    if funds is not None:
        love_card_top_up(actor=actor, card=card, kind="family", amount=Decimal(funds), payer="儿子",
                         idempotency_key=key("fund"))
        card.refresh_from_db()
    return card
