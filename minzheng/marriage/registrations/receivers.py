"""The registry of marriages listening to deaths (``core.events``): a death ends the marriage, the
surviving spouse becomes widowed, and a pending divorce of the couple is closed; a revoked death
puts all of it back where nothing has moved on since. Both run inside the sender's transaction and
change nothing when the event comes again (``people.DeathEffect`` records it once)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from minzheng.marriage.registrations.models import (
    DivorceApplication,
    MaritalState,
    MaritalStatusChange,
    Marriage,
)
from minzheng.marriage.registrations.statuses import status_of, status_set
from minzheng.people.models import DeathEffect, Person
from minzheng.people.services import death_effect_left_for_hand, death_effect_record, death_effect_reopened

APP, KIND = "marriage", "spouse_widowed"


def spouse_widow_on_death(sender: Any, *, person: Person, death_date: dt.date, **kwargs: Any) -> None:
    if DeathEffect.objects.filter(person=person, app=APP, kind=KIND, reopened_at__isnull=True).exists():
        return
    own = status_of(person, lock=True)
    if own is None or own.status != MaritalState.MARRIED or own.spouse_id is None:
        return
    spouse = Person.objects.get(pk=own.spouse_id)
    theirs = status_of(spouse, lock=True)
    if theirs is None or theirs.status != MaritalState.MARRIED or theirs.spouse_id != person.pk:
        return
    marriage = Marriage.objects.select_for_update().filter(pk=own.marriage_id).first() if own.marriage_id else None
    closed: list[int] = []
    if marriage is not None and marriage.status == Marriage.Status.VALID:
        marriage.status, marriage.ended_on = Marriage.Status.WIDOWED, death_date
        marriage.save(update_fields=["status", "ended_on"])
        pending = DivorceApplication.objects.filter(marriage=marriage, status=DivorceApplication.Status.PENDING)
        closed = list(pending.values_list("pk", flat=True))
        pending.update(status=DivorceApplication.Status.CLOSED, closed_on=death_date)
    status_set(person=spouse, status=MaritalState.WIDOWED, on=death_date, cause=MaritalStatusChange.Cause.SPOUSE_DIED,
               region_code=theirs.region_code, marriage=marriage)
    death_effect_record(
        person=person, app=APP, kind=KIND, object_id=spouse.pk,
        label=f"配偶{spouse.name}的婚姻状况改为丧偶" + ("，待办离婚申请终结" if closed else ""),
        before={"spouse": spouse.pk, "marriage": marriage.pk if marriage else None, "since": str(theirs.since or ""),
                "divorces": closed, "death_date": death_date.isoformat()},
    )


def spouse_restore_on_revocation(sender: Any, *, person: Person, death_date: dt.date, **kwargs: Any) -> None:
    effects = DeathEffect.objects.select_for_update().filter(person=person, app=APP, kind=KIND, reopened_at__isnull=True)
    for effect in effects:
        before = effect.before or {}
        spouse = Person.objects.get(pk=before["spouse"])
        theirs = status_of(spouse, lock=True)
        moved_on = MaritalStatusChange.objects.filter(
            person=spouse, changed_on__gte=dt.date.fromisoformat(before["death_date"])
        ).exclude(cause=MaritalStatusChange.Cause.SPOUSE_DIED)
        if theirs is None or theirs.status != MaritalState.WIDOWED or moved_on.exists():
            death_effect_left_for_hand(effect=effect, note=f"配偶{spouse.name}的婚姻状况此后已有变更，请人工核实")
            continue
        marriage = Marriage.objects.select_for_update().filter(pk=before.get("marriage")).first()
        if marriage is not None and marriage.status == Marriage.Status.WIDOWED:
            marriage.status, marriage.ended_on = Marriage.Status.VALID, None
            marriage.save(update_fields=["status", "ended_on"])
        since = dt.date.fromisoformat(before["since"]) if before.get("since") else death_date
        status_set(person=spouse, status=MaritalState.MARRIED, on=timezone.localdate(), since=since, cause=MaritalStatusChange.Cause.DEATH_REVOKED,
                   region_code=theirs.region_code, spouse=person, marriage=marriage)
        # A divorce closed by the death is not reopened: its timeline ran on, the couple apply again.
        note = "配偶婚姻状况已恢复为已婚" + ("；终结的离婚申请须重新申请" if before.get("divorces") else "")
        death_effect_reopened(effect=effect, note=note)
