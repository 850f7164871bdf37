"""Reads on place names. Every staff read goes through the scope helper; the heritage list is
public and carries no personal data at all.

Counting (for the annual report): a road or bridge counts as *named* in the year its county
approval was given, once approved or published; signage products, culture routes and culture
halls count as the ``PlaceNameWork`` records of their year. All counts are SQL aggregates.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404

from minzheng.core import messages as core_messages
from minzheng.core.models import AuditEntry, Region, User
from minzheng.core.regions import Level
from minzheng.core.scope import Scope, get_in_scope, scope_for, scoped
from minzheng.core.selectors import region_list
from minzheng.places.names.models import HeritageBatch, HeritageEntry, NamingProposal, PlaceNameWork

NAMED = (NamingProposal.Status.APPROVED, NamingProposal.Status.PUBLISHED)
# Which statuses wait for whom: the township reviews what was submitted, the county decides
# what the township passed and publishes what it approved.
TOWNSHIP_QUEUE = (NamingProposal.Status.SUBMITTED,)
COUNTY_QUEUE = (NamingProposal.Status.TOWNSHIP_APPROVED, NamingProposal.Status.APPROVED)


def _visible(scope: Scope) -> Q:
    """A proposal belongs to its township and, when it names one, to its village."""
    if scope.prefix is None:
        return Q(pk__in=[])
    return scope.as_q(field="region_code") | scope.as_q(field="village_code")


def proposal_list(*, user: User, status: str = "", kind: str = "", q: str = "", township: str = "",
                  year: int | None = None) -> QuerySet[NamingProposal]:
    """Proposals in the user's scope, newest first. ``township`` is a code or code prefix."""
    qs = NamingProposal.objects.filter(_visible(scope_for(user)))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(name__contains=q.strip())
    if township:
        qs = qs.filter(region_code__startswith=township.strip())
    if year:
        qs = qs.filter(created_at__year=year)
    return qs.select_related("proposed_by").order_by("-created_at", "-id")


def proposal_queue(*, user: User) -> QuerySet[NamingProposal]:
    """Proposals waiting for this user's action: township review for township officers,
    county approval and publication for county officers and the city administrator. A village
    worker acts on nothing; their queue is empty."""
    scope = scope_for(user)
    if scope.prefix is None or len(scope.prefix) == 12 or not user.has_perm("places.manage_place_names"):
        return NamingProposal.objects.none()
    statuses = TOWNSHIP_QUEUE if len(scope.prefix) > 6 else COUNTY_QUEUE
    return (scoped(NamingProposal.objects.filter(status__in=statuses), user=user)
            .select_related("proposed_by").order_by("created_at", "id"))


def proposal_get(*, user: User, pk: int) -> NamingProposal:
    """One proposal, or 404 when it is missing or outside the user's scope."""
    row = (NamingProposal.objects.filter(_visible(scope_for(user)))
           .select_related("proposed_by", "reviewed_by", "approved_by", "road").filter(pk=pk).first())
    if row is None:
        raise Http404(core_messages.NOT_FOUND)
    return row


def proposal_history(*, proposal: NamingProposal) -> QuerySet[AuditEntry]:
    """The proposal's audit entries, oldest first: who proposed, reviewed, approved, published.
    The caller has already read the proposal through the scope."""
    return (AuditEntry.objects.filter(object_type=NamingProposal._meta.label_lower, object_id=str(proposal.pk))
            .order_by("at", "id"))


def named_per_year(*, user: User, year: int | None = None) -> list[dict[str, int]]:
    """Roads and bridges named, by year of approval: ``[{"year", "roads", "bridges", "total"}]``,
    oldest year first. One grouped query."""
    qs = NamingProposal.objects.filter(_visible(scope_for(user)), status__in=NAMED, approved_at__isnull=False)
    if year is not None:
        qs = qs.filter(approved_at__year=year)
    rows = qs.annotate(y=ExtractYear("approved_at")).values("y", "kind").annotate(n=Count("id")).order_by()
    out: dict[int, dict[str, int]] = {}
    for row in rows:
        entry = out.setdefault(row["y"], {"year": row["y"], "roads": 0, "bridges": 0, "total": 0})
        entry["roads" if row["kind"] == NamingProposal.Kind.ROAD else "bridges"] += row["n"]
        entry["total"] += row["n"]
    return [out[y] for y in sorted(out)]


