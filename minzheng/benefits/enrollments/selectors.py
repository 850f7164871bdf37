"""Reads on enrollments and reviews, each through the jurisdiction scope."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from minzheng.benefits.enrollments.models import Enrollment, Review
from minzheng.core.models import User
from minzheng.core.scope import get_in_scope, scoped
from minzheng.people.models import Household, Membership, Person

# How far ahead the due list looks: reviews falling due this month and next are prepared now.
DUE_AHEAD_DAYS = 30


def enrollment_list(*, user: User, program: str = "", status: str = "") -> QuerySet[Enrollment]:
    qs = scoped(Enrollment.objects.select_related("program", "household__head", "person"), user=user)
    if program:
        qs = qs.filter(program__code=program)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("region_code", "id")


def enrollment_get(*, user: User, pk: int | str) -> Enrollment:
    return get_in_scope(Enrollment.objects.select_related("program", "household__head", "person"), user=user, pk=pk)


# What a row of the enrollment lists (benefits/enrollments/_rows.html) shows: loading only these
# spares decoding two people's and a program's whole rows per enrollment.
ROW_FIELDS = ("program_id", "household_id", "person_id", "persons", "status", "status_reason", "monthly_amount",
              "start_month", "stop_month", "next_review_on", "program__name", "household__head__name",
              "person__name")


def review_due_list(*, user: User, until: dt.date | None = None) -> QuerySet[Enrollment]:
    """Live enrollments in the user's scope whose review falls due by ``until`` (default: 30 days
    from today), oldest first: the worker's due list."""
    until = until or timezone.localdate() + dt.timedelta(days=DUE_AHEAD_DAYS)
    return (scoped(Enrollment.objects.select_related("program", "household__head", "person"), user=user)
            .filter(status__in=Enrollment.LIVE, next_review_on__lte=until)
            .order_by("next_review_on", "region_code", "id"))


def reviews_of(*, enrollment: Enrollment) -> QuerySet[Review]:
    """The reviews of an enrollment the caller has already read through the scope."""
    return enrollment.reviews.select_related("reviewed_by").order_by("-done_on", "-id")


def live_enrollment(*, program_id: int, household: Household | None = None,
                    person: Person | None = None) -> Enrollment | None:
    """The beneficiary's live enrollment in the program, if any (callers have scoped the
    beneficiary)."""
    return Enrollment.objects.filter(program_id=program_id, status__in=Enrollment.LIVE,
                                     household=household, person=person).first()


def person_or_household_q(*, person: Person) -> Q:
    """Enrollments of ``person`` or of a household they are a member of. The households are read
    first: one OR across the membership join makes PostgreSQL scan every membership of the city
    (0.2–0.6 s a person at scale 1.0); two indexed look-ups take a millisecond."""
    households = list(Membership.objects.filter(person=person).values_list("household_id", flat=True))
    return Q(person=person) | Q(household_id__in=households)


def household_or_members(household: Household, prefix: str = "") -> Q:
    """The household's own rows or its current members': the members' ids are read first, so
    each side of the OR is an indexed lookup (an OR across a join scans the whole table)."""
    members = list(Membership.objects.filter(household=household).values_list("person_id", flat=True))
    return Q(**{f"{prefix}household": household}) | Q(**{f"{prefix}person_id__in": members})


def household_enrollments(*, household: Household) -> QuerySet[Enrollment]:
    """The enrollments of a household and of its current members (a household read through the
    scope by the caller)."""
    return (Enrollment.objects.select_related("program", "person")
            .filter(household_or_members(household))
            .order_by("-start_month", "-id"))


def household_reviews(*, household: Household) -> QuerySet[Review]:
    return (Review.objects.select_related("enrollment__program", "reviewed_by")
            .filter(household_or_members(household, "enrollment__"))
            .order_by("-done_on", "-id"))
