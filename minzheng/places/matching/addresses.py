"""Step 3 of a match: the addresses on the roads found, scored against the numbers typed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from minzheng.places import codes
from minzheng.places.addresses.models import Address
from minzheng.places.matching.search import (
    ACTIVE,
    ADDRESS_COLUMNS,
    BATCH_KEYS,
    LEVEL_CONFLICT,
    LEVEL_EXTRA,
    LEVEL_MISSING,
    MAX_CODES,
    MAX_ROWS,
    NO_NUMBER,
    ROAD_ONLY,
    Reader,
    Search,
    code_tails,
    same,
    within,
)

# A scored address: (minus its score, code, id, full text, region code), so that sorting puts the
# best first and, between equals, the lowest code.
Scored = tuple[float, str, int, str, str]


def score_addresses(search: Search, limit: int) -> list[Scored]:
    """Every address found, scored, best first (``limit`` bounds only the roads' first addresses
    offered when no number fits). Address rows are ``ADDRESS_COLUMNS``, possibly with more
    columns after them, which are not read."""
    p, readings = search.parsed, search.readings
    road_ids = sorted(search.roads)
    rows: list[tuple[Any, ...]] = []
    first: list[tuple[Any, ...]] | None = None  # the roads' first addresses, when fetched on the way
    if p.number:
        if all(road_id in search.prefetched for road_id in road_ids):
            rows = [row for road_id in road_ids for row in search.prefetched[road_id]
                    if row[3].startswith(search.prefix)]
        else:
            rows = _by_code(search, road_ids, readings)
    if not rows and (p.number or p.building):
        if _narrows(readings) or not p.number:
            rows = _addresses(search, road_ids, readings, exact=True)
        if not rows and p.number:
            # The last try: with it come the roads' first addresses, to offer if it finds nothing.
            rows, first = _addresses_or_first(search, road_ids, readings, limit)
    scored: dict[int, Scored] = {}
    constraints, roads, penalty = search.constraints, search.roads, search.penalty
    for row in rows:
        if constraints and not within(row[3], constraints):
            continue
        score = None
        for reading in readings:
            s = _score_row(row, reading)
            if s is not None and (score is None or s > score):
                score = s
        if score is not None:
            scored[row[0]] = (-round(roads[row[4]][0] - penalty + score - 1, 4), row[1], row[0], row[2], row[3])
    if not scored:
        search.number_missing = bool(p.number)
        # Only the road is known: offer its first addresses, below any threshold.
        if first is None:
            first = _addresses(search, road_ids, [], exact=False, limit=limit)
        for row in first:
            if within(row[3], constraints):
                scored[row[0]] = (-round((roads[row[4]][0] - penalty) * ROAD_ONLY, 4), row[1], row[0], row[2], row[3])
    # All of them: the caller shows ``limit``, and counts every address that ties for first.
    return sorted(scored.values())


def _narrows(readings: list[tuple[str, str, str, str]]) -> bool:
    """The exact query says more than the doorplate number: one reading, with a building,
    unit or room."""
    return len(readings) == 1 and any(readings[0][1:])


def _score_row(row: Sequence[Any], reading: tuple[str, str, str, str]) -> float | None:
    """1 for an address that agrees with every level the text names and has no others."""
    number, building, unit, room = reading
    if number:
        if row[5] != number:
            return None
        score = 1.0
    elif not building or not same(row[6], building):
        return None
    else:
        score = 1.0 - NO_NUMBER
    for typed, have in ((building, row[6]), (unit, row[7]), (room, row[8])):
        if typed and have:
            if typed != have and typed.lstrip("0") != have.lstrip("0"):  # not the same number (same())
                score -= LEVEL_CONFLICT
        elif typed:
            score -= LEVEL_EXTRA
        elif have:
            score -= LEVEL_MISSING
    return score


def _by_code(search: Search, road_ids: list[int], readings: list[tuple[str, str, str, str]]) -> list[tuple[Any, ...]]:
    """The addresses that are exactly what the text says, found by their codes (one probe of the
    unique index each), when every candidate road belongs to a village: then region + road +
    number + building + unit + room is the whole code. Empty when that cannot be used."""
    wanted = []
    for road_id in road_ids:
        road_code, area = search.road_codes.get(road_id, ""), search.roads[road_id][1]
        if len(area) != 12 or not road_code.startswith(area):
            return []  # a township's road: its addresses' codes begin with their own village
        for number, building, unit, room in readings:
            try:
                wanted.append(codes.address_code(region_code=area, road_code=road_code, number=number,
                                                 building=building, unit=unit, room=room))
            except codes.CodeError:
                continue
    if not wanted or len(wanted) > MAX_CODES:
        return []
    where, params = search.db.one_of("code", wanted)
    sql = f"SELECT {ADDRESS_COLUMNS} FROM {Address._meta.db_table} WHERE {where}"
    return [row for row in search.db.fetch(sql, params) if row[9] == ACTIVE and row[3].startswith(search.prefix)]


def prefetch_by_code(db: Reader, searches: list[Search]) -> None:
    """For a batch: the addresses each text gives in full, found by code in one query for all,
    kept as each search's ``prefetched`` (roads of townships are left to ``_by_code``)."""
    wanted: dict[str, list[Search]] = {}
    for search in searches:
        tails = code_tails(search.readings)
        for road_id, (_, area) in search.roads.items():
            road_code = search.road_codes.get(road_id, "")
            if len(area) == 12 and road_code.startswith(area):
                search.prefetched[road_id] = []
                for tail in tails:
                    wanted.setdefault(road_code + tail, []).append(search)
    ordered = sorted(wanted)
    for i in range(0, len(ordered), BATCH_KEYS):
        chunk = ordered[i:i + BATCH_KEYS]
        where, params = db.one_of("code", chunk)
        sql = f"SELECT {ADDRESS_COLUMNS} FROM {Address._meta.db_table} WHERE {where}"
        for row in db.fetch(sql, params):
            if row[-1] == ACTIVE:
                for search in wanted[row[1]]:
                    search.prefetched[row[4]].append(row[:-1])


