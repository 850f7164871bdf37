"""Writes on promotion events (“福彩有爱”公益推广): the lottery centre records one in its scope."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for
from minzheng.lottery import messages
from minzheng.lottery.fund.services import PERM_MANAGE, require
from minzheng.lottery.promotion.models import PromotionEvent
from minzheng.lottery.stations.services import clean_date

FIELDS = ["held_on", "title", "place", "region_code", "participants", "note"]


@transaction.atomic
def promotion_event_record(
    *,
    actor: User,
    held_on: Any,
    title: str,
    place: str,
    region_code: str,
    participants: Any = 0,
    note: str = "",
) -> PromotionEvent:
    require(actor, PERM_MANAGE)
    errors: dict[str, list[str]] = {}
    day = clean_date(held_on, key="held_on", label="活动日期", errors=errors)
    title, place, note = (str(v or "").strip() for v in (title, place, note))
    if not title or len(title) > 100:
        errors["title"] = [messages.TITLE_REQUIRED]
    if not place or len(place) > 100:
        errors["place"] = [messages.PLACE_REQUIRED]
    if len(note) > 200:
        errors["note"] = [messages.NOTE_TOO_LONG.format(field="说明", max=200)]
    code = str(region_code or "").strip()
    if not scope_for(actor).contains(code) or not Region.objects.filter(code=code).exists():
        errors["region_code"] = [messages.REGION_INVALID]
    try:
        count = int(participants)
        if isinstance(participants, bool) or not 0 <= count <= 1_000_000:
            raise ValueError
    except (TypeError, ValueError):
        errors["participants"] = [messages.PARTICIPANTS_INVALID]
        count = 0
    if errors:
        raise ValidationError(errors)
    event = PromotionEvent.objects.create(
        held_on=day,
        title=title,
        place=place,
        region_code=code,
        participants=count,
        note=note,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="lottery.promotion_event.recorded",
        obj=event,
        region_code=code,
        after=snapshot(event, FIELDS),
    )
    return event
