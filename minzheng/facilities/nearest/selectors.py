"""The nearest open public facilities of a kind to a point: what a resident finds on a phone.

Public reads: no user, no scope, and only what anybody may see (open, public sites with
coordinates; no operator, phone or capacity).

How it stays fast without a cache: the candidates come from the partial index
``facility_nearest`` (kind, lat, lng over open public sites), inside a box around the point.
The box starts at a few kilometres and grows until it holds ``limit`` sites within its radius; a
site outside the box is farther than the radius, so those are the true nearest. Usually one
query answers. Nothing is kept between requests, so a write shows at once in every process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet

from minzheng.core import geo
from minzheng.facilities.nearest.geometry import Box, Candidate, Hit, box_around, nearest
from minzheng.facilities.sites.models import Facility
from minzheng.places.addresses.models import Address

# Search radii in metres, tried in turn. Huzhou's 1,094 meal sites over some 5,800 km² are one
# per 5 km²: a 6 km box holds about 25, so the 5 nearest nearly always come from the first read;
# after the last radius, every site of the kind is a candidate.
RADII_M = (6_000, 24_000, 96_000)
# The box is widened by a metre: its bounds are compared as 7-decimal numbers, which may round
# a hair inwards.
BOX_MARGIN_M = 1.0
LIMIT_MAX = 20


@dataclass(frozen=True)
class NearestResult:
    """One site found, with its distance from the asked point and its place in WGS-84."""

    id: int
    name: str
    kind: str
    kind_display: str
    address: str
    distance_m: int
    opening_hours: str
    lng: float
    lat: float
    links: dict[str, str] = field(default_factory=dict)

    def point_in(self, system: geo.System) -> tuple[float, float]:
        """The site's coordinates in ``system`` (for a map drawn in GCJ-02 or BD-09)."""
        return geo.convert(self.lng, self.lat, source=geo.System.WGS84, target=system)


def public_open() -> QuerySet[Facility]:
    """The sites the public may find: open, public, with coordinates (the partial index's rows)."""
    return Facility.objects.filter(status=Facility.Status.OPEN, public=True, lat__isnull=False, lng__isnull=False)


# What a result shows, read with the candidates: one query answers a search. A box holds some
# tens of sites, so carrying their names costs less than a second round trip for the winners.
Row = tuple[int, str, Decimal, Decimal, str, str, str | None, str]


def _sql(kinds: int, box: bool) -> str:
    """The search's one statement, written out: on this path the ORM's building of the query
    costs more than the indexed read itself. Its conditions repeat the partial index's own
    (``facility_nearest``) word for word, which SQLite needs before it will use that index."""
    facility, address = Facility._meta.db_table, Address._meta.db_table
    where = ['"lat" IS NOT NULL', '"lng" IS NOT NULL', '"public"', '"status" = \'open\'',
             '"kind" IN (' + ", ".join(["%s"] * kinds) + ")"]
    if box:
        where += ['"lat" >= %s', '"lat" <= %s', '"lng" >= %s', '"lng" <= %s']
    return (f'SELECT f."id", f."kind", f."lng", f."lat", f."name", f."address_text", a."full_text", '
            f'f."opening_hours" FROM "{facility}" f LEFT JOIN "{address}" a ON a."id" = f."address_id" '
            f"WHERE {' AND '.join('f.' + w for w in where)}")


def _read(kinds: Sequence[str], box: Box | None) -> dict[int, Row]:
    params: list[str | Decimal] = list(kinds)
    if box is not None:
        # Decimals like the columns', so that PostgreSQL compares numeric with numeric (and uses
        # the index) rather than casting every row to a float.
        params += [_seven(box.min_lat), _seven(box.max_lat), _seven(box.min_lng), _seven(box.max_lng)]
    with connection.cursor() as cursor:
        cursor.execute(_sql(len(kinds), box is not None), params)
        return {row[0]: row for row in cursor.fetchall()}


def _seven(value: float) -> Decimal:
    return Decimal(f"{value:.7f}")


def _candidates(rows: dict[int, Row], kind: str | None = None) -> list[Candidate]:
    return [Candidate(pk, float(row[2]), float(row[3])) for pk, row in rows.items() if kind is None or row[1] == kind]


def _box(lng: float, lat: float, radius_m: float) -> Box:
    return box_around(lng, lat, radius_m + BOX_MARGIN_M)


def _search(kinds: Sequence[str], lng: float, lat: float, limit: int,
            within_m: float | None) -> tuple[list[Hit], dict[int, Row]]:
    for step in RADII_M:
        radius = float(step) if within_m is None else min(float(step), within_m)
        rows = _read(kinds, _box(lng, lat, radius))
        hits = nearest(_candidates(rows), lng=lng, lat=lat, limit=limit, within_m=radius)
        if len(hits) >= limit or radius == within_m:
            return hits, rows
    rows = _read(kinds, None)
    return nearest(_candidates(rows), lng=lng, lat=lat, limit=limit, within_m=within_m), rows


def facilities_nearest(*, kinds: Sequence[str], lng: float, lat: float, coord: geo.System = geo.System.WGS84,
                       limit: int = 5, within_m: float | None = None) -> list[NearestResult]:
    """The ``limit`` open public facilities of ``kinds`` nearest the point (lng, lat) given in
    ``coord``, nearest first, with their great-circle distance in whole metres (measured in
    WGS-84 after converting the point) and navigation links for Amap, Baidu and Tencent, each in
    its own coordinate system. With ``within_m``, none farther than that."""
    if not kinds or limit < 1:
        return []
    wlng, wlat = geo.convert(lng, lat, source=coord, target=geo.System.WGS84)
    hits, rows = _search(kinds, wlng, wlat, min(limit, LIMIT_MAX), within_m)
    return [_result(hit, rows[hit.key]) for hit in hits]


def facilities_nearest_each(*, kinds: Sequence[str], lng: float, lat: float, limit: int,
                            within_m: float) -> dict[str, list[NearestResult]]:
    """For a WGS-84 point, per kind the ``limit`` nearest open public facilities within
    ``within_m``: one query for every kind at once. What a page listing several kinds needs."""
    rows = _read(kinds, _box(lng, lat, within_m))
    return {kind: [_result(hit, rows[hit.key]) for hit in
                   nearest(_candidates(rows, kind), lng=lng, lat=lat, limit=limit, within_m=within_m)]
            for kind in kinds}


def _result(hit: Hit, row: Row) -> NearestResult:
    pk, kind, x, y, name, address_text, standard_text, hours = row
    return NearestResult(
        id=pk, name=name, kind=kind, kind_display=str(KIND_LABELS.get(kind, kind)),
        # The standard address as it reads today (a renamed region renames it), else the typed one.
        address=standard_text or address_text, distance_m=round(hit.distance_m), opening_hours=hours,
        lng=float(x), lat=float(y), links=geo.map_links(float(x), float(y), name))


KIND_LABELS = dict(Facility.Kind.choices)
