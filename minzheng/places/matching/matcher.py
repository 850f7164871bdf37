"""Matching free text to a standard address.

How one match runs, for the usual input in one indexed query, reading tuples rather than model
instances (the steps live in ``names`` and ``addresses``; weights and state in ``search``):

1. ``parse`` splits the text into levels (upper levels, road or compound, number, building…).
   Where only the names can tell where the village ends (龙泉新村社区紫金新村), it gives each
   reading, and the one whose village is a known region is taken (``names.choose_reading``).
2. One query looks up every name as typed in ``MatchKey`` (a covering index): the upper levels
   as regions, the road or compound as a road. Joined to it, on the address code (GB/T 39609
   codes are region + road + number + building + unit + room, so the code of what the text says
   is known for every village road found), come the addresses that are exactly what the text
   says, with the full names of their regions (a tie between villages is named from them). Only
   a name not found as typed is looked up again by its one-character deletions (a typo), within
   the regions the text names, in a second query that also brings the substrings of the names,
   in case the patterns could not place them at all (湖州吴兴红旗路, 爱山红旗路: they are
   segmented into regions, a road and noise); the addresses of the roads these find come joined
   to them too.
3. When that gives no address (a partial number, a township's road, an estate typed by its
   building), the addresses come by ``(road_id, number)`` or by building. The candidates are
   scored in Python.

So the usual text costs one query, a typo or names run together two (``test_round_trips_per_match``):
on PostgreSQL a round trip costs about as much as the rest of a match, and the statements are
prepared and run through libpq itself (``search.Prepared``).

``match_addresses`` does the same for many texts with one lookup of all their names and one of
all their addresses.

Upper levels in the text, the ``region_code`` argument and the caller's scope all narrow the
search. The best candidate is returned only when it scores at least the threshold
(``settings.MINZHENG_ADDRESS_MATCH_THRESHOLD``) and clearly beats the runner-up; otherwise
``best`` is None and the candidates are still listed, because a wrong best is worse than none.
A tie between villages also lists them (``tied_regions``), for the caller to pick one. A
township or village typed one character off narrows the search to the regions it may mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django.conf import settings

from minzheng.core.models import Region
from minzheng.core.regions import scope_prefix
from minzheng.core.scope import Scope, scope_for
from minzheng.places.addresses.models import Address, Road
from minzheng.places.matching.addresses import prefetch_by_code, score_addresses
from minzheng.places.matching.names import find_roads, first_keys, first_lookup, lookup
from minzheng.places.matching.search import (
    AMBIGUITY_MARGIN,
    BATCH_KEYS,
    MAX_LIMIT,
    MAX_TEXT,
    REST_PENALTY,
    REST_PENALTY_MAX,
    Candidate,
    MatchResult,
    MissingNumber,
    Reader,
    Search,
    TiedRegion,
    number_ranges,
    readings_of,
)
from minzheng.places.parsing import parse

__all__ = ["MAX_TEXT", "Candidate", "MatchResult", "TiedRegion", "address_match", "match_address", "match_addresses",
           "region_prefix"]


def match_address(
    text: str,
    *,
    region_code: str | None = None,
    scope: Scope | None = None,
    limit: int = 5,
    threshold: float | None = None,
) -> MatchResult:
    """The standard address ``text`` means, with up to ``limit`` candidates.

    ``region_code`` (a code prefix such as 330502, or a 12-digit code) and ``scope`` (the caller's
    jurisdiction; the empty scope finds nothing) restrict the search. ``threshold`` defaults to
    the setting. Raises ValueError for a region code that is not 2 to 12 digits.
    """
    prefix = _effective_prefix(region_code, scope)
    search = _start(text, prefix, Reader(), threshold)
    if search is None:
        return MatchResult(best=None, parsed=parse((text or "")[:MAX_TEXT]).levels())
    find_roads(search, first_lookup)
    return _name_tied_regions(search.db, [_finish(search, limit)])[0]


def match_addresses(
    texts: Sequence[str],
    *,
    region_code: str | None = None,
    scope: Scope | None = None,
    limit: int = 5,
    threshold: float | None = None,
) -> list[MatchResult]:
    """``match_address`` for many texts at once, with the same answers: the names of all of them
    are looked up in one query, and the addresses typed in full in one more, so that bulk work
    (linking a registry to its addresses) is not a round trip per text and per step. Only texts
    that need more (a typo, an unplaced name, a partial number) query on their own."""
    prefix = _effective_prefix(region_code, scope)
    db = Reader()
    searches = [_start(text, prefix, db, threshold) for text in texts]
    live = [search for search in searches if search is not None]
    keys: set[str] = set().union(*(first_keys(search) for search in live)) if live else set()
    by_key: dict[str, list[tuple[Any, ...]]] = {}
    ordered = sorted(keys)
    for i in range(0, len(ordered), BATCH_KEYS):
        by_key.update(lookup(db, ordered[i:i + BATCH_KEYS]))

    def preloaded(db: Reader, wanted: set[str], tails: list[str], *,
                  names: dict[str, str] | None = None) -> tuple[dict[str, Any], dict[int, Any]]:
        return {key: by_key[key] for key in wanted if key in by_key}, {}

    for search in live:
        find_roads(search, preloaded)
    prefetch_by_code(db, [search for search in live if search.roads and search.parsed.number])
    results = []
    for text, started in zip(texts, searches, strict=True):
        if started is None:
            results.append(MatchResult(best=None, parsed=parse((text or "")[:MAX_TEXT]).levels()))
        else:
            results.append(_finish(started, limit))
    return _name_tied_regions(db, results)


def _start(text: str, prefix: str | None, db: Reader, threshold: float | None) -> Search | None:
    """The search for one text, or None when the caller's restrictions leave nowhere to look."""
    if prefix is None:
        return None
    parsed = parse((text or "")[:MAX_TEXT])
    readings = readings_of(parsed)
    threshold = settings.MINZHENG_ADDRESS_MATCH_THRESHOLD if threshold is None else threshold
    return Search(db=db, parsed=parsed, prefix=prefix, threshold=threshold, readings=readings)