def _addresses(search: Search, road_ids: list[int], readings: list[tuple[str, str, str, str]], *, exact: bool,
               limit: int = MAX_ROWS) -> list[tuple[Any, ...]]:
    """Active addresses on these roads: with the doorplate numbers of the readings (and, when
    ``exact`` and there is one reading, its building, unit and room too); by building when the
    text has no number; any, when there are no readings.

    The conditions are chosen so that both databases use the (road_id, number) index: no OR,
    and no status or ORDER BY code, which SQLite would rather answer with their own indexes by
    walking the whole table. Retired rows are dropped in Python.
    """
    sql, params = _address_query(search, road_ids, readings, exact=exact, limit=limit)
    return [row for row in search.db.fetch(sql, params) if row[9] == ACTIVE]


def _addresses_or_first(search: Search, road_ids: list[int], readings: list[tuple[str, str, str, str]],
                        limit: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """``_addresses`` with the numbers only, and the roads' first ``limit`` addresses (what is
    offered when no number fits), in one round trip."""
    numbered, params = _address_query(search, road_ids, readings, exact=False, limit=MAX_ROWS, tag=0)
    first, more = _address_query(search, road_ids, [], exact=False, limit=limit, tag=1)
    rows = search.db.fetch(f"SELECT * FROM ({numbered}) n UNION ALL SELECT * FROM ({first}) f", params + more)
    found = [row for row in rows if row[10] == 0 and row[9] == ACTIVE]
    return found, [row for row in rows if row[10] == 1 and row[9] == ACTIVE]


def _address_query(search: Search, road_ids: list[int], readings: list[tuple[str, str, str, str]], *, exact: bool,
                   limit: int, tag: int | None = None) -> tuple[str, list[Any]]:
    on_roads, params = search.db.one_of("road_id", road_ids)
    where = [on_roads]
    numbers = sorted({reading[0] for reading in readings if reading[0]})
    if numbers:
        with_numbers, number_params = search.db.one_of("number", numbers)
        where.append(with_numbers)
        params.extend(number_params)
    if readings and exact and (len(readings) == 1 or not numbers):
        _, building, unit, room = readings[0]
        for column, value in (("building", building), ("unit", unit), ("room", room)):
            if value:
                where.append(f"{column} = %s")
                params.append(value)
    if search.prefix:
        where.append("region_code LIKE %s")
        params.append(search.prefix + "%")
    order = "" if readings else " ORDER BY road_id, number"
    columns = ADDRESS_COLUMNS if tag is None else f"{ADDRESS_COLUMNS}, {int(tag)} AS part"
    sql = (f"SELECT {columns} FROM {Address._meta.db_table} WHERE {' AND '.join(where)}{order} "
           f"LIMIT {int(limit)}")
    return sql, params
