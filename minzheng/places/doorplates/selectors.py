"""Reads on digital doorplates, their report queue, bulk batches and the service catalogue.

Staff reads go through the jurisdiction helper (``minzheng.core.scope``): out of scope is 404.
The public reads (``doorplate_public_get``, ``services_for_address``) take a token or an address
and return only what a plate shows anybody: the standard address and the services.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.cache import cache
from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import Substr
from django.http import Http404

from minzheng.core import messages
from minzheng.core.models import Region, User
from minzheng.core.regions import PREFIX_LENGTH, Level, level_of
from minzheng.core.scope import get_in_scope, scope_for, scoped
from minzheng.core.selectors import region_list, user_region
from minzheng.places.addresses.models import Address
from minzheng.places.doorplates.models import (
    Department,
    Doorplate,
    DoorplateBatch,
    DoorplateService,
    PlateReport,
)
from minzheng.places.doorplates.nearby import NearbyGroup, nearby_groups

COUNT_LEVELS = (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)
NEXT_LEVEL = {Level.PROVINCE: Level.CITY, Level.CITY: Level.COUNTY, Level.COUNTY: Level.TOWNSHIP,
              Level.TOWNSHIP: Level.VILLAGE, Level.VILLAGE: Level.VILLAGE}
LEVEL_ORDER = [Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE]


# ---- plates (staff) -------------------------------------------------------------------------


def doorplate_list(*, user: User, region: str = "", status: str = "", since: dt.date | None = None,
                   until: dt.date | None = None, q: str = "") -> QuerySet[Doorplate]:
    """Plates inside the user's scope, newest installation first. ``region`` is a code prefix;
    ``q`` is an address code prefix when it is all digits, otherwise a piece of the address text."""
    qs = scoped(Doorplate.objects.select_related("address", "address__road"), user=user)
    q = (q or "").strip()
    if q:
        qs = qs.filter(address__code__startswith=q) if q.isdigit() else qs.filter(address__full_text__contains=q)
    if region:
        qs = qs.filter(region_code__startswith=region)
    if status:
        qs = qs.filter(status=status)
    if since:
        qs = qs.filter(installed_on__gte=since)
    if until:
        qs = qs.filter(installed_on__lte=until)
    return qs.order_by("-installed_on", "-id")


MAX_ID = 2**63 - 1


def as_id(pk: Any) -> int | None:
    """A primary key as a positive 64-bit integer, or ``None``: "abc" and 10**30 find nothing
    rather than reaching the database (where SQLite would overflow)."""
    try:
        value = int(str(pk))
    except (TypeError, ValueError):
        return None
    return value if 0 < value <= MAX_ID else None


def doorplate_get(*, user: User, pk: Any) -> Doorplate:
    key = as_id(pk)
    if key is None:
        raise Http404(messages.NOT_FOUND)
    return get_in_scope(Doorplate.objects.select_related("address", "address__road"), user=user, pk=key)


def address_for_doorplate(*, user: User, pk: Any) -> Address | None:
    """The address a new plate would go on, if it lies in the user's scope (else ``None``: the
    caller says "not found or not yours" without telling which)."""
    key = as_id(pk)
    if key is None:
        return None
    return scoped(Address.objects.select_related("road"), user=user).filter(pk=key).first()


def address_doorplate(*, address: Address) -> Doorplate | None:
    """The plate on an address (active or removed), for the address pages."""
    return Doorplate.objects.filter(address=address).first()


@dataclass
class RegionCount:
    code: str
    name: str
    plates: int
    addresses: int | None = None

    @property
    def coverage(self) -> float | None:
        """Share of active addresses with an active plate, in percent."""
        if not self.addresses:
            return None
        return round(100 * self.plates / self.addresses, 1)


def _effective_level(user: User, level: str) -> Level:
    """``level`` as asked, but never above the user's own region: a village worker asking for
    counties gets their village, the only row they may see."""
    own = user_region(user=user)
    wanted = Level(level)
    if own is None:
        return wanted
    own_level = Level(own.level)
    return max(wanted, own_level, key=LEVEL_ORDER.index)


def _grouped(qs: QuerySet[Any], width: int) -> dict[str, int]:
    # One GROUP BY over the code prefix: a single pass over the region_code index, whatever the
    # number of regions, and the same SQL on SQLite and PostgreSQL.
    rows = qs.annotate(prefix=Substr("region_code", 1, width)).values("prefix").annotate(n=Count("id"))
    return {r["prefix"]: r["n"] for r in rows.order_by()}


def doorplate_counts(*, user: User, level: str, with_addresses: bool = False) -> tuple[Level, list[RegionCount]]:
    """Installed (active) plates per region at ``level`` inside the user's scope, every region
    listed even at zero. With ``with_addresses`` also the active addresses, for the coverage."""
    effective = _effective_level(user, level)
    width = PREFIX_LENGTH[effective]
    scope = scope_for(user)
    if scope.prefix is None:
        return effective, []

    def count_plates() -> dict[str, int]:
        return _grouped(scope.filter(Doorplate.objects.filter(status=Doorplate.Status.ACTIVE)), width)

    # Kept until a plate is installed or removed (``services_doorplates.plates_changed``), and a
    # minute at most: the city's count groups half a million plates, on every list page view.
    key = f"places:plate-counts:{plates_version()}:{scope.prefix}:{width}"
    plates = cast(dict[str, int], cache.get_or_set(key, count_plates, PLATE_COUNTS_SECONDS))
    addresses = (_grouped(scope.filter(Address.objects.filter(status=Address.Status.ACTIVE)), width)
                 if with_addresses else None)
    regions = region_list(user=user, level=effective.value).only("code", "name")
    out = []
    for region in regions:
        prefix = region.code[:width]
        out.append(RegionCount(code=region.code, name=region.name, plates=plates.get(prefix, 0),
                               addresses=addresses.get(prefix, 0) if addresses is not None else None))
    return effective, out


def child_level(user: User) -> Level:
    """The level one below the user's own: what the counts table on the list page shows."""
    own = user_region(user=user)
    return NEXT_LEVEL[Level(own.level)] if own is not None else Level.VILLAGE