def _finish(search: Search, limit: int) -> MatchResult:
    """Score the addresses of the roads found and decide: a best, or none."""
    levels = search.parsed.levels()
    if not search.roads:
        return MatchResult(best=None, parsed=levels)
    search.penalty += min(REST_PENALTY_MAX, REST_PENALTY * len(search.parsed.rest))
    shown = max(1, min(limit, MAX_LIMIT))
    scored = score_addresses(search, shown)
    candidates = tuple(Candidate(address_id, code, full_text, -negative, region_code)
                       for negative, code, address_id, full_text, region_code in scored[:shown])
    best = candidates[0] if candidates else None
    if best is not None and best.score < search.threshold:
        best = None  # nothing close: not a tie between matches (a road's first addresses all score alike)
    elif best is not None and len(scored) > 1 and -scored[1][0] >= best.score - AMBIGUITY_MARGIN:
        # Every tied address counts, also those beyond the candidates shown.
        tied = _tied_regions(search, [s[4] for s in scored if -s[0] >= best.score - AMBIGUITY_MARGIN])
        return MatchResult(best=None, candidates=candidates, parsed=levels, ambiguous=True, tied_regions=tied)
    missing = _missing_number(search) if best is None and search.number_missing else None
    return MatchResult(best=best, candidates=candidates, parsed=levels, missing_number=missing)


def _missing_number(search: Search) -> MissingNumber | None:
    """The road found, the number asked for and the numbers it has, when exactly one road was
    found (with several, the candidates themselves say more than a list of numbers would)."""
    if len(search.roads) != 1:
        return None
    road_id = next(iter(search.roads))
    rows = search.db.fetch(
        f"SELECT DISTINCT r.name, a.number FROM {Road._meta.db_table} r JOIN {Address._meta.db_table} a ON a.road_id = r.id "
        f"WHERE r.id = %s AND a.status = %s AND a.region_code LIKE %s", [road_id, Address.Status.ACTIVE,
                                                                         search.prefix + "%"])
    if not rows:
        return None
    return MissingNumber(road=rows[0][0], number=search.parsed.number, existing=number_ranges([r[1] for r in rows]))


def _tied_regions(search: Search, tied: list[str]) -> tuple[TiedRegion, ...]:
    """The regions of the tied candidates (``tied``: their region codes, best first), in that
    order, when there are two or more, named when the first lookup brought their names
    (otherwise ``_name_tied_regions`` does)."""
    codes = list(dict.fromkeys(tied))[:MAX_LIMIT]
    if len(codes) < 2:
        return ()
    return tuple(TiedRegion(code, search.region_names.get(code, "")) for code in codes)


def _name_tied_regions(db: Reader, results: list[MatchResult]) -> list[MatchResult]:
    """The results with every tied region named: those still without a name are read in one
    query for all of them (a region that has none is shown by its code)."""
    missing = sorted({r.code for result in results for r in result.tied_regions if not r.name})
    if not missing:
        return results
    names: dict[str, str] = {}
    for i in range(0, len(missing), BATCH_KEYS):
        where, params = db.one_of("code", missing[i:i + BATCH_KEYS])
        names.update(db.fetch(f"SELECT code, full_name FROM {Region._meta.db_table} WHERE {where}", params))
    return [replace(result, tied_regions=tuple(TiedRegion(r.code, r.name or names.get(r.code) or r.code)
                                               for r in result.tied_regions)) if result.tied_regions else result
            for result in results]


def address_match(*, user: Any, q: str, region_code: str | None = None, limit: int = 5) -> MatchResult:
    """``match_address`` for a member of staff: only addresses inside their scope."""
    return match_address(q, region_code=region_code, scope=scope_for(user), limit=limit)


def region_prefix(code: str) -> str:
    """A 12-digit code → its scope prefix (330502000000 → 330502); a shorter prefix as it is."""
    code = (code or "").strip()
    if not code.isdigit() or not 2 <= len(code) <= 12:
        raise ValueError(code)
    return scope_prefix(code) if len(code) == 12 else code


def _effective_prefix(region_code: str | None, scope: Scope | None) -> str | None:
    """The one prefix both restrictions allow; None when they exclude each other."""
    prefixes = []
    if scope is not None:
        if scope.prefix is None:
            return None
        prefixes.append(scope.prefix)
    if region_code:
        prefixes.append(region_prefix(region_code))
    if not prefixes:
        return ""
    longest = max(prefixes, key=len)
    return longest if all(longest.startswith(p) for p in prefixes) else None


