"""What care-home beds do when the registry records a death (``core.events.person_died``) or revokes
one recorded by mistake (``core.events.person_death_revoked``).

A dead resident is checked out of their bed: the death day is their last bed-day, so the check-out
day (the day of leaving, never a bed-day) is the day after. A revocation puts the stay back open,
unless the bed has been given to someone else since or the person lies in another bed (then an
officer decides)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from minzheng.core.audit import audit_record, snapshot
from minzheng.eldercare.beds.models import CheckOutReason, Occupancy
from minzheng.eldercare.beds.services import STAY_FIELDS
from minzheng.people.selectors import death_effects_to_reopen
from minzheng.people.services import death_effect_left_for_hand, death_effect_record, death_effect_reopened

APP, KIND = "eldercare", "bed_checked_out"


@transaction.atomic
def bed_check_out_on_death(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                           **kwargs: Any) -> None:
    stay = (Occupancy.objects.select_for_update(of=("self",)).select_related("facility", "bed")
            .filter(person=person, checked_out_on__isnull=True).first())
    if stay is None:
        return
    before = snapshot(stay, STAY_FIELDS)
    stay.checked_out_on = max(death_date + dt.timedelta(days=1), stay.checked_in_on)
    stay.check_out_reason, stay.checked_out_by = CheckOutReason.DIED, actor
    stay.save(update_fields=["checked_out_on", "check_out_reason", "checked_out_by"])
    audit_record(actor=actor, action="eldercare.occupancy.checked_out", obj=stay,
                 object_repr=f"{stay.facility.name} {stay.bed} · {person.name}", before=before,
                 after=snapshot(stay, STAY_FIELDS))
    death_effect_record(person=person, app=APP, kind=KIND, object_id=stay.pk,
                        label=f"{stay.facility.name}床位{stay.bed.room}-{stay.bed.number}退住（{stay.checked_out_on}）",
                        before={"checked_out_on": None})


@transaction.atomic
def bed_reopen_on_revocation(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                             **kwargs: Any) -> None:
    for effect in death_effects_to_reopen(person=person, app=APP, kind=KIND):
        stay = Occupancy.objects.select_for_update().select_related("facility", "bed").filter(pk=effect.object_id).first()
        if stay is None or stay.check_out_reason != CheckOutReason.DIED:
            death_effect_left_for_hand(effect=effect, note="入住记录已变更，请人工核实")
            continue
        if Occupancy.objects.filter(bed_id=stay.bed_id, checked_in_on__gte=stay.checked_in_on).exclude(
                pk=stay.pk).exists():
            death_effect_left_for_hand(effect=effect, note="该床位已安排他人入住，请人工另行安排床位")
            continue
        if Occupancy.objects.filter(person=person, checked_out_on__isnull=True).exists():
            death_effect_left_for_hand(effect=effect, note="本人已入住其他床位，请人工核实")
            continue
        before = snapshot(stay, STAY_FIELDS)
        stay.checked_out_on, stay.check_out_reason, stay.checked_out_by = None, "", None
        stay.save(update_fields=["checked_out_on", "check_out_reason", "checked_out_by"])
        audit_record(actor=actor, action="eldercare.occupancy.reopened", obj=stay,
                     object_repr=f"{stay.facility.name} {stay.bed} · {person.name}", before=before,
                     after={**snapshot(stay, STAY_FIELDS), "reason": "死亡登记撤销"})
        death_effect_reopened(effect=effect, note="已恢复入住")
