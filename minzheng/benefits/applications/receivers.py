"""What benefit applications do when the registry records a death (``core.events.person_died``) or
revokes one recorded by mistake (``core.events.person_death_revoked``): the open applications of the
dead person (and of their household, when nobody in it is alive) are closed (终止办理) with the
reason, once; a revocation puts each back at the step it had reached, unless another application
of the same program was opened since (then an officer decides)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from minzheng.benefits import messages
from minzheng.benefits.applications.models import Application, TimelineEntry
from minzheng.benefits.enrollments.receivers import APP, beneficiary_rows_of
from minzheng.core.audit import audit_record
from minzheng.people.models import DeathEffect
from minzheng.people.selectors import death_effects_to_reopen
from minzheng.people.services import death_effect_left_for_hand, death_effect_record, death_effect_reopened

KIND = "application_closed"


def _timeline(app: Application, *, actor: Any, from_status: str, note: str) -> None:
    TimelineEntry.objects.create(application=app, at=timezone.now(), actor=actor,
                                 actor_name=actor.get_username() if actor else "系统", action="closed_on_death",
                                 from_status=from_status, to_status=app.status, note=note)


@transaction.atomic
def applications_close_on_death(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                                **kwargs: Any) -> None:
    reason = messages.DEATH_REASON.format(date=death_date.isoformat())
    for app in (Application.objects.select_for_update(of=("self",)).select_related("program")
                .filter(beneficiary_rows_of(person), status__in=Application.OPEN)):
        from_status = app.status
        app.status = Application.Status.CLOSED
        app.save(update_fields=["status", "updated_at"])
        _timeline(app, actor=actor, from_status=from_status, note=reason)
        audit_record(actor=actor, action="benefits.application.closed_on_death", obj=app,
                     before={"status": from_status}, after={"status": app.status, "reason": reason})
        death_effect_record(person=person, app=APP, kind=KIND, object_id=app.pk,
                            label=f"{app.program.name}申请终止办理", before={"status": from_status})


@transaction.atomic
def applications_reopen_on_revocation(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                                      **kwargs: Any) -> None:
    for effect in death_effects_to_reopen(person=person, app=APP, kind=KIND):
        _reopen(effect=effect, actor=actor)


def _reopen(*, effect: DeathEffect, actor: Any) -> None:
    app = Application.objects.select_for_update().filter(pk=effect.object_id).first()
    old = effect.before.get("status", "")
    if app is None or app.status != Application.Status.CLOSED or old not in Application.OPEN:
        death_effect_left_for_hand(effect=effect, note="申请状态已变更，请人工核实")
        return
    beneficiary = Q(person_id=app.person_id) if app.person_id else Q(household_id=app.household_id)
    if Application.objects.filter(beneficiary, program_id=app.program_id, status__in=Application.OPEN).exists():
        death_effect_left_for_hand(effect=effect, note="已有同一项目的在办申请，请人工核实")
        return
    app.status = old
    app.save(update_fields=["status", "updated_at"])
    _timeline(app, actor=actor, from_status=Application.Status.CLOSED, note="死亡登记撤销，恢复办理")
    audit_record(actor=actor, action="benefits.application.reopened", obj=app,
                 before={"status": Application.Status.CLOSED}, after={"status": old, "reason": "死亡登记撤销"})
    death_effect_reopened(effect=effect, note="申请已恢复办理")
