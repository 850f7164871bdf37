"""What payments decide when the registry revokes a death recorded by mistake
(``core.events.person_death_revoked``): each enrollment the death ended is put back as it was
(unless it changed since, or another live one of the program took its place). Months that a
payment run has already made without the person cannot be paid by putting it back: the enrollment
is restored, and the affair stays listed for an officer to pay them by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from minzheng.benefits.enrollments.models import Enrollment
from minzheng.benefits.enrollments.receivers import APP, ENROLLMENT_FIELDS, state_of
from minzheng.benefits.payments.models import PaymentRun
from minzheng.core.audit import audit_record
from minzheng.people.models import DeathEffect
from minzheng.people.selectors import death_effects_to_reopen
from minzheng.people.services import death_effect_left_for_hand, death_effect_reopened

DATES = ("terminated_on", "status_changed_on", "suspended_on", "stop_month", "next_review_on")


@transaction.atomic
def enrollments_reopen_on_revocation(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                                     **kwargs: Any) -> None:
    for effect in death_effects_to_reopen(person=person, app=APP, kind="enrollment_terminated"):
        _reopen(effect=effect, actor=actor)


def _reopen(*, effect: DeathEffect, actor: Any) -> None:
    enrollment = Enrollment.objects.select_for_update().filter(pk=effect.object_id).first()
    if enrollment is None or enrollment.status != Enrollment.Status.TERMINATED:
        death_effect_left_for_hand(effect=effect, note="待遇状态已变更，请人工核实后恢复")
        return
    same = Q(person_id=enrollment.person_id) if enrollment.person_id else Q(household_id=enrollment.household_id)
    if Enrollment.objects.filter(same, program_id=enrollment.program_id, status__in=Enrollment.LIVE).exists():
        death_effect_left_for_hand(effect=effect, note="已有同一项目的在享待遇，请人工核实")
        return
    stopped = enrollment.stop_month
    before = state_of(enrollment, ENROLLMENT_FIELDS)
    for field, value in effect.before.items():
        setattr(enrollment, field, dt.date.fromisoformat(value) if field in DATES and value else value)
    enrollment.save()
    audit_record(actor=actor, action="benefits.enrollment.reopened", obj=enrollment, before=before,
                 after={**state_of(enrollment, ENROLLMENT_FIELDS), "reason": "死亡登记撤销"})
    made = (PaymentRun.objects.filter(program_id=enrollment.program_id, period__gte=stopped)
            .filter(Q(region_prefix="") | Q(region_prefix__in=[enrollment.region_code[:n] for n in range(1, 13)]))
            .exclude(status=PaymentRun.Status.COMPUTING).order_by("period").values_list("period", flat=True).first())
    if stopped is not None and made is not None:
        death_effect_left_for_hand(effect=effect, note=f"待遇已恢复；{made:%Y年%m月}起已生成的发放批次未含本人，需人工补发")
        return
    death_effect_reopened(effect=effect, note="待遇已恢复")