def doorplate_region_choices(*, user: User) -> list[tuple[str, str]]:
    """Regions to filter the plate list by: the counties and townships (or villages) under the
    user's own region, as code prefixes."""
    own = user_region(user=user)
    if own is None:
        return []
    levels = {Level.CITY: (Level.COUNTY,), Level.COUNTY: (Level.TOWNSHIP,),
              Level.TOWNSHIP: (Level.VILLAGE,)}.get(Level(own.level), ())
    rows = region_list(user=user).filter(level__in=[lv.value for lv in levels]).only("code", "name", "level")
    return [(r.code[: PREFIX_LENGTH[Level(r.level)]], r.name) for r in rows]


def village_choices(*, user: User) -> list[tuple[str, str]]:
    """Villages and communities in the user's scope, for the bulk installation form."""
    own = user_region(user=user)
    own_full = own.full_name if own is not None and own.level != Level.VILLAGE else ""
    rows = region_list(user=user, level=Level.VILLAGE.value).only("code", "name", "full_name")
    out = []
    for r in rows:
        label = r.full_name[len(own_full):] if own_full and r.full_name.startswith(own_full) else r.full_name
        out.append((r.code, f"{label or r.name}（{r.code}）"))
    return out


def region_names(codes: Iterable[str]) -> dict[str, str]:
    """Names of regions by code (names of divisions are public: no scope needed)."""
    codes = set(codes)
    return dict(Region.objects.filter(code__in=codes).values_list("code", "full_name")) if codes else {}


# ---- bulk batches ---------------------------------------------------------------------------


def doorplate_batch_get(*, user: User, pk: Any) -> DoorplateBatch:
    try:
        key = pk if isinstance(pk, uuid.UUID) else uuid.UUID(str(pk))
    except ValueError as exc:
        raise Http404(messages.NOT_FOUND) from exc
    return get_in_scope(DoorplateBatch.objects.all(), user=user, pk=key)


def doorplate_batch_list(*, user: User) -> QuerySet[DoorplateBatch]:
    return scoped(DoorplateBatch.objects.all(), user=user).order_by("-created_at")


# ---- report queue ---------------------------------------------------------------------------


def plate_report_list(*, user: User, status: str = PlateReport.Status.OPEN, region: str = "") -> QuerySet[PlateReport]:
    """Reports in the user's scope: the township officer's queue is their township's, a village
    worker's their village's. Oldest first while open, so nothing waits at the bottom."""
    qs = scoped(PlateReport.objects.select_related("doorplate__address", "handled_by"), user=user)
    if status:
        qs = qs.filter(status=status)
    if region:
        qs = qs.filter(region_code__startswith=region)
    return qs.order_by("created_at", "id") if status == PlateReport.Status.OPEN else qs.order_by("-created_at", "-id")


def plate_report_get(*, user: User, pk: Any) -> PlateReport:
    if as_id(pk) is None:
        raise Http404(messages.NOT_FOUND)
    return get_in_scope(PlateReport.objects.select_related("doorplate__address"), user=user, pk=pk)


def open_report_count(*, user: User) -> int:
    return plate_report_list(user=user).count()


