"""What love cards do when the registry records a death or a move, and when a payment run is
approved (``core.events``).

A dead holder's card is frozen (no debit, no top-up) and its balance at the death is settled: kept
on record for the heirs, as the after-death case shows. A revocation of the death unfreezes it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from minzheng.core.audit import audit_record, snapshot
from minzheng.eldercare.love_cards.models import LoveCard
from minzheng.eldercare.love_cards.services import (
    CARD_FIELDS,
    love_card_credit_approved_run,
    love_card_follow_move,
    love_card_freeze_for_death,
)
from minzheng.people.selectors import death_effects_to_reopen
from minzheng.people.services import death_effect_left_for_hand, death_effect_record, death_effect_reopened

APP, KIND = "eldercare", "love_card_frozen"


@transaction.atomic
def love_card_freeze_on_death(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                              **kwargs: Any) -> None:
    was_active = LoveCard.objects.filter(person=person, status=LoveCard.Status.ACTIVE).exists()
    card = love_card_freeze_for_death(actor=actor, person=person, death_date=death_date)
    if card is None or not was_active:
        return
    death_effect_record(person=person, app=APP, kind=KIND, object_id=card.pk,
                        label=f"爱心卡冻结，余额{card.balance}元结算留存，由继承人凭证明办理",
                        before={"status": LoveCard.Status.ACTIVE, "balance": str(card.balance)})


@transaction.atomic
def love_card_unfreeze_on_revocation(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                                     **kwargs: Any) -> None:
    for effect in death_effects_to_reopen(person=person, app=APP, kind=KIND):
        card = LoveCard.objects.select_for_update().filter(pk=effect.object_id).first()
        if card is None or card.status != LoveCard.Status.FROZEN or card.frozen_reason != LoveCard.FrozenReason.DIED:
            death_effect_left_for_hand(effect=effect, note="爱心卡状态已变更，请人工核实")
            continue
        before = snapshot(card, CARD_FIELDS)
        card.status, card.frozen_at, card.frozen_reason = LoveCard.Status.ACTIVE, None, ""
        card.save(update_fields=["status", "frozen_at", "frozen_reason"])
        audit_record(actor=actor, action="eldercare.love_card.unfrozen", obj=card,
                     object_repr=f"{person.name} 爱心卡{card.pk}", before=before,
                     after={**snapshot(card, CARD_FIELDS), "reason": "死亡登记撤销"})
        death_effect_reopened(effect=effect, note="爱心卡已解冻")


def love_card_follow_person_move(sender: Any, *, person: Any, to_region_code: str, actor: Any = None,
                                 **kwargs: Any) -> None:
    love_card_follow_move(actor=actor, person=person, to_region_code=to_region_code)


def love_card_credit_on_approval(sender: Any, *, run: Any, actor: Any = None, **kwargs: Any) -> None:
    love_card_credit_approved_run(run=run, actor=actor)
