"""What child profiles do when the registry records a death (``core.events.person_died``) or revokes
one recorded by mistake (``core.events.person_death_revoked``): the child's active profile ends
(reason died; the engine ends the allowances the month after); a revocation opens it again unless
a new profile was opened since."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from minzheng.children.profiles.models import ChildProfile
from minzheng.children.profiles.services import FIELDS, profile_end_on_death
from minzheng.core.audit import audit_record, snapshot
from minzheng.people.selectors import death_effects_to_reopen
from minzheng.people.services import death_effect_left_for_hand, death_effect_record, death_effect_reopened

APP, KIND = "children", "profile_ended"


@transaction.atomic
def profile_end_on_person_death(
    sender: Any, *, person: Any, death_date: dt.date, actor: Any = None, **kwargs: Any
) -> None:
    profile = profile_end_on_death(person=person, death_date=death_date, actor=actor)
    if profile is not None:
        death_effect_record(person=person, app=APP, kind=KIND, object_id=profile.pk, label="儿童档案终止（死亡）",
                            before={"status": ChildProfile.Status.ACTIVE})


@transaction.atomic
def profile_reopen_on_revocation(
    sender: Any, *, person: Any, death_date: dt.date, actor: Any = None, **kwargs: Any
) -> None:
    for effect in death_effects_to_reopen(person=person, app=APP, kind=KIND):
        profile = ChildProfile.objects.select_for_update(of=("self",)).filter(pk=effect.object_id).first()
        if profile is None or profile.end_reason != ChildProfile.EndReason.DIED:
            death_effect_left_for_hand(effect=effect, note="儿童档案已变更，请人工核实")
            continue
        if ChildProfile.objects.filter(person=person, status=ChildProfile.Status.ACTIVE).exists():
            death_effect_left_for_hand(effect=effect, note="已有在册的儿童档案，请人工核实")
            continue
        before = snapshot(profile, FIELDS)
        profile.status, profile.end_reason, profile.ended_on = ChildProfile.Status.ACTIVE, "", None
        profile.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
        audit_record(actor=actor, action="children.profile.reopened", obj=profile, before=before,
                     after={**snapshot(profile, FIELDS), "reason": "死亡登记撤销"}, object_repr=person.name)
        death_effect_reopened(effect=effect, note="儿童档案已恢复在册")
