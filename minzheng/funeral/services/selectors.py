"""Reads of funeral cases, their services and the waiver catalogue, cut to the reader's scope (a
case outside it is a 404). Sums count live lines only: a voided line counts nowhere."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from minzheng.core.models import User
from minzheng.core.scope import get_in_scope, scope_for, scoped
from minzheng.facilities.sites.models import Facility
from minzheng.funeral.services.catalogue import CITY
from minzheng.funeral.services.models import FuneralCase, FuneralService, ServiceType, WaiverItem
from minzheng.funeral.services.services import SERVICE_PLACES

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _line_sum(field: str) -> Coalesce:
    lines = (FuneralService.objects.filter(case=OuterRef("pk"), voided_at__isnull=True)
             .order_by().values("case").annotate(total=Sum(field)).values("total"))
    return Coalesce(Subquery(lines, output_field=MONEY), Value(ZERO), output_field=MONEY)


def case_list(*, user: User | Any, home: Facility | None = None, month: dt.date | None = None) -> QuerySet[FuneralCase]:
    """The cases in scope, newest first, each with ``fee_total`` and ``waived_total`` of its live lines;
    ``home`` and ``month`` (received in that month) narrow it."""
    rows = scoped(FuneralCase.objects.select_related("person", "home"), user=user)
    if home is not None:
        rows = rows.filter(home=home)
    if month is not None:
        following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        rows = rows.filter(received_on__gte=month, received_on__lt=following)
    rows = rows.annotate(fee_total=_line_sum("fee"), waived_total=_line_sum("waived"))
    return rows.annotate(family_total=F("fee_total") - F("waived_total")).order_by("-received_on", "-id")


def case_get(*, user: User | Any, pk: Any) -> FuneralCase:
    return get_in_scope(FuneralCase.objects.select_related("person", "home"), user=user, pk=pk)


def service_get(*, user: User | Any, pk: Any) -> FuneralService:
    return get_in_scope(FuneralService.objects.select_related("case", "service_type"), user=user, pk=pk)


def case_lines(case: FuneralCase) -> list[FuneralService]:
    return list(case.services.select_related("service_type", "facility", "waiver_item").order_by("performed_at", "id"))


def case_totals(case: FuneralCase) -> dict[str, Decimal]:
    """fee, waived and what the family pays (fee − waived), over the live lines."""
    sums = case.services.filter(voided_at__isnull=True).aggregate(fee=Sum("fee"), waived=Sum("waived"))
    fee, waived = sums["fee"] or ZERO, sums["waived"] or ZERO
    return {"fee": fee, "waived": waived, "family_pays": fee - waived}


def homes_in_scope(*, user: User | Any) -> QuerySet[Facility]:
    return scoped(Facility.objects.filter(kind=Facility.Kind.FUNERAL_HOME), user=user).order_by("region_code", "name")


def home_get(*, user: User | Any, pk: Any) -> Facility:
    return get_in_scope(Facility.objects.filter(kind=Facility.Kind.FUNERAL_HOME), user=user, pk=pk)


def places_in_scope(*, user: User | Any) -> QuerySet[Facility]:
    return (scoped(Facility.objects.filter(kind__in=SERVICE_PLACES), user=user)
            .exclude(status=Facility.Status.CLOSED).order_by("kind", "region_code", "name"))


def place_get(*, user: User | Any, pk: Any) -> Facility:
    return get_in_scope(Facility.objects.filter(kind__in=SERVICE_PLACES), user=user, pk=pk)


def service_types() -> QuerySet[ServiceType]:
    return ServiceType.objects.order_by("order", "id")


def service_type_get(pk: Any) -> ServiceType | None:
    try:
        return ServiceType.objects.filter(pk=pk).first()
    except (ValueError, TypeError):
        return None


def catalogue(*, user: User | Any) -> dict[str, Any]:
    """The city's default items, and the "+N" items of the counties in the reader's scope (a county
    officer sees its own, the city every county's), current and past."""
    items = WaiverItem.objects.select_related("service_type").order_by("service_type__order", "-valid_from")
    scope = scope_for(user)
    if scope.is_empty:
        counties: QuerySet[WaiverItem] = items.none()
    elif len(scope.prefix or "") >= 6:
        counties = items.filter(region_code=(scope.prefix or "")[:6].ljust(12, "0"))
    else:
        counties = scope.filter(items.exclude(region_code=CITY))
    return {"default": list(items.filter(region_code=CITY)), "counties": list(counties.order_by("region_code",
                                                                                                 "service_type__order",
                                                                                                 "-valid_from"))}


def catalogue_item_get(*, user: User | Any, pk: Any) -> WaiverItem:
    """An item the reader's own level keeps (the city's default for the city, the county's "+N")."""
    code = getattr(user, "region_id", None) or ""
    return get_in_scope(WaiverItem.objects.select_related("service_type").filter(region_code=code), user=user, pk=pk)


def waived_total(*, user: User | Any, year: int, prefix: str | None = None) -> Decimal:
    """The year's waived amounts (yuan) of the live lines in scope, by the service's day."""
    rows = scoped(FuneralService.objects.filter(voided_at__isnull=True), user=user)
    if prefix:
        rows = rows.filter(Q(region_code__startswith=prefix))
    # A range of local midnights, not ``__date``: the index on (region_code, performed_at) answers it.
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    rows = rows.filter(performed_at__gte=start, performed_at__lt=timezone.make_aware(dt.datetime(year + 1, 1, 1)))
    return rows.aggregate(total=Sum("waived"))["total"] or ZERO


def latest_service_year() -> int | None:
    latest = FuneralService.objects.order_by("-performed_at").values_list("performed_at", flat=True).first()
    return latest.year if latest is not None else None


def service_type_by_code(code: str) -> ServiceType | None:
    return ServiceType.objects.filter(code=(code or "").strip()).first() if code else None