# ---- catalogue ------------------------------------------------------------------------------


def catalogue(*, include_inactive: bool = True) -> list[Department]:
    """Every department with its services (the catalogue is city-wide reference data, read by
    all staff; only the city administrator edits it)."""
    services = DoorplateService.objects.order_by("sort", "id")
    departments = Department.objects.order_by("sort", "id")
    if not include_inactive:
        services = services.filter(active=True)
        departments = departments.filter(active=True)
    return list(departments.prefetch_related(Prefetch("services", queryset=services)))


def department_get(*, pk: Any) -> Department:
    return _get_or_404(Department.objects.all(), pk)


def department_find(*, pk: Any) -> Department | None:
    """A department by key, or ``None`` (the service then says which field is wrong)."""
    return Department.objects.filter(pk=pk).first() if pk else None


def service_get(*, pk: Any) -> DoorplateService:
    return _get_or_404(DoorplateService.objects.select_related("department"), pk)


def department_choices(*, active_only: bool = True) -> list[tuple[int, str]]:
    qs = Department.objects.filter(active=True) if active_only else Department.objects.all()
    return list(qs.order_by("sort", "id").values_list("pk", "name"))


def catalogue_region_choices(*, user: User) -> list[tuple[str, str]]:
    """Regions a service may be scoped to: the city, counties and townships in the user's scope."""
    rows = region_list(user=user).exclude(level=Level.VILLAGE.value).only("code", "full_name", "name")
    return [(r.code, r.full_name or r.name) for r in rows]


def _get_or_404(qs: QuerySet[Any], pk: Any) -> Any:
    """Catalogue rows are city-wide reference data: no scope, but the same 404 answer."""
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(messages.NOT_FOUND) from exc


# ---- public ---------------------------------------------------------------------------------


def doorplate_public_get(*, token: str) -> Doorplate | None:
    """The active plate with this token, or ``None`` (unknown and removed look the same)."""
    if not token or len(token) > 64:
        return None
    return (Doorplate.objects.select_related("address", "address__road", "address__successor")
            .filter(token=token, status=Doorplate.Status.ACTIVE).first())


def ancestor_codes(region_code: str) -> list[str]:
    """The 12-digit codes of a region and every region above it: 330502003001 →
    330000000000, 330500000000, 330502000000, 330502003000, 330502003001."""
    out = []
    for lv in (Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE):
        code = region_code[: PREFIX_LENGTH[lv]].ljust(12, "0")
        if code not in out:
            out.append(code)
    return out


@dataclass
class DepartmentServices:
    department: Department
    services: list[DoorplateService] = field(default_factory=list)


def services_for_address(*, address: Address) -> list[DepartmentServices]:
    """The active services that apply to an address: those whose region is the address's
    village or any region above it, grouped by department in catalogue order. An exact match on
    five codes, so the index on region_code answers it."""
    rows = (DoorplateService.objects.select_related("department")
            .filter(active=True, department__active=True, region_code__in=ancestor_codes(address.region_code))
            .order_by("department__sort", "department_id", "sort", "id"))
    groups: dict[int, DepartmentServices] = {}
    for service in rows:
        groups.setdefault(service.department_id, DepartmentServices(department=service.department))
        groups[service.department_id].services.append(service)
    return list(groups.values())


# The public page caches its services section per village under this version; every catalogue
# write bumps it (``services_doorplates.catalogue_changed``), so an edit shows at once everywhere
# (given a cache shared by all processes, as production must configure: Redis or the database).
CATALOGUE_VERSION_KEY = "places:doorplate-catalogue:version"
SERVICES_CACHE_SECONDS = 24 * 3600  # long: an edit changes the version, so it never shows stale


PLATES_VERSION_KEY = "places:doorplates:version"
PLATE_COUNTS_SECONDS = 60


def plates_version() -> int:
    return int(cache.get_or_set(PLATES_VERSION_KEY, 1, timeout=None) or 1)


def catalogue_version() -> int:
    return int(cache.get_or_set(CATALOGUE_VERSION_KEY, 1, timeout=None) or 1)


def nearby_facilities(address: Address) -> list[NearbyGroup]:
    """Public places near an address (the nearest meal sites and community care centres), by
    whatever higher app registered a provider in ``doorplates.nearby``; nothing for an address
    without coordinates, or when none did (the page then leaves the section out)."""
    if address.lng is None or address.lat is None:
        return []
    return nearby_groups(lng=float(address.lng), lat=float(address.lat))


def is_valid_region_code(code: str) -> bool:
    try:
        level_of(code)
    except ValueError:
        return False
    return True
