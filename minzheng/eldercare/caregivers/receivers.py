"""What the caregiver registry does when the registry records the death of a caregiver or revokes
it (``core.events``): a caregiver in post who died leaves it on the day after the death (their
first day away, as ``caregiver_leave`` counts it); a revocation puts them back in post unless they
have taken another post since."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from minzheng.core.audit import audit_record, snapshot
from minzheng.eldercare.caregivers.models import Caregiver
from minzheng.eldercare.caregivers.services import CAREGIVER_FIELDS
from minzheng.people.selectors import death_effects_to_reopen
from minzheng.people.services import death_effect_left_for_hand, death_effect_record, death_effect_reopened

APP, KIND = "eldercare", "caregiver_left"


@transaction.atomic
def caregiver_leave_on_death(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                             **kwargs: Any) -> None:
    caregiver = (Caregiver.objects.select_for_update(of=("self",)).select_related("employer")
                 .filter(person=person, left_on__isnull=True).first())
    if caregiver is None:
        return
    before = snapshot(caregiver, CAREGIVER_FIELDS)
    caregiver.left_on = max(death_date + dt.timedelta(days=1), caregiver.started_on)
    caregiver.save(update_fields=["left_on", "updated_at"])
    audit_record(actor=actor, action="eldercare.caregiver.left", obj=caregiver, before=before,
                 after={**snapshot(caregiver, CAREGIVER_FIELDS), "reason": "本人去世"}, object_repr=person.name)
    death_effect_record(person=person, app=APP, kind=KIND, object_id=caregiver.pk,
                        label=f"养老护理员（{caregiver.employer.name}）离职", before={"left_on": None})


@transaction.atomic
def caregiver_reopen_on_revocation(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                                   **kwargs: Any) -> None:
    for effect in death_effects_to_reopen(person=person, app=APP, kind=KIND):
        caregiver = Caregiver.objects.select_for_update().filter(pk=effect.object_id).first()
        if caregiver is None or caregiver.left_on is None:
            death_effect_left_for_hand(effect=effect, note="护理员记录已变更，请人工核实")
            continue
        if Caregiver.objects.filter(person=person, left_on__isnull=True).exists():
            death_effect_left_for_hand(effect=effect, note="本人已在其他机构任职，请人工核实")
            continue
        before = snapshot(caregiver, CAREGIVER_FIELDS)
        caregiver.left_on = None
        caregiver.save(update_fields=["left_on", "updated_at"])
        audit_record(actor=actor, action="eldercare.caregiver.reinstated", obj=caregiver, before=before,
                     after={**snapshot(caregiver, CAREGIVER_FIELDS), "reason": "死亡登记撤销"},
                     object_repr=person.name)
        death_effect_reopened(effect=effect, note="已恢复在岗")
