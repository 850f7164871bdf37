"""What love cards do when the registry records a death or a move, and when a payment run is
approved (``core.events``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from minzheng.eldercare.love_cards.services import (
    love_card_credit_approved_run,
    love_card_follow_move,
    love_card_freeze_for_death,
)


def love_card_freeze_on_death(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                              **kwargs: Any) -> None:
    love_card_freeze_for_death(actor=actor, person=person, death_date=death_date)


def love_card_follow_person_move(sender: Any, *, person: Any, to_region_code: str, actor: Any = None,
                                 **kwargs: Any) -> None:
    love_card_follow_move(actor=actor, person=person, to_region_code=to_region_code)


def love_card_credit_on_approval(sender: Any, *, run: Any, actor: Any = None, **kwargs: Any) -> None:
    love_card_credit_approved_run(run=run, actor=actor)
