"""The demo city, or a few of its villages, for the matcher's tests and its benchmark.

``build_villages`` writes the roads and addresses that the full demo city (``minzheng demo``)
has for the villages asked, and no others: the demo builder makes a village's rows from (seed,
scale, the village and its naming scope) alone. ``self_match_failures`` is the first promise of
the matcher: every active address whose standard text is unique matches itself, as ``best``, at
score 1.0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from django.db import connection

from minzheng.core.models import Region
from minzheng.core.regions import Level
from minzheng.core.services import regions_load_divisions
from minzheng.core.synthetic.regions import Village, villages_at_scale
from minzheng.places import codes
from minzheng.places.addresses.demo import build_places
from minzheng.places.matching import match_addresses
from minzheng.places.models import Address, Road

SEED = 1  # the demo's default seed
SCALE = 1.0
BATCH = 500


def layout(scale: float = SCALE) -> dict[str, Village]:
    """Every village of the demo city at this scale, by code (the divisions must be loaded)."""
    return {v.code: v for t in Region.objects.filter(level=Level.TOWNSHIP).order_by("code")
            for v in villages_at_scale(t.code, t.kind, scale)}


def build_villages(codes_: Iterable[str], *, seed: int = SEED, scale: float = SCALE) -> dict[str, int]:
    """The divisions, these demo villages as regions, and their roads and addresses (with the
    matcher's keys) as the demo city of (seed, scale) has them."""
    if not Region.objects.filter(level=Level.TOWNSHIP).exists():
        regions_load_divisions()
    every = layout(scale)
    wanted = [every[code] for code in sorted(set(codes_))]
    townships = {r.code: r for r in Region.objects.filter(code__in={v.code[:9] + "000" for v in wanted})}
    Region.objects.bulk_create(
        [Region(code=v.code, name=v.name, level=Level.VILLAGE, kind=v.kind, parent=townships[v.code[:9] + "000"],
                full_name=townships[v.code[:9] + "000"].full_name + v.name) for v in wanted],
        update_conflicts=True, unique_fields=["code"], update_fields=["name", "level", "kind", "parent", "full_name"])
    return build_places(villages=wanted, scale=scale, seed=seed)


def standard_addresses(prefix: str = "") -> list[tuple[str, str]]:
    """(code, text) of every active address (inside ``prefix``) whose text is its standard text (region, road,
    number, building, unit, room) and no other active address's: the planted non-standard texts
    and legacy duplicates of the quality report are left out."""
    address, road, region = Address._meta.db_table, Road._meta.db_table, Region._meta.db_table
    sql = (f"SELECT a.code, a.full_text, g.full_name, r.name, a.number, a.building, a.unit, a.room "
           f"FROM {address} a JOIN {road} r ON r.id = a.road_id JOIN {region} g ON g.code = a.region_code "
           f"WHERE a.status = %s AND a.region_code LIKE %s")
    rows: list[tuple[str, str]] = []
    seen: Counter[str] = Counter()  # standard texts, also of the rows stored otherwise
    with connection.cursor() as cursor:
        cursor.execute(sql, [Address.Status.ACTIVE, prefix + "%"])
        while chunk := cursor.fetchmany(10_000):
            for code, text, region_name, road_name, number, building, unit, room in chunk:
                standard = codes.full_text(region_full_name=region_name, road_name=road_name, number=number,
                                           building=building, unit=unit, room=room)
                seen[standard] += 1
                if text == standard:
                    rows.append((code, text))
    return [(code, text) for code, text in rows if seen[text] == 1]


def self_match_failures(addresses: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (text, what came back) of the addresses that do not match themselves at 1.0, matched
    in batches (``match_addresses``, as bulk linking calls it)."""
    failures = []
    for i in range(0, len(addresses), BATCH):
        chunk = addresses[i:i + BATCH]
        for (code, text), result in zip(chunk, match_addresses([text for _, text in chunk]), strict=True):
            best = result.best
            if best is None or best.code != code or best.score != 1.0:
                failures.append((text, f"{best.full_text} ({best.score})" if best else "no best"))
    return failures
