"""Reads on roads, standard addresses, their residents, imports and data quality. Every one goes
through the jurisdiction scope (``minzheng.core.scope``): a record outside it is 404."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from minzheng.core import messages as core_messages
from minzheng.core.models import ImportJob, Region, User
from minzheng.core.regions import Level, scope_prefix
from minzheng.core.scope import get_in_scope, scope_for, scoped
from minzheng.people.models import Household, Person
from minzheng.places import codes
from minzheng.places.addresses import quality
from minzheng.places.addresses.models import Address, QualityIssue, QualityRun, Road

IMPORT_KIND = "addresses"
PK_MAX = 2**63 - 1


def _pk(value: Any) -> int:
    """A primary key from a path or a body, or 404: a number too big for the column would make
    SQLite raise OverflowError instead of finding nothing."""
    try:
        pk = int(str(value).strip())
    except (TypeError, ValueError) as exc:
        raise Http404(core_messages.NOT_FOUND) from exc
    if not 0 < pk <= PK_MAX:
        raise Http404(core_messages.NOT_FOUND)
    return pk


def _road_visibility(user: User) -> Q:
    """The roads a user may see: those in their scope, and for a village worker also the
    township-level roads that their village's addresses use."""
    scope = scope_for(user)
    q = scope.as_q()
    if scope.prefix is not None and len(scope.prefix) == 12:
        q |= Q(region_code=scope.prefix[:9] + "000")
    return q


def road_list(*, user: User, region_code: str = "", q: str = "") -> QuerySet[Road]:
    """Roads and compounds the user may see. ``region_code`` is a prefix; for a village code
    the township's own roads are included, because that village's addresses use them too."""
    qs = Road.objects.filter(_road_visibility(user))
    region_code = (region_code or "").strip()
    if region_code:
        prefix = _prefix(region_code)
        if len(prefix) == 12:
            qs = qs.filter(Q(region_code=prefix) | Q(region_code=prefix[:9] + "000"))
        else:
            qs = qs.filter(region_code__startswith=prefix)
    q = (q or "").strip()
    if q:
        # Aliases are a JSON list; a text search over its serialised form finds 红旗 in ["红旗"]
        # on both SQLite and PostgreSQL without a JSON operator that only one of them has.
        qs = qs.filter(Q(name__contains=q) | Q(aliases__icontains=q))
    return qs.order_by("code")


