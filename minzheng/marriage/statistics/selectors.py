"""Marriage statistics by office and month: marriages registered, divorces registered and the
average age of the parties at registration. Aggregates only, computed in SQL: no record and no
person leaves here, so county officers and the city administrator read them in their scope as
well as registrars (``marriage.view_marriage_statistics``). Marriages registered before the system
(``source = prior``) are not counted: they were not registered in the year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, F
from django.db.models.functions import ExtractMonth

from minzheng.core import messages as core_messages
from minzheng.core.models import User
from minzheng.core.scope import scoped
from minzheng.facilities.sites.models import Facility
from minzheng.marriage.permissions import VIEW_STATISTICS
from minzheng.marriage.registrations.models import DivorceApplication, Marriage


@dataclass
class Row:
    office_id: int
    office: str
    region_code: str
    month: int
    marriages: int
    divorces: int
    average_age: Decimal | None  # of both parties at registration, to one decimal


def require_reader(user: User | Any) -> None:
    if not getattr(user, "is_authenticated", False) or not user.has_perm(VIEW_STATISTICS):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)


def monthly_rows(*, user: User | Any, year: int) -> list[Row]:
    """One row per office and month with any registration in ``year``, in the user's scope."""
    require_reader(user)
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    marriages = (
        scoped(Marriage.objects.filter(source=Marriage.Source.REGISTERED, registered_on__gte=start,
                                       registered_on__lt=end), user=user)
        .annotate(month=ExtractMonth("registered_on")).values("office_id", "month")
        .annotate(n=Count("id"), age=Avg((F("husband_age") + F("wife_age")) / 2.0)).order_by()
    )
    divorces = (
        scoped(DivorceApplication.objects.filter(status=DivorceApplication.Status.REGISTERED, closed_on__gte=start,
                                                 closed_on__lt=end), user=user)
        .annotate(month=ExtractMonth("closed_on")).values("office_id", "month").annotate(n=Count("id")).order_by()
    )
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for m in marriages:
        cells[(m["office_id"], m["month"])] = {"marriages": m["n"], "age": m["age"]}
    for d in divorces:
        cells.setdefault((d["office_id"], d["month"]), {})["divorces"] = d["n"]
    offices = {f.pk: f for f in Facility.objects.filter(pk__in={k[0] for k in cells})}
    rows = [
        Row(
            office_id=office_id, office=offices[office_id].name, region_code=offices[office_id].region_code,
            month=month, marriages=cell.get("marriages", 0), divorces=cell.get("divorces", 0),
            average_age=(Decimal(str(cell["age"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                         if cell.get("age") is not None else None),
        )
        for (office_id, month), cell in cells.items()
    ]
    return sorted(rows, key=lambda r: (r.region_code, r.office, r.month))


def totals(rows: list[Row]) -> dict[str, Any]:
    """The year's totals of the rows; the average age weighted by each row's marriages."""
    marriages = sum(r.marriages for r in rows)
    weighted = sum((r.average_age or 0) * r.marriages for r in rows)
    return {
        "marriages": marriages,
        "divorces": sum(r.divorces for r in rows),
        "average_age": (Decimal(weighted) / marriages).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if marriages else None,
    }
