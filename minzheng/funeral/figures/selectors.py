"""The year's funeral figures of the 2024 summary (四.3), counted from the records in the reader's
scope, under the keys of the annual summary (``funeral.*``):

- ``waived_amount``: the waived amounts of the year's live service lines (元), by the service's day
  (``services.selectors.waived_total``): "减免群众丧葬费用";
- ``columbaria`` and ``mourning_points``: facilities of those kinds open at the year's end: opened
  on or before 31 December (or with no opening day recorded) and not closed. The facilities
  registry keeps no closing day, so a closed site counts in no year;
- ``cemeteries_renovated``: the cemetery's conversion projects completed in the year
  (``cemetery.selectors.cemeteries_renovated``).

The same per county (the regions at county level in the reader's scope), except the conversions,
which the cemetery counts for a whole scope only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for, scoped
from minzheng.facilities.sites.models import Facility
from minzheng.funeral.cemetery.selectors import cemeteries_renovated
from minzheng.funeral.services.selectors import latest_service_year, waived_total

KEYS = ("waived_amount", "columbaria", "mourning_points", "cemeteries_renovated")


def open_at_year_end(*, user: User | Any, kind: str, year: int, prefix: str | None = None) -> int:
    rows = scoped(Facility.objects.filter(kind=kind), user=user).exclude(status=Facility.Status.CLOSED)
    rows = rows.filter(Q(opened_on__isnull=True) | Q(opened_on__lte=dt.date(year, 12, 31)))
    if prefix:
        rows = rows.filter(region_code__startswith=prefix)
    return rows.count()


def _counts(*, actor: User | Any, year: int, prefix: str | None = None) -> dict[str, Any]:
    return {
        "waived_amount": waived_total(user=actor, year=year, prefix=prefix),
        "columbaria": open_at_year_end(user=actor, kind=Facility.Kind.COLUMBARIUM, year=year, prefix=prefix),
        "mourning_points": open_at_year_end(user=actor, kind=Facility.Kind.MOURNING_POINT, year=year, prefix=prefix),
    }


def funeral_figures(*, actor: User | Any, year: int) -> dict[str, Any]:
    return {"year": year, **_counts(actor=actor, year=year),
            "cemeteries_renovated": cemeteries_renovated(user=actor, year=year)}


def funeral_figures_by_county(*, actor: User | Any, year: int) -> list[dict[str, Any]]:
    scope = scope_for(actor)
    if scope.is_empty:
        return []
    counties = scope.filter(Region.objects.filter(level="county"), field="code").order_by("code")
    if not counties.exists():
        counties = Region.objects.filter(level="county", code__startswith=(scope.prefix or "")[:6]).order_by("code")
    return [{"code": c.code, "name": c.name, **_counts(actor=actor, year=year, prefix=c.code[:6])} for c in counties]


def figures_default_year() -> int:
    """The latest year with a service recorded, or last year."""
    return latest_service_year() or timezone.localdate().year - 1
