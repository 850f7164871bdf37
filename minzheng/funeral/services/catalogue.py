"""Which catalogue item covers a service: the items of the regions that contain the funeral home
(the city's default, the county's "+N"), in force on the day; a county's own item first, as the
more specific one (a county cannot add a type the default has, so in practice one applies)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from minzheng.core.regions import scope_prefix
from minzheng.funeral.services.models import ServiceType, WaiverItem

CITY = "330500000000"


def _in_force(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def items_in_force(*, region_code: str, day: dt.date) -> QuerySet[WaiverItem]:
    """Every item that applies to a home in ``region_code`` on ``day``."""
    containing = [code for code in {CITY, region_code[:6].ljust(12, "0")} if region_code.startswith(scope_prefix(code))]
    return WaiverItem.objects.filter(_in_force(day), region_code__in=containing).select_related("service_type")


def item_for(*, service_type: ServiceType, region_code: str, day: dt.date) -> WaiverItem | None:
    items = sorted(items_in_force(region_code=region_code, day=day).filter(service_type=service_type),
                   key=lambda item: len(scope_prefix(item.region_code)), reverse=True)
    return items[0] if items else None


def default_item(*, service_type: ServiceType, day: dt.date) -> WaiverItem | None:
    return WaiverItem.objects.filter(_in_force(day), region_code=CITY, service_type=service_type).first()