def road_get(*, user: User, pk: Any) -> Road:
    try:
        return Road.objects.filter(_road_visibility(user)).get(pk=_pk(pk))
    except (Road.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(core_messages.NOT_FOUND) from exc


def address_list(
    *,
    user: User,
    q: str = "",
    region_code: str = "",
    road_id: int | None = None,
    status: str = "",
) -> QuerySet[Address]:
    """Standard addresses in the user's scope, in code order (which is place order). ``q`` is a
    code prefix when it is all digits, otherwise a piece of the standard text; for messy text
    use the matcher instead."""
    scope = scope_for(user)
    # The same range on the code too (it begins with the region code): then the code index, which
    # gives the order, starts at the scope instead of walking the city's codes before it.
    qs = scope.filter(scope.filter(Address.objects.select_related("road")), field="code")
    region_code = (region_code or "").strip()
    if region_code:
        prefix = _prefix(region_code)
        qs = qs.filter(region_code__startswith=prefix, code__startswith=prefix)
    if road_id:
        qs = qs.filter(road_id=road_id)
    if status:
        qs = qs.filter(status=status)
    q = (q or "").strip()
    if q:
        qs = qs.filter(code__startswith=q) if q.isdigit() else qs.filter(full_text__contains=q)
    return qs.order_by("code")


def address_standard_texts(*, addresses: list[Address]) -> dict[int, str]:
    """The standard text of each address (by id), made from its region's full name, its road and
    its numbers, whatever the stored text says: a list reads the same on every row even where a
    legacy text left levels out (the quality report lists those). One query for the regions;
    the roads must already be loaded (``select_related``)."""
    names = dict(Region.objects.filter(code__in={a.region_code for a in addresses}).values_list("code", "full_name"))
    return {a.pk: codes.full_text(region_full_name=names.get(a.region_code, ""), road_name=a.road.name,
                                  number=a.number, building=a.building, unit=a.unit, room=a.room)
            for a in addresses}


def _prefix(region_code: str) -> str:
    """A filter value as a prefix: a 12-digit code stands for its region (330502000000 is all
    of 吴兴区); anything shorter is a prefix already."""
    if len(region_code) == 12 and region_code.isdigit():
        try:
            return scope_prefix(region_code)
        except ValueError:
            return region_code
    return region_code


def address_get(*, user: User, pk: Any = None, code: str | None = None) -> Address:
    """One address in the user's scope by id or by code; 404 when missing or elsewhere."""
    lookup = {"pk": _pk(pk)} if pk is not None else {"code": code}
    if pk is None and not code:
        raise Http404(core_messages.NOT_FOUND)
    return get_in_scope(Address.objects.select_related("road", "successor"), user=user, **lookup)


def address_region(*, address: Address) -> Region | None:
    return Region.objects.filter(code=address.region_code).first()


def address_doorplate(*, address: Address) -> Any:
    """The plate on an address the caller already holds (so already scoped), or None. Read
    through the relation, because doorplates build on addresses and not the other way round."""
    try:
        return address.doorplate
    except ObjectDoesNotExist:
        return None


def address_predecessors(*, user: User, address: Address) -> QuerySet[Address]:
    """The retired addresses that point to this one, inside the user's scope."""
    return scoped(Address.objects.filter(successor=address), user=user).order_by("code")


def people_at_address(*, user: User, address: Address | int | str) -> QuerySet[Person]:
    """The residents linked to a standard address, as the user may see them: only people in the
    user's scope, and callers show the masked fields only. ``address`` is an Address, its id or
    its code. The people app cannot import places (dependencies point one way), so the registry
    search by address lives here."""
    if isinstance(address, Address):
        condition = Q(standard_address__address=address)
    elif isinstance(address, str) and len(address) > 20:
        condition = Q(standard_address__address__code=address)
    else:
        condition = Q(standard_address__address_id=_pk(address))
    return scoped(Person.objects.filter(condition), user=user).select_related("standard_address").order_by(
        "region_code", "id")


def households_at_address(*, user: User, address: Address) -> QuerySet[Household]:
    return scoped(Household.objects.filter(standard_address__address=address), user=user).select_related(
        "head").order_by("id")


def people_at_address_text(*, user: User, q: str) -> QuerySet[Person]:
    """Residents whose linked standard address contains ``q`` (a road, a compound, a number):
    the registry search's address filter."""
    q = (q or "").strip()
    qs = scoped(Person.objects.all(), user=user)
    if not q:
        return qs.none()
    if q.isdigit() and len(q) > 12:
        return qs.filter(standard_address__address__code__startswith=q)
    return qs.filter(standard_address__address__full_text__contains=q)


# Imports ----------------------------------------------------------------------------------------


def _import_jobs(user: User) -> QuerySet[ImportJob]:
    """Address import jobs the user may see: their own, and those uploaded by staff inside their
    scope. The encrypted file never leaves the database through here."""
    scope = scope_for(user)
    if scope.is_empty:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(scope.as_q() | Q(created_by=user), kind=IMPORT_KIND).select_related(
        "created_by").defer("file_cipher")


def address_import_list(*, user: User) -> QuerySet[ImportJob]:
    return _import_jobs(user).defer("file_cipher", "errors").order_by("-created_at")


def address_import_get(*, user: User, pk: Any, with_errors: bool = False) -> ImportJob:
    """One job, 404 when missing or elsewhere; its per-row errors only when asked for."""
    jobs = _import_jobs(user) if with_errors else _import_jobs(user).defer("file_cipher", "errors")
    try:
        return jobs.get(pk=pk)
    except (ImportJob.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404(core_messages.NOT_FOUND) from exc


# Data quality -------------------------------------------------------------------------------


def _county_codes_visible(user: User) -> list[str]:
    """The counties whose quality score the user sees: every county in a city-wide scope, the
    user's own county otherwise (a township officer sees their county's score, and the bad rows
    of their own township only)."""
    scope = scope_for(user)
    if scope.prefix is None:
        return []
    if len(scope.prefix) <= 4:
        return list(Region.objects.filter(scope.as_q(field="code"), level=Level.COUNTY).values_list("code", flat=True))
    return [scope.prefix[:6] + "000000"]


def quality_latest_runs(*, user: User) -> list[QualityRun]:
    """The latest finished run of each county the user sees, in code order."""
    out = []
    for code in sorted(_county_codes_visible(user)):
        run = QualityRun.objects.filter(region_code=code, finished_at__isnull=False).order_by("-started_at").first()
        if run is not None:
            out.append(run)
    return out


def quality_run_get(*, user: User, pk: Any) -> QualityRun:
    try:
        return QualityRun.objects.filter(region_code__in=_county_codes_visible(user)).get(pk=_pk(pk))
    except (QualityRun.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(core_messages.NOT_FOUND) from exc


@dataclass(frozen=True)
class QualitySummary:
    """A run's figures as one user may see them. ``whole_county`` says whether they are the
    county's own; otherwise they are counted inside the user's narrower scope."""

    run: QualityRun
    whole_county: bool
    total: int
    bad: int
    score: Decimal
    counts: dict[str, int]


def quality_summary(*, user: User, run: QualityRun) -> QualitySummary:
    """The run's totals for ``user``: the county's own when the user's scope covers the county,
    otherwise the addresses active in the user's scope now and the run's issues among them, so
    that a township or a village sees its own score and nothing of its neighbours'."""
    if scope_for(user).contains(run.region_code):
        return QualitySummary(run=run, whole_county=True, total=run.total, bad=run.bad, score=run.score,
                              counts=dict(run.counts))
    counts = quality_issue_counts(user=user, run=run)
    bad = scoped(QualityIssue.objects.filter(run=run), user=user).values("address_id").distinct().count()
    total = scoped(Address.objects.filter(status=Address.Status.ACTIVE), user=user).count()
    return QualitySummary(run=run, whole_county=False, total=total, bad=bad,
                          score=quality.score(total=total, bad=bad), counts=counts)


def quality_summaries(*, user: User) -> list[QualitySummary]:
    """``quality_summary`` of the latest run of each county the user sees."""
    return [quality_summary(user=user, run=run) for run in quality_latest_runs(user=user)]


def quality_issue_list(*, user: User, run: QualityRun, kind: str = "") -> QuerySet[QualityIssue]:
    """The bad rows of a run, cut to the user's own scope."""
    qs = scoped(QualityIssue.objects.filter(run=run), user=user).select_related("address")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "address__code")


def quality_issue_counts(*, user: User, run: QualityRun) -> dict[str, int]:
    """Issues of a run by kind, inside the user's scope (the run's own counts are county-wide)."""
    rows = scoped(QualityIssue.objects.filter(run=run), user=user).values("kind").annotate(n=Count("id"))
    return {row["kind"]: row["n"] for row in rows}


def county_regions(*, user: User) -> QuerySet[Region]:
    """Counties the user may run the quality check for."""
    return Region.objects.filter(code__in=_county_codes_visible(user)).order_by("code")
