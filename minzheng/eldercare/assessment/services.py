"""Writes on ability assessments: record one, void one entered in error. Each runs in one
transaction, checks its input (Chinese ``ValidationError`` keyed by field), writes one audit entry
``eldercare.assessment.<verb>`` and returns the assessment.

A person outside the actor's scope answers 404 (nobody learns they exist); the power is
``eldercare.record_assessment``, which township and county officers hold. The assessor is the
member of staff who records the assessment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.eldercare import messages
from minzheng.eldercare.assessment.models import Assessment
from minzheng.eldercare.assessment.scoring import (
    INDICATORS,
    ITEM_KEYS,
    RISK_EVENTS_MAX,
    Reason,
    ScoresInvalid,
    score,
    scores_check,
)
from minzheng.people.models import Person

PERMISSION = "eldercare.record_assessment"
ELDER_AGE = 60  # GB/T 42195 assesses older adults: 60 and over
NOTE_MAX = 200
FIELDS = ["person", *ITEM_KEYS, *(i.key for i in INDICATORS), "total", "preliminary_level", "level", "coma",
          "dementia", "psychiatric", "risk_events_30d", "reason", "note", "assessor", "assessed_on"]
VOID_FIELDS = ["voided_at", "voided_by", "void_reason"]


def _authorize(actor: User, region_code: str) -> None:
    if not scope_for(actor).contains(region_code):
        raise Http404(core_messages.NOT_FOUND)
    if not actor.has_perm(PERMISSION):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)


def age_on(person: Person, day: dt.date) -> int:
    born = person.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _check(*, person: Person, scores: Sequence[int], reason: str, assessed_on: dt.date, risk_events_30d: int,
           note: str) -> dict[str, list[str]]:
    """Every reason the input is refused, by field: the assessor sees them all at once."""
    errors: dict[str, list[str]] = {}
    try:
        scores_check(scores)
    except ScoresInvalid as exc:
        errors["scores"] = exc.messages
    if type(risk_events_30d) is not int or not 0 <= risk_events_30d <= RISK_EVENTS_MAX:
        errors["risk_events_30d"] = [messages.RISK_EVENTS_INVALID.format(max=RISK_EVENTS_MAX)]
    if reason not in Reason.values:
        errors["reason"] = [messages.REASON_INVALID]
    elif reason == Reason.OTHER and not note:
        errors["note"] = [messages.REASON_NOTE_REQUIRED]
    if len(note) > NOTE_MAX:
        errors["note"] = [messages.NOTE_TOO_LONG.format(max=NOTE_MAX)]
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = [messages.ASSESSED_ON_FUTURE]
    elif person.death_date is not None and assessed_on > person.death_date:
        errors["assessed_on"] = [messages.PERSON_DEAD_BY_THEN.format(date=person.death_date.isoformat())]
    elif age_on(person, assessed_on) < ELDER_AGE:
        errors["assessed_on"] = [messages.PERSON_UNDER_AGE.format(age=ELDER_AGE)]
    elif Assessment.objects.filter(person=person, assessed_on=assessed_on, voided_at__isnull=True).exists():
        errors["assessed_on"] = [messages.ASSESSMENT_SAME_DAY.format(date=assessed_on.isoformat())]
    return errors


@transaction.atomic
def assessment_record(
    *,
    actor: User,
    person: Person,
    scores: Sequence[int],
    reason: str,
    assessed_on: dt.date,
    coma: bool = False,
    dementia: bool = False,
    psychiatric: bool = False,
    risk_events_30d: int = 0,
    note: str = "",
) -> Assessment:
    """Record the assessment ``actor`` made of ``person`` on ``assessed_on``: the 26 scores in the
    standard's order (B.1.1 … B.4.5) and the facts that change the level. The subtotals, total
    and levels are computed here (``scoring.score``), never taken from the caller. From
    ``assessed_on`` its level is the person's level (``selectors.latest_level``)."""
    _authorize(actor, person.region_code)
    note = (note or "").strip()
    errors = _check(person=person, scores=scores, reason=reason, assessed_on=assessed_on,
                    risk_events_30d=risk_events_30d, note=note)
    if errors:
        raise ValidationError(errors)
    result = score(scores, coma=coma, dementia=dementia, psychiatric=psychiatric, risk_events_30d=risk_events_30d)
    assessment = Assessment(
        person=person, region_code=person.region_code, **dict(zip(ITEM_KEYS, scores, strict=True)),
        **dict(zip((i.key for i in INDICATORS), result.subtotals, strict=True)), total=result.total,
        preliminary_level=result.preliminary_level, level=result.level, coma=bool(coma), dementia=bool(dementia),
        psychiatric=bool(psychiatric), risk_events_30d=risk_events_30d, reason=reason, note=note, assessor=actor,
        assessed_on=assessed_on)
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError as exc:  # the same day recorded concurrently (a form sent twice)
        raise ValidationError({"assessed_on": [messages.ASSESSMENT_SAME_DAY.format(
            date=assessed_on.isoformat())]}) from exc
    audit_record(actor=actor, action="eldercare.assessment.recorded", obj=assessment,
                 object_repr=f"{person.name} {assessed_on.isoformat()} {assessment.get_level_display()}",
                 after=snapshot(assessment, FIELDS))
    return assessment


@transaction.atomic
def assessment_void(*, actor: User, assessment: Assessment, reason: str) -> Assessment:
    """Void an assessment entered in error. It stays in the history, marked, and counts for no
    level from then on: the person's level is again their previous valid assessment's."""
    _authorize(actor, assessment.person.region_code)
    assessment = Assessment.objects.select_for_update().select_related("person").get(pk=assessment.pk)
    if assessment.voided_at is not None:
        raise ValidationError({"voided_at": [messages.ALREADY_VOIDED]})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [messages.VOID_REASON_REQUIRED]})
    if len(reason) > NOTE_MAX:
        raise ValidationError({"reason": [messages.NOTE_TOO_LONG.format(max=NOTE_MAX)]})
    before = snapshot(assessment, VOID_FIELDS)
    assessment.voided_at, assessment.voided_by, assessment.void_reason = timezone.now(), actor, reason
    assessment.save(update_fields=VOID_FIELDS)
    audit_record(actor=actor, action="eldercare.assessment.voided", obj=assessment,
                 object_repr=f"{assessment.person.name} {assessment.assessed_on.isoformat()} "
                             f"{assessment.get_level_display()}",
                 before=before, after=snapshot(assessment, VOID_FIELDS))
    return assessment
