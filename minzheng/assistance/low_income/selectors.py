"""Low-income status (低收入人口) and the counts the assistance programs report.

A person is low-income while they, or the household they belong to, have an **active**
enrollment in one of the low-income programs (dibao, dibian, tekun by default; each policy takes
its list from its params). The elder and disability subsidies read this status as a fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from minzheng.assistance.codes import LOW_INCOME_PROGRAMS
from minzheng.benefits.enrollments.selectors import person_or_household_q
from minzheng.benefits.models import Application, Enrollment, PaymentLine, PaymentRun, Program
from minzheng.benefits.money import yuan
from minzheng.benefits.programs.selectors import standard_amount
from minzheng.core.models import User
from minzheng.core.scope import scope_for, scoped
from minzheng.people.models import Membership, Person


def low_income_codes(*, person: Person, programs: Iterable[str] = LOW_INCOME_PROGRAMS) -> list[str]:
    """The codes of the low-income programs with an active enrollment of ``person`` or of their
    household, sorted."""
    return sorted(set(
        Enrollment.objects.filter(person_or_household_q(person=person),
                                  status=Enrollment.Status.ACTIVE, program__code__in=list(programs))
        .values_list("program__code", flat=True)))


def temporary_aid_person_times(*, user: User, year: int) -> int:
    """Temporary aid given in ``year`` in the user's scope, in person-times (人次): each approved
    application is one, so a person helped twice counts twice."""
    return scoped(Application.objects.filter(
        program__code="temporary_aid", status=Application.Status.APPROVED,
        decided_at__gte=timezone.make_aware(dt.datetime(year, 1, 1)),
        decided_at__lt=timezone.make_aware(dt.datetime(year + 1, 1, 1))), user=user).count()


BASIC_AID_PROGRAMS = ("dibao", "tekun", "temporary_aid")


def _enrollments_covering(month: dt.date, programs: Iterable[str]) -> Any:
    """Enrollments of ``programs`` whose months include ``month`` (whatever their status today:
    one terminated or suspended since was still covered then)."""
    return Enrollment.objects.filter(program__code__in=list(programs), start_month__lte=month).filter(
        Q(stop_month__isnull=True) | Q(stop_month__gt=month))


def low_income_monitored(*, user: User, year: int, programs: Iterable[str] = LOW_INCOME_PROGRAMS) -> int:
    """People under low-income monitoring (纳入动态监测的低收入人口) in the user's scope at the end
    of ``year``: the living members of the households, and the persons, whose low-income
    enrollment covers December, and everyone given temporary aid during the year; each once."""
    december, year_end = dt.date(year, 12, 1), dt.date(year, 12, 31)
    covering = scoped(_enrollments_covering(december, programs), user=user)
    alive = Q(person__death_date__isnull=True) | Q(person__death_date__gt=year_end)
    members = Membership.objects.filter(alive, person__birth_date__lte=year_end, household__in=covering.filter(
        household__isnull=False).values("household_id"))
    persons = covering.filter(person__isnull=False)
    aided = scoped(Enrollment.objects.filter(program__code="temporary_aid", approved_on__year=year,
                                             person__isnull=False), user=user)
    # One UNION counted by the database (each person once), unordered: 180,000 people at city
    # scale never travel to Python.
    ids = [qs.order_by().values_list("person_id", flat=True) for qs in (members, persons, aided)]
    return ids[0].union(*ids[1:]).count()


def dibian_newly_identified(*, user: User, year: int) -> dict[str, int]:
    """Households (and their people) newly identified as dibian (认定低收入扩面对象) in ``year``:
    dibian enrollments approved that year, in the user's scope."""
    totals = scoped(Enrollment.objects.filter(program__code="dibian", approved_on__year=year,
                                              household__isnull=False), user=user).aggregate(
        households=Count("id"), people=Sum("persons"))
    return {"households": totals["households"], "people": totals["people"] or 0}


def basic_aid_spent(*, user: User, year: int, programs: Iterable[str] = BASIC_AID_PROGRAMS) -> Decimal:
    """Basic assistance paid for the months of ``year`` (支出基本救助): the lines of dibao, tekun and
    temporary aid that the bank confirmed as paid, in the user's scope."""
    total = scoped(PaymentLine.objects.filter(program__code__in=list(programs), period__year=year,
                                              status=PaymentLine.Status.PAID), user=user).aggregate(
        total=Sum("amount"))["total"]
    return yuan(total or 0)


def _standard(code: str, *, user: User, year: int) -> Decimal | None:
    program = Program.objects.filter(code=code).first()
    region_code = (scope_for(user).prefix or "").ljust(12, "0")
    if program is None or not region_code.strip("0"):
        return None
    return standard_amount(program=program, region_code=region_code, month=dt.date(year, 12, 1))


def assistance_figures(*, user: User, year: int) -> dict[str, Any]:
    """The year's social-assistance figures in the user's scope, under the keys of the annual
    summary (``assistance.*`` in the reference figures): the standards in force in December, the
    basic assistance paid, temporary aid in person-times, dibian newly identified, and the
    low-income people monitored."""
    dibian = dibian_newly_identified(user=user, year=year)
    return {
        "year": year,
        "dibao_standard": _standard("dibao", user=user, year=year),
        "tekun_standard": _standard("tekun", user=user, year=year),
        "basic_aid_spent": basic_aid_spent(user=user, year=year),
        "temporary_aid_cases": temporary_aid_person_times(user=user, year=year),
        "dibian_new_households": dibian["households"],
        "dibian_new_people": dibian["people"],
        "low_income_monitored": low_income_monitored(user=user, year=year),
    }


def latest_paid_year() -> int | None:
    """The year of the latest month any payment run was made for (the figures' default year)."""
    run = PaymentRun.objects.order_by("-period").values_list("period", flat=True).first()
    return run.year if run is not None else None
