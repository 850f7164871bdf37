"""Low-income status (低收入人口) and the counts the assistance programs report.

A person is low-income while they, or the household they belong to, have an **active**
enrollment in one of the low-income programs (dibao, dibian, tekun by default; each policy takes
its list from its params). The elder and disability subsidies read this status as a fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from minzheng.assistance.codes import LOW_INCOME_PROGRAMS
from minzheng.benefits.models import Application, Enrollment
from minzheng.core.models import User
from minzheng.core.scope import scoped
from minzheng.people.models import Person


def low_income_codes(*, person: Person, programs: Iterable[str] = LOW_INCOME_PROGRAMS) -> list[str]:
    """The codes of the low-income programs with an active enrollment of ``person`` or of their
    household, sorted."""
    return sorted(set(
        Enrollment.objects.filter(Q(person=person) | Q(household__memberships__person=person),
                                  status=Enrollment.Status.ACTIVE, program__code__in=list(programs))
        .values_list("program__code", flat=True)))


def temporary_aid_person_times(*, user: User, year: int) -> int:
    """Temporary aid given in ``year`` in the user's scope, in person-times (人次): each approved
    application is one, so a person helped twice counts twice."""
    return scoped(Application.objects.filter(
        program__code="temporary_aid", status=Application.Status.APPROVED,
        decided_at__gte=timezone.make_aware(dt.datetime(year, 1, 1)),
        decided_at__lt=timezone.make_aware(dt.datetime(year + 1, 1, 1))), user=user).count()
