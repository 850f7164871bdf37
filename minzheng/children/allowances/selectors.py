"""Reads of the children's allowance page: the two programs with their standards and the active
enrollments in the reader's scope, and the month's payment runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from minzheng.benefits.enrollments.models import Enrollment
from minzheng.benefits.payments.models import PaymentRun
from minzheng.benefits.programs.models import Program
from minzheng.benefits.programs.selectors import StandardTable
from minzheng.children.allowances.services import CATEGORY_OF
from minzheng.core.models import User
from minzheng.core.scope import scoped


def program_names() -> dict[str, str]:
    return dict(Program.objects.filter(code__in=list(CATEGORY_OF)).values_list("code", "name"))


def programs_overview(*, user: User, month: dt.date) -> list[dict[str, Any]]:
    """Each allowance program with its standards in force in ``month`` and its active
    enrollments in the user's scope."""
    out = []
    for program in Program.objects.filter(code__in=list(CATEGORY_OF)).order_by("id"):
        enrolled = scoped(
            Enrollment.objects.filter(program=program, status=Enrollment.Status.ACTIVE), user=user
        ).count()
        out.append({"program": program, "standards": StandardTable(program=program, month=month).rows,
                    "enrolled": enrolled})
    return out


def runs_of(*, month: dt.date) -> list[PaymentRun]:
    return list(
        PaymentRun.objects.filter(program__code__in=list(CATEGORY_OF), period=month.replace(day=1))
        .select_related("program")
        .order_by("program_id", "region_prefix")
    )
