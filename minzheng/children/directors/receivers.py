"""What child directors and supervisors do when the registry records the death of one in post or
revokes it (``core.events``): they leave the post on the death day; a revocation puts them back,
unless somebody else has been appointed to the post since (then an officer decides)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from minzheng.children.directors.models import ChildDirector
from minzheng.children.directors.services import FIELDS
from minzheng.core.audit import audit_record, snapshot
from minzheng.people.selectors import death_effects_to_reopen
from minzheng.people.services import death_effect_left_for_hand, death_effect_record, death_effect_reopened

APP, KIND = "children", "director_ended"


@transaction.atomic
def director_end_on_death(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None, **kwargs: Any) -> None:
    for post in ChildDirector.objects.select_for_update().filter(person=person, ended_on__isnull=True):
        before = snapshot(post, FIELDS)
        post.ended_on = max(death_date, post.started_on)
        post.save(update_fields=["ended_on"])
        audit_record(actor=actor, action="children.director.ended", obj=post, before=before,
                     after={**snapshot(post, FIELDS), "reason": "本人去世"},
                     object_repr=f"{post.get_role_display()} {person.name}")
        death_effect_record(person=person, app=APP, kind=KIND, object_id=post.pk,
                            label=f"{post.get_role_display()}（{post.region_code}）离任", before={"ended_on": None})


@transaction.atomic
def director_reopen_on_revocation(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                                  **kwargs: Any) -> None:
    for effect in death_effects_to_reopen(person=person, app=APP, kind=KIND):
        post = ChildDirector.objects.select_for_update().filter(pk=effect.object_id).first()
        if post is None or post.ended_on is None:
            death_effect_left_for_hand(effect=effect, note="任职记录已变更，请人工核实")
            continue
        if ChildDirector.objects.filter(region_code=post.region_code, role=post.role,
                                        ended_on__isnull=True).exists():
            death_effect_left_for_hand(effect=effect, note="该岗位已有他人任职，请人工核实")
            continue
        before = snapshot(post, FIELDS)
        post.ended_on = None
        post.save(update_fields=["ended_on"])
        audit_record(actor=actor, action="children.director.reinstated", obj=post, before=before,
                     after={**snapshot(post, FIELDS), "reason": "死亡登记撤销"},
                     object_repr=f"{post.get_role_display()} {person.name}")
        death_effect_reopened(effect=effect, note="已恢复任职")
