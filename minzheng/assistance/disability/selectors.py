"""Reads on disability certificates. Pages and APIs read through the scope; the facts provider
(``subjects.facts``) reads for a person the caller already holds."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from minzheng.assistance.disability.models import DisabilityCertificate
from minzheng.benefits.money import month_add
from minzheng.core.models import User
from minzheng.core.scope import get_in_scope, scoped
from minzheng.people.models import Person


def valid_in_month_q(month: dt.date) -> Q:
    """Issued by the month's end, neither expired nor revoked before it starts: a certificate
    revoked in May still counts for May, as a death in June still pays June."""
    following = month_add(month, 1)
    return (Q(issued_on__lt=following)
            & (Q(valid_until__isnull=True) | Q(valid_until__gte=month))
            & (Q(revoked_on__isnull=True) | Q(revoked_on__gte=month)))


def certificates_of(*, user: User, person: Person) -> QuerySet[DisabilityCertificate]:
    """Every certificate of a person in the user's scope, newest first."""
    return scoped(DisabilityCertificate.objects.filter(person=person), user=user).order_by("-issued_on", "-id")


def certificate_get(*, user: User, pk: int | str) -> DisabilityCertificate:
    return get_in_scope(DisabilityCertificate.objects.select_related("person"), user=user, pk=pk)


def certificates_valid(*, person: Person, month: dt.date) -> list[dict[str, object]]:
    """The person's certificates valid in ``month`` as policy facts ([{"kind", "grade"}]), the
    most severe first."""
    return [{"kind": kind, "grade": grade} for kind, grade in
            DisabilityCertificate.objects.filter(valid_in_month_q(month), person=person)
            .order_by("grade", "id").values_list("kind", "grade")]


def certificate_list(*, user: User) -> QuerySet[DisabilityCertificate]:
    """The certificates recorded in the user's scope, newest first."""
    return (scoped(DisabilityCertificate.objects.select_related("person"), user=user)
            .order_by("-created_at", "-id"))