def place_name_counts(*, user: User, year: int) -> dict[str, int]:
    """The year's place-name figures in the user's scope, as the annual report names them:
    ``rural_roads_named`` (roads and bridges, 条/座), ``signage_products``, ``culture_routes``,
    ``culture_halls``."""
    named = NamingProposal.objects.filter(_visible(scope_for(user)), status__in=NAMED,
                                          approved_at__year=year).count()
    work = dict(scoped(PlaceNameWork.objects.filter(year=year), user=user)
                .values_list("kind").annotate(n=Count("id")).order_by())
    return {
        "rural_roads_named": named,
        "signage_products": work.get(PlaceNameWork.Kind.SIGNAGE_PRODUCT, 0),
        "culture_routes": work.get(PlaceNameWork.Kind.CULTURE_ROUTE, 0),
        "culture_halls": work.get(PlaceNameWork.Kind.CULTURE_HALL, 0),
    }


def place_name_work_list(*, user: User, year: int | None = None, kind: str = "") -> QuerySet[PlaceNameWork]:
    qs = scoped(PlaceNameWork.objects.all(), user=user)
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-year", "kind", "region_code", "id")


# ---- heritage ----------------------------------------------------------------------------------

def heritage_public() -> list[HeritageBatch]:
    """Every batch with its entries, for the public list: two queries, no personal data (the
    heritage tables hold none)."""
    entries = HeritageEntry.objects.order_by("id")
    return list(HeritageBatch.objects.prefetch_related(Prefetch("entries", queryset=entries))
                .order_by("published_on", "id"))


def heritage_batch_list() -> QuerySet[HeritageBatch]:
    return HeritageBatch.objects.annotate(entry_count=Count("entries")).order_by("published_on", "id")


def heritage_batch_get(*, pk: int) -> HeritageBatch:
    row = HeritageBatch.objects.filter(pk=pk).first()
    if row is None:
        raise Http404(core_messages.NOT_FOUND)
    return row


def heritage_entry_list(*, user: User, batch: int | None = None, q: str = "") -> QuerySet[HeritageEntry]:
    qs = scoped(HeritageEntry.objects.select_related("batch"), user=user)
    if batch:
        qs = qs.filter(batch_id=batch)
    if q:
        qs = qs.filter(name__contains=q.strip())
    return qs.order_by("batch__published_on", "id")


def heritage_entry_get(*, user: User, pk: int) -> HeritageEntry:
    return get_in_scope(HeritageEntry.objects.select_related("batch"), user=user, pk=pk)


# ---- regions for the forms ---------------------------------------------------------------------

def naming_location_choices(*, user: User) -> list[tuple[str, str]]:
    """Townships and villages a proposal may be filed under, in code order: each township,
    then its villages indented. A village worker sees only their own village."""
    rows = region_list(user=user).filter(level__in=[Level.TOWNSHIP, Level.VILLAGE]).only("code", "name", "level")
    out = []
    for region in rows:
        label = region.name if region.level == Level.TOWNSHIP else f"　{region.name}"
        out.append((region.code, f"{label}（{region.code}）"))
    return out


def region_names(codes: set[str]) -> dict[str, str]:
    """Names of the given regions, for labels. Region names are public reference data."""
    return dict(Region.objects.filter(code__in=codes).values_list("code", "full_name")) if codes else {}


def region_choices(*, user: User, levels: tuple[str, ...] = (Level.CITY, Level.COUNTY, Level.TOWNSHIP)) -> list[
        tuple[str, str]]:
    rows = region_list(user=user).filter(level__in=list(levels)).only("code", "name", "level")
    return [(r.code, f"{r.name}（{r.code}）") for r in rows]


def with_region_names(rows: Any, *fields: str) -> list[Any]:
    """Give each row ``<field>_name`` for each of ``fields`` (one query for the page)."""
    rows = list(rows)
    wanted = {getattr(r, f) for r in rows for f in fields if getattr(r, f, "")}
    names = region_names(wanted)
    for row in rows:
        for f in fields:
            setattr(row, f"{f}_name", names.get(getattr(row, f, ""), ""))
    return rows
