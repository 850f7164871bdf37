"""What the benefits engine does with its enrollments when the registry records a death
(``core.events.person_died``): the person's enrollments (and their household's, when nobody in it
is alive) end from the month after the death, so no payment line is made for a later month. Each
enrollment ended is recorded once as a ``people.DeathEffect``, with its state before, which
``benefits.payments.receivers`` puts back on a revocation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from minzheng.benefits.enrollments.models import Enrollment
from minzheng.benefits.enrollments.services import enrollments_end_for_death
from minzheng.people.models import Membership, Person
from minzheng.people.services import death_effect_record

APP = "benefits"
ENROLLMENT_FIELDS = ["status", "status_reason", "status_changed_on", "suspended_on", "terminated_on", "stop_month",
                     "next_review_on"]


def beneficiary_rows_of(person: Any) -> Q:
    """The person's own rows, and their household's when nobody in it is alive any more."""
    household_id = Membership.objects.filter(person=person).values_list("household_id", flat=True).first()
    if household_id is None:
        return Q(person=person)
    if Membership.objects.filter(household_id=household_id, person__status=Person.Status.ALIVE).exists():
        return Q(person=person)
    return Q(person=person) | Q(household_id=household_id)


def state_of(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The fields as JSON (dates as ISO text), to be put back on a revocation."""
    return {f: (v.isoformat() if isinstance(v, dt.date) else v) for f in fields for v in [getattr(obj, f)]}


@transaction.atomic
def enrollments_end_on_death(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                             **kwargs: Any) -> None:
    live = {e.pk: state_of(e, ENROLLMENT_FIELDS)
            for e in Enrollment.objects.filter(beneficiary_rows_of(person), status__in=Enrollment.LIVE)}
    enrollments_end_for_death(actor=actor, person=person, death_date=death_date)
    for enrollment in Enrollment.objects.filter(pk__in=live, status=Enrollment.Status.TERMINATED).select_related(
            "program"):
        death_effect_record(person=person, app=APP, kind="enrollment_terminated", object_id=enrollment.pk,
                            label=f"{enrollment.program.name}待遇终止，{enrollment.stop_month:%Y年%m月}起停发",
                            before=live[enrollment.pk])
