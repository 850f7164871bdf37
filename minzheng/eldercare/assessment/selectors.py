"""Reads on ability assessments.

Staff read through the scope, and the scope of an assessment is its person's region today
(``person__region_code``), not the region it was done in: the history belongs to the person
and follows them when they move, and an officer who may see the person sees all of it, as one
who may not sees none of it (404).

``latest_level`` and ``latest_assessment`` are for the engines (the nursing subsidy's facts, the
bed subsidy), which hold a person already and read no page: they take no user.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from minzheng.core import messages as core_messages
from minzheng.core.models import User
from minzheng.core.scope import get_in_scope, scope_for, scoped
from minzheng.eldercare.assessment.models import Assessment
from minzheng.people.models import Person

SCOPE_FIELD = "person__region_code"


def assessment_list(*, user: User, person: Person | None = None, level: str = "") -> QuerySet[Assessment]:
    """The assessments the user may see, newest first; of one person, or at one level."""
    qs = scoped(Assessment.objects.select_related("person", "assessor"), user=user, field=SCOPE_FIELD)
    if person is not None:
        qs = qs.filter(person=person)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("-assessed_on", "-id")


def assessments_of(*, user: User, person: Person) -> QuerySet[Assessment]:
    """A person's whole history, voided ones included, newest first; 404 when the person is
    outside the user's scope."""
    if not scope_for(user).contains(person.region_code):
        raise Http404(core_messages.NOT_FOUND)
    return assessment_list(user=user, person=person).select_related("voided_by")


def assessment_get(*, user: User, pk: int | str) -> Assessment:
    """One assessment whose person is in the user's scope, or 404."""
    return get_in_scope(Assessment.objects.select_related("person", "assessor", "voided_by"), user=user,
                        field=SCOPE_FIELD, pk=pk)


def latest_assessment(*, person: Person, on: dt.date) -> Assessment | None:
    """The person's latest valid (not voided) assessment done on or before ``on``."""
    return (Assessment.objects.filter(person=person, assessed_on__lte=on, voided_at__isnull=True)
            .order_by("-assessed_on", "-id").first())


def latest_level(*, person: Person, on: dt.date) -> str:
    """The person's ability level on ``on`` (an ``AbilityLevel`` code): the level of their latest
    valid assessment done on or before that day, or "" when there is none. What the nursing
    subsidy and the bed subsidy read."""
    found = (Assessment.objects.filter(person=person, assessed_on__lte=on, voided_at__isnull=True)
             .order_by("-assessed_on", "-id").values_list("level", flat=True).first())
    return found or ""
