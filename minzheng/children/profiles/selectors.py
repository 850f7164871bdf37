"""Reads on child profiles. Who sees a profile: staff whose scope holds the child's village
(``region_code``): a village worker their own village's children, a township or county its own, the
city all. Anything else answers 404.

``registry_facts`` gathers what the registry knows of a child on a day: the child's own disability
(the most severe certificate valid that month, ``assistance.disability``), whether the family is
in dibao, 特困 or 低保边缘 (a live enrollment of the engine, of the child's household or the child),
and, for a parent found in the registry, a death recorded there or a severe disability certificate.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from minzheng.assistance.codes import LOW_INCOME_PROGRAMS
from minzheng.assistance.disability.models import DisabilityCertificate
from minzheng.assistance.disability.selectors import certificates_valid, valid_in_month_q
from minzheng.benefits.enrollments.models import Enrollment
from minzheng.children.categories.rules import severe_disability
from minzheng.children.codes import FLAG, ParentStatus
from minzheng.children.profiles.models import ChildProfile
from minzheng.core import messages as core_messages
from minzheng.core.models import User
from minzheng.core.scope import scoped
from minzheng.people.models import Membership, Person
from minzheng.people.selectors import person_by_full_id_number, person_find_by_id_number

PERM_VIEW = "children.view_childprofile"
PERM_MANAGE = "children.manage_child_profiles"
PERM_VISITS = "children.record_child_visits"


def profiles_visible(*, user: User | Any) -> QuerySet[ChildProfile]:
    return scoped(ChildProfile.objects.all(), user=user)


def profile_list(
    *,
    user: User | Any,
    q: str = "",
    category: str = "",
    status: str = "active",
    region: str = "",
    review_due_by: dt.date | None = None,
) -> QuerySet[ChildProfile]:
    """Profiles in view: ``status`` active, ended or all; ``category`` one category; ``q`` part of
    the child's name; ``region`` a region prefix inside the view; ``review_due_by`` only the active
    profiles whose review (复核日期) falls by that day, the earliest first."""
    qs = profiles_visible(user=user).select_related("person")
    if status in (ChildProfile.Status.ACTIVE, ChildProfile.Status.ENDED):
        qs = qs.filter(status=status)
    if category in FLAG:
        qs = qs.filter(**{FLAG[category]: True})
    if region:
        qs = qs.filter(region_code__startswith=region)
    q = (q or "").strip()
    if q:
        qs = qs.filter(person__name__contains=q)
    if review_due_by is not None:
        return qs.filter(status=ChildProfile.Status.ACTIVE, review_on__lte=review_due_by).order_by(
            "review_on", "id"
        )
    return qs.order_by("region_code", "id")


def profile_get(*, user: User | Any, pk: Any) -> ChildProfile:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404(core_messages.NOT_FOUND) from None
    found = profiles_visible(user=user).select_related("person").filter(pk=key).first()
    if found is None:
        raise Http404(core_messages.NOT_FOUND)
    return found


def child_for_profile(*, user: User, id_number: str) -> Person | None:
    """The child an exact ID number names, inside the user's scope."""
    return person_find_by_id_number(user=user, id_number=id_number)


def parent_for_profile(*, user: User, id_number: str) -> Person | None:
    """A parent an exact ID number names, wherever they live (a parent working away lives
    elsewhere), for someone who may manage profiles; None otherwise."""
    if not user.has_perm(PERM_MANAGE):
        return None
    return person_by_full_id_number(id_number=id_number)


def child_disability_grade(*, person: Person, day: dt.date) -> int | None:
    """The grade of the child's most severe certificate valid in ``day``'s month, or None."""
    valid = certificates_valid(person=person, month=day.replace(day=1))
    return int(valid[0]["grade"]) if valid else None  # type: ignore[call-overload]


def child_low_income(*, person: Person, day: dt.date) -> bool:
    """Whether the child's household (or the child) has a live dibao, 低保边缘 or 特困 enrollment
    paid in ``day``'s month."""
    month = day.replace(day=1)
    household_id = Membership.objects.filter(person=person).values_list("household_id", flat=True).first()
    whose = Q(person=person)
    if household_id is not None:
        whose |= Q(household_id=household_id)
    return (
        Enrollment.objects.filter(
            whose,
            program__code__in=LOW_INCOME_PROGRAMS,
            status=Enrollment.Status.ACTIVE,
            start_month__lte=month,
        )
        .filter(Q(stop_month__isnull=True) | Q(stop_month__gt=month))
        .exists()
    )


def parent_registry_status(*, person: Person | None, day: dt.date) -> tuple[str, dt.date] | None:
    """What the registry says of a known parent on ``day``, overriding what was entered: dead (with
    the death date), or severely disabled (with the certificate's issue date); None otherwise."""
    if person is None:
        return None
    if person.status == Person.Status.DECEASED and (person.death_date is None or person.death_date <= day):
        return ParentStatus.DEAD, person.death_date or day
    for kind, grade, issued in (
        DisabilityCertificate.objects.filter(valid_in_month_q(day.replace(day=1)), person=person)
        .order_by("grade")
        .values_list("kind", "grade", "issued_on")
    ):
        if severe_disability(kind=kind, grade=grade):
            return ParentStatus.SEVERELY_DISABLED, issued
    return None
