"""Matching free text to a standard address.

How one match runs, usually in two indexed queries, reading tuples rather than model instances:

1. ``parse`` splits the text into levels (upper levels, road or compound, number, building…).
2. One ``key IN (...)`` on ``MatchKey`` (a covering index) looks up every name as typed: the upper
   levels as regions, the road or compound as a road. Only a name not found as typed is looked up
   again by its one-character deletions (a typo), within the regions the text names; and names
   the patterns could not place at all (湖州吴兴红旗路, 爱山红旗路) by their substrings, which are
   segmented into regions, a road and noise.
3. The addresses: first by their own codes, when the text gives the doorplate number and every
   candidate road belongs to a village (GB/T 39609 codes are region + road + number + building +
   unit + room, so that is one probe of the unique index each); failing that, by
   ``(road_id, number)``, or by building for an estate typed without its doorplate number. The
   candidates are scored in Python.

Upper levels in the text, the ``region_code`` argument and the caller's scope all narrow the
search. The best candidate is returned only when it scores at least the threshold
(``settings.MINZHENG_ADDRESS_MATCH_THRESHOLD``) and clearly beats the runner-up; otherwise
``best`` is None and the candidates are still listed, because a wrong best is worse than none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from minzheng.core.regions import scope_prefix
from minzheng.core.scope import Scope, scope_for
from minzheng.places import codes
from minzheng.places.matching.keys import MIN_DELETION_LENGTH, deletions
from minzheng.places.models import Address, MatchKey
from minzheng.places.parsing import ParsedAddress, parse

MAX_TEXT = 200
MAX_LIMIT = 20

# How much each kind of evidence is worth. A perfect match scores 1; the default threshold is 0.8.
FORM_SCORE = {MatchKey.Form.NAME: 1.0, MatchKey.Form.ALIAS: 1.0, MatchKey.Form.SHORT: 0.97}
TYPO_SCORE = 0.9  # the road or compound name is one character off
# A level named in the text that no region has: another city is a near-certain miss, a township
# we do not know is more likely a slip.
UNKNOWN_LEVEL_PENALTY = {"province": 0.5, "city": 0.5, "county": 0.3, "township": 0.15, "village": 0.1}
OUTSIDE_NAMED_REGION_PENALTY = 0.3  # the road exists, but not in the region the text names
# Per unexplained character before a road name: two of them (杭州红旗路) may be another city.
NOISE_PENALTY = 0.12
REST_PENALTY, REST_PENALTY_MAX = 0.02, 0.1  # per character after the address (…501室东侧)
LEVEL_CONFLICT = 0.4  # the text says building 3, the address is building 4
LEVEL_EXTRA = 0.2  # the text names a building (unit, room) the address does not have
LEVEL_MISSING = 0.04  # the address has a building (unit, room) the text leaves out
NO_NUMBER = 0.02  # an estate typed by its building, without the doorplate number
ROAD_ONLY = 0.5  # only the road matched: its first addresses are offered as suggestions
# The best must beat the runner-up by more than this, or it is a coin toss and no match.
AMBIGUITY_MARGIN = 0.02
MAX_ROWS = 500
MAX_SUBSTRING_KEYS = 400
MAX_TYPO_ROWS = 300
# A "typo" one character away from this many roads (秋家港: every X家港 in the city) says nothing.
MAX_TYPO_ROADS = 50
MAX_CODES = 200
BATCH_KEYS = 500  # parameters per query in a batch (SQLite allows 32,766; PostgreSQL 65,535)

PROVINCES = {
    "北京": "11", "天津": "12", "河北": "13", "山西": "14", "内蒙古": "15", "辽宁": "21", "吉林": "22",
    "黑龙江": "23", "上海": "31", "江苏": "32", "浙江": "33", "安徽": "34", "福建": "35", "江西": "36",
    "山东": "37", "河南": "41", "湖北": "42", "湖南": "43", "广东": "44", "广西": "45", "海南": "46",
    "重庆": "50", "四川": "51", "贵州": "52", "云南": "53", "西藏": "54", "陕西": "61", "甘肃": "62",
    "青海": "63", "宁夏": "64", "新疆": "65", "台湾": "71", "香港": "81", "澳门": "82",
}
UPPER_LEVELS = ("city", "county", "township", "village")
ROAD, REGION = MatchKey.Target.ROAD.value, MatchKey.Target.REGION.value
DELETION = MatchKey.Form.DELETION.value


@dataclass(frozen=True)
class Candidate:
    address_id: int
    code: str
    full_text: str
    score: float
    region_code: str


@dataclass(frozen=True)
class MatchResult:
    best: Candidate | None
    candidates: tuple[Candidate, ...] = ()
    parsed: dict[str, str] = field(default_factory=dict)
    # True when candidates tie for first place, so none was chosen.
    ambiguous: bool = False


class _Reader:
    """Plain reads on the driver's own cursor. Django's cursor wrapper (and its connection proxy)
    cost about as much as the indexed lookup itself, at two or three queries per match; these are
    reads inside whatever transaction Django has open, so nothing it manages is bypassed but the
    query log."""

    def __init__(self) -> None:
        wrapper = connections[DEFAULT_DB_ALIAS]
        wrapper.ensure_connection()
        self.raw = wrapper.connection
        self.qmark = wrapper.vendor == "sqlite"

    def fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        cursor = self.raw.cursor()
        try:
            cursor.execute(sql.replace("%s", "?") if self.qmark else sql, params)
            return cursor.fetchall()
        finally:
            cursor.close()


@dataclass
class _Search:
    """What one match has worked out so far."""

    db: _Reader
    parsed: ParsedAddress
    prefix: str  # the caller's scope and region argument combined; "" is everywhere
    constraints: list[tuple[str, ...]] = field(default_factory=list)  # each: the text names one of these
    threshold: float = 0.8
    penalty: float = 0.0
    roads: dict[int, tuple[float, str]] = field(default_factory=dict)  # road id → (name score, area)
    road_codes: dict[int, str] = field(default_factory=dict)
    # (number, building, unit, room) as the text may be read: 18-3 is building 3 of 18, or 18-3号.
    readings: list[tuple[str, str, str, str]] = field(default_factory=list)
    # Addresses fetched with the first lookup, by road: those that are exactly what the text says.
    prefetched: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)


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
    search = _start(text, prefix, _Reader(), threshold)
    if search is None:
        return MatchResult(best=None, parsed=parse((text or "")[:MAX_TEXT]).levels())
    _find_roads(search, _first_lookup)
    return _finish(search, limit)


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
    db = _Reader()
    searches = [_start(text, prefix, db, threshold) for text in texts]
    live = [search for search in searches if search is not None]
    keys: set[str] = set().union(*(_first_keys(search) for search in live)) if live else set()
    by_key: dict[str, list[tuple[Any, ...]]] = {}
    ordered = sorted(keys)
    for i in range(0, len(ordered), BATCH_KEYS):
        by_key.update(_lookup(db, ordered[i:i + BATCH_KEYS]))

    def preloaded(db: _Reader, wanted: set[str], tails: list[str]) -> tuple[dict[str, Any], dict[int, Any]]:
        return {key: by_key[key] for key in wanted if key in by_key}, {}

    for search in live:
        _find_roads(search, preloaded)
    _prefetch_by_code(db, [search for search in live if search.roads and search.parsed.number])
    results = []
    for text, search in zip(texts, searches, strict=True):
        if search is None:
            results.append(MatchResult(best=None, parsed=parse((text or "")[:MAX_TEXT]).levels()))
        else:
            results.append(_finish(search, limit))
    return results


def _start(text: str, prefix: str | None, db: _Reader, threshold: float | None) -> _Search | None:
    """The search for one text, or None when the caller's restrictions leave nowhere to look."""
    if prefix is None:
        return None
    parsed = parse((text or "")[:MAX_TEXT])
    readings = [(parsed.number, parsed.building, parsed.unit, parsed.room)]
    if parsed.sub_number:
        readings.append((parsed.sub_number, "", "", ""))
    threshold = settings.MINZHENG_ADDRESS_MATCH_THRESHOLD if threshold is None else threshold
    return _Search(db=db, parsed=parsed, prefix=prefix, threshold=threshold, readings=readings)


def _finish(search: _Search, limit: int) -> MatchResult:
    """Score the addresses of the roads found and decide: a best, or none."""
    levels = search.parsed.levels()
    if not search.roads:
        return MatchResult(best=None, parsed=levels)
    search.penalty += min(REST_PENALTY_MAX, REST_PENALTY * len(search.parsed.rest))
    candidates = _score_addresses(search, max(1, min(limit, MAX_LIMIT)))
    best = candidates[0] if candidates else None
    ambiguous = False
    if best is not None and len(candidates) > 1 and candidates[1].score >= best.score - AMBIGUITY_MARGIN:
        best, ambiguous = None, True
    if best is not None and best.score < search.threshold:
        best = None
    return MatchResult(best=best, candidates=tuple(candidates), parsed=levels, ambiguous=ambiguous)


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


# ---- names -----------------------------------------------------------------------------------

@dataclass
class _Hits:
    by_key: dict[str, list[tuple[Any, ...]]]

    def regions(self, key: str) -> tuple[str, ...]:
        return tuple({r[5] for r in self.by_key.get(key, ()) if r[1] == REGION})

    def road_codes(self) -> dict[int, str]:
        return {r[4]: r[6] for rows in self.by_key.values() for r in rows if r[4] is not None}

    def roads(self, token: str) -> dict[int, tuple[float, str, int]]:
        """Roads the token names: road id → (score, area, edit distance)."""
        out: dict[int, tuple[float, str, int]] = {}

        def add(row: tuple[Any, ...], score: float, distance: int) -> None:
            if row[4] not in out or out[row[4]][0] < score:
                out[row[4]] = (score, row[5], distance)

        for row in self.by_key.get(token, ()):
            if row[1] != ROAD:
                continue
            if row[2] != DELETION:
                add(row, FORM_SCORE[row[2]], 0)
            else:
                add(row, TYPO_SCORE, 1)  # the token is the name with one character missing
        if len(token) >= MIN_DELETION_LENGTH:
            for key in deletions(token):
                for row in self.by_key.get(key, ()):
                    if row[1] != ROAD or row[2] == MatchKey.Form.SHORT or row[3] == token:
                        continue
                    if row[2] != DELETION or _one_substitution(token, row[3]):
                        add(row, TYPO_SCORE, 1)
        return out


def _first_keys(search: _Search) -> set[str]:
    """The names in the text as typed: what the first lookup asks for."""
    p = search.parsed
    return {getattr(p, level) for level in (*UPPER_LEVELS, "road", "compound") if getattr(p, level)}


def _find_roads(search: _Search, first_lookup: Any) -> None:
    """The roads the text may mean, with the regions it names as constraints. ``first_lookup``
    reads the names as typed: ``_first_lookup`` itself, or answers a batch already has."""
    p = search.parsed
    uppers = [(level, getattr(p, level)) for level in UPPER_LEVELS if getattr(p, level)]
    names = [name for name in (p.road, p.compound) if name]
    if p.province:
        province = PROVINCES.get(p.province.removesuffix("省")) or next(
            (code for short, code in PROVINCES.items() if p.province.startswith(short)), None)
        if province:
            search.constraints.append((province,))
        else:
            search.penalty += UNKNOWN_LEVEL_PENALTY["province"]

    # With no road or compound in sight, the last "upper level" may be one: an estate such as
    # 凤凰新村 reads like a village, and 月河老区 (a typo of 月河小区) like a county.
    maybe_name = uppers[-1] if uppers and not names else None
    by_key, search.prefetched = first_lookup(search.db, _first_keys(search), _code_tails(search.readings))
    hits = _Hits(by_key)

    unresolved: list[tuple[str, str]] = []
    for level, text in uppers:
        prefixes = hits.regions(text)
        if prefixes:
            search.constraints.append(prefixes)
        elif (level, text) == maybe_name:
            names.insert(0, text)
        else:
            unresolved.append((level, text))

    # A province or city we do not have (宁波市…) leaves no address able to reach the threshold:
    # then only names as typed are offered, without the dearer searches for typos and fragments.
    elsewhere = search.penalty + sum(UNKNOWN_LEVEL_PENALTY[level] for level, _ in unresolved if level == "city")
    hopeless = elsewhere > 1 - search.threshold

    # Typos are looked for only for names not found as typed, in a second query: the deletions of
    # a common name (沈家埭 → 家埭) are shared by thousands of roads across the city.
    named = {name: hits.roads(name) for name in names}
    typos = [name for name, roads in named.items() if len(name) >= MIN_DELETION_LENGTH and not any(
        d == 0 and _compatible(area, search.prefix) for _, area, d in roads.values())]
    if typos and not hopeless:
        keys = set().union(*(deletions(name) for name in typos))
        for key, rows in _lookup(search.db, keys, areas=_areas(search), limit=MAX_TYPO_ROWS).items():
            hits.by_key.setdefault(key, rows)  # a key looked up as typed already has all its rows
        for name in typos:
            roads = hits.roads(name)
            named[name] = roads if len(roads) <= MAX_TYPO_ROADS else {}

    search.road_codes.update(hits.road_codes())
    found: dict[int, tuple[float, str, int]] = {}
    unplaced: list[str] = []
    for name, roads in named.items():
        if roads:
            _merge(found, roads)
        else:
            unplaced.append(name)
    if len(unplaced) == len(names) > 1:
        # Neither half is a name (湖州吴兴爱山仪凤桥 + 社区南山花园 split at the 桥): read them as one.
        unplaced = ["".join(unplaced)]
    if (unplaced or unresolved) and not hopeless:
        unexplained = _segment(search, found, unplaced, unresolved)
        if maybe_name and maybe_name[1] in unexplained:
            unresolved.append(maybe_name)
        unresolved = [item for item in unresolved if item[1] in unexplained]
    for level, _ in unresolved:
        search.penalty += UNKNOWN_LEVEL_PENALTY[level]
    _place(search, found)


def _segment(search: _Search, found: dict[int, tuple[float, str, int]], unplaced: list[str],
             unresolved: list[tuple[str, str]]) -> set[str]:
    """Names the patterns could not split: look up every substring, then read each place name
    as regions and noise ending in a road, and each unknown upper level as regions and noise,
    with as little noise as possible. Returns the tokens that stay unexplained."""
    tokens = unplaced + [text for _, text in unresolved]
    keys: set[str] = set()
    for token in tokens:
        for i in range(len(token)):
            for j in range(i + 2, len(token) + 1):
                keys.add(token[i:j])
    if len(keys) > MAX_SUBSTRING_KEYS:
        keys = set(sorted(keys, key=len, reverse=True)[:MAX_SUBSTRING_KEYS])
    # Fragments are matched exactly (no typos inside a longer name: too weak a sign), so the
    # deletion rows, thousands for a fragment like 家港, are left out.
    hits = _Hits(_lookup(search.db, keys, typos=False))
    search.road_codes.update(hits.road_codes())

    def regions_then_noise(text: str) -> tuple[int, list[tuple[str, ...]]]:
        """Fewest unexplained characters when ``text`` is read as regions and noise."""
        best: list[tuple[int, list[tuple[str, ...]]]] = [(0, [])]
        for end in range(1, len(text) + 1):
            noise, found_regions = best[end - 1]
            option = (noise + 1, found_regions)
            for start in range(0, end - 1):
                prefixes = hits.regions(text[start:end])
                if prefixes and best[start][0] < option[0]:
                    option = (best[start][0], [*best[start][1], prefixes])
            best.append(option)
        return best[-1]

    unexplained: set[str] = set()
    for token in unplaced:
        choice: tuple[int, list[tuple[str, ...]], dict[int, tuple[float, str, int]]] | None = None
        for start in range(len(token) - 1):
            # The road ends the name: what follows a road name is parsed as numbers, and a
            # leftover tail (爱山红旗路 read as 爱山 + noise) would be a guess.
            roads = _exact_roads(hits, token[start:])
            if not roads:
                continue
            head_noise, head_regions = regions_then_noise(token[:start])
            if choice is None or head_noise < choice[0]:
                choice = (head_noise, head_regions, roads)
        if choice is None:
            unexplained.add(token)
            continue
        noise, regions, roads = choice
        search.constraints.extend(regions)
        _merge(found, {k: (score - NOISE_PENALTY * noise, region, d) for k, (score, region, d) in roads.items()})

    for text in [text for _, text in unresolved] + [t for t in unplaced if t in unexplained]:
        noise, regions = regions_then_noise(text)
        if regions:
            unexplained.discard(text)
            search.constraints.extend(regions)
            search.penalty += NOISE_PENALTY * noise
        else:
            unexplained.add(text)
    return unexplained


def _exact_roads(hits: _Hits, piece: str) -> dict[int, tuple[float, str, int]]:
    """Roads whose name, alias or short form is exactly ``piece`` (no typos inside a longer
    name: a fragment one character off some road is too weak a sign)."""
    return {r[4]: (FORM_SCORE[r[2]], r[5], 0) for r in hits.by_key.get(piece, ())
            if r[1] == ROAD and r[2] != DELETION}


def _merge(into: dict[int, tuple[float, str, int]], roads: dict[int, tuple[float, str, int]]) -> None:
    for road_id, value in roads.items():
        if road_id not in into or into[road_id][0] < value[0]:
            into[road_id] = value


def _place(search: _Search, found: dict[int, tuple[float, str, int]]) -> None:
    """Keep the roads inside the caller's area and the regions the text names; prefer exact
    names to typos."""
    roads = {k: v for k, v in found.items() if _compatible(v[1], search.prefix)}
    # A name that exists as typed is not a typo of another, even where the text places it: 德清县
    # 吉山路 with 吉山路 only in 吴兴区 is a wrong county, not a slip for 德清's 青山路.
    if any(d == 0 for _, _, d in roads.values()):
        roads = {k: v for k, v in roads.items() if v[2] == 0}
    named = {k: v for k, v in roads.items() if _within(v[1], search.constraints, loose=True)}
    if roads and not named:
        search.penalty += OUTSIDE_NAMED_REGION_PENALTY
        search.constraints = []
        named = roads
    search.roads = {k: (score, region) for k, (score, region, _) in named.items()}


# ---- addresses -------------------------------------------------------------------------------

ADDRESS_COLUMNS = "id, code, full_text, region_code, road_id, number, building, unit, room, status"
ACTIVE = Address.Status.ACTIVE.value


def _score_addresses(search: _Search, limit: int) -> list[Candidate]:
    p, readings = search.parsed, search.readings
    road_ids = sorted(search.roads)
    rows: list[tuple[Any, ...]] = []
    if p.number:
        if all(road_id in search.prefetched for road_id in road_ids):
            rows = [row for road_id in road_ids for row in search.prefetched[road_id]
                    if row[3].startswith(search.prefix)]
        else:
            rows = _by_code(search, road_ids, readings)
    if not rows and (p.number or p.building):
        rows = _addresses(search, road_ids, readings, exact=True)
        if not rows and p.number:
            rows = _addresses(search, road_ids, readings, exact=False)
    scored: dict[int, Candidate] = {}
    for row in rows:
        if not _within(row[3], search.constraints):
            continue
        base = search.roads[row[4]][0] - search.penalty
        score = max((s for s in (_score_row(row, reading) for reading in readings) if s is not None), default=None)
        if score is not None:
            scored[row[0]] = Candidate(row[0], row[1], row[2], round(base + score - 1, 4), row[3])
    if not scored:
        # Only the road is known: offer its first addresses, below any threshold.
        for row in _addresses(search, road_ids, [], exact=False, limit=limit):
            if _within(row[3], search.constraints):
                base = search.roads[row[4]][0] - search.penalty
                scored[row[0]] = Candidate(row[0], row[1], row[2], round(base * ROAD_ONLY, 4), row[3])
    return sorted(scored.values(), key=lambda c: (-c.score, c.code))[:limit]


def _score_row(row: Sequence[Any], reading: tuple[str, str, str, str]) -> float | None:
    """1 for an address that agrees with every level the text names and has no others."""
    number, building, unit, room = reading
    if number and row[5] != number:
        return None
    if not number and (not building or not _same(row[6], building)):
        return None
    score = 1.0 if number else 1.0 - NO_NUMBER
    for typed, have in ((building, row[6]), (unit, row[7]), (room, row[8])):
        if typed and have:
            if not _same(typed, have):
                score -= LEVEL_CONFLICT
        elif typed:
            score -= LEVEL_EXTRA
        elif have:
            score -= LEVEL_MISSING
    return score


def _by_code(search: _Search, road_ids: list[int], readings: list[tuple[str, str, str, str]]) -> list[tuple[Any, ...]]:
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
    sql = (f"SELECT {ADDRESS_COLUMNS} FROM {Address._meta.db_table} "
           f"WHERE code IN ({', '.join(['%s'] * len(wanted))})")
    return [row[:-1] for row in search.db.fetch(sql, wanted)
            if row[-1] == ACTIVE and row[3].startswith(search.prefix)]


def _prefetch_by_code(db: _Reader, searches: list[_Search]) -> None:
    """For a batch: the addresses each text gives in full, found by code in one query for all,
    kept as each search's ``prefetched`` (roads of townships are left to ``_by_code``)."""
    wanted: dict[str, list[_Search]] = {}
    for search in searches:
        tails = _code_tails(search.readings)
        for road_id, (_, area) in search.roads.items():
            road_code = search.road_codes.get(road_id, "")
            if len(area) == 12 and road_code.startswith(area):
                search.prefetched[road_id] = []
                for tail in tails:
                    wanted.setdefault(road_code + tail, []).append(search)
    ordered = sorted(wanted)
    for i in range(0, len(ordered), BATCH_KEYS):
        chunk = ordered[i:i + BATCH_KEYS]
        sql = (f"SELECT {ADDRESS_COLUMNS} FROM {Address._meta.db_table} "
               f"WHERE code IN ({', '.join(['%s'] * len(chunk))})")
        for row in db.fetch(sql, chunk):
            if row[-1] == ACTIVE:
                for search in wanted[row[1]]:
                    search.prefetched[row[4]].append(row[:-1])


def _addresses(search: _Search, road_ids: list[int], readings: list[tuple[str, str, str, str]], *, exact: bool,
               limit: int = MAX_ROWS) -> list[tuple[Any, ...]]:
    """Active addresses on these roads: with the doorplate numbers of the readings (and, when
    ``exact`` and there is one reading, its building, unit and room too); by building when the
    text has no number; any, when there are no readings.

    The conditions are chosen so that both databases use the (road_id, number) index, or the
    road_id one: no OR, and no status or ORDER BY code, which SQLite would rather answer with
    their own indexes by walking the whole table. Retired rows are dropped in Python.
    """
    where = [f"road_id IN ({', '.join(['%s'] * len(road_ids))})"]
    params: list[Any] = list(road_ids)
    numbers = sorted({reading[0] for reading in readings if reading[0]})
    if numbers:
        where.append(f"number IN ({', '.join(['%s'] * len(numbers))})")
        params.extend(numbers)
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
    sql = (f"SELECT {ADDRESS_COLUMNS} FROM {Address._meta.db_table} WHERE {' AND '.join(where)}{order} "
           f"LIMIT {int(limit)}")
    return [row[:-1] for row in search.db.fetch(sql, params) if row[-1] == ACTIVE]


# ---- helpers ---------------------------------------------------------------------------------

def _code_tails(readings: list[tuple[str, str, str, str]]) -> list[str]:
    """The end of an address code after the road (number, building, unit, room) for each reading."""
    tails = []
    for number, building, unit, room in readings:
        if number:
            try:
                tails.append(codes.address_code(region_code="0" * 12, road_code="0" * 16, number=number,
                                                building=building, unit=unit, room=room)[16:])
            except codes.CodeError:
                continue
    return tails


def _first_lookup(db: _Reader, keys: set[str], tails: list[str],
                  ) -> tuple[dict[str, list[tuple[Any, ...]]], dict[int, list[tuple[Any, ...]]]]:
    """The names as typed, and with them (a join on the address code) the addresses of every
    village road found that are exactly what the text says: for the usual input, the whole
    answer in one round trip. Returns the key rows by key, and the address rows by road for
    each village road looked at (possibly none)."""
    if not tails:
        return _lookup(db, keys), {}
    keys_sorted = sorted(k for k in keys if k)
    if not keys_sorted:
        return {}, {}
    table, addresses = MatchKey._meta.db_table, Address._meta.db_table
    columns = ", ".join(f"a.{c.strip()}" for c in ADDRESS_COLUMNS.split(","))
    sql = (f"SELECT k.key, k.target, k.form, k.text, k.road_id, k.area, k.road_code, {columns} "
           f"FROM {table} k LEFT JOIN {addresses} a ON k.target = %s "
           f"AND a.code IN ({', '.join(['k.road_code || %s'] * len(tails))}) "
           f"WHERE k.key IN ({', '.join(['%s'] * len(keys_sorted))})")
    by_key: dict[str, list[tuple[Any, ...]]] = {}
    prefetched: dict[int, list[tuple[Any, ...]]] = {}
    seen: set[tuple[Any, ...]] = set()
    for row in db.fetch(sql, [ROAD, *tails, *keys_sorted]):
        key_row, address = row[:7], row[7:]
        if key_row not in seen:
            seen.add(key_row)
            by_key.setdefault(key_row[0], []).append(key_row)
        road_id, area, road_code = key_row[4], key_row[5], key_row[6]
        if road_id is not None and len(area) == 12 and road_code.startswith(area):
            found = prefetched.setdefault(road_id, [])
            if address[0] is not None and address[-1] == ACTIVE and address[:-1] not in found:
                found.append(address[:-1])
    return by_key, prefetched


def _lookup(db: _Reader, keys: Iterable[str], *, areas: Sequence[str] = (), limit: int | None = None,
            typos: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Rows of ``MatchKey`` for these keys; only roads in ``areas`` (prefixes) when given, and no
    deletion rows unless ``typos``. With ``limit``, more rows than that means the keys say too
    little to go on, and nothing is returned."""
    keys = sorted(k for k in keys if k)
    if not keys:
        return {}
    sql = (f"SELECT key, target, form, text, road_id, area, road_code FROM {MatchKey._meta.db_table} "
           f"WHERE key IN ({', '.join(['%s'] * len(keys))})")
    params: list[Any] = list(keys)
    if not typos:
        sql += " AND form <> %s"
        params.append(DELETION)
    if areas:
        sql += f" AND target = %s AND ({' OR '.join(['area LIKE %s'] * len(areas))})"
        params += [ROAD, *(area + "%" for area in areas)]
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = db.fetch(sql, params)
    if limit and len(rows) >= limit:
        return {}
    by_key: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        by_key.setdefault(row[0], []).append(row)
    return by_key


def _areas(search: _Search) -> list[str]:
    """Where roads may lie, as few prefixes as possible for SQL: the most specific region the text
    names (or the caller's area). Cut to the township, because a road may belong to the township
    of the village that the text names."""
    sets = [*search.constraints, (search.prefix,) if search.prefix else ()]
    sets = [s for s in sets if s]
    if not sets:
        return []
    narrowest = max(sets, key=lambda prefixes: min(len(p) for p in prefixes))
    return sorted({p[:9] for p in narrowest})


def _compatible(a: str, b: str) -> bool:
    """One region contains the other (a road of a township serves its villages)."""
    return a.startswith(b) or b.startswith(a)


def _within(code: str, constraints: list[tuple[str, ...]], *, loose: bool = False) -> bool:
    """``code`` lies in one of the regions of every constraint (``loose``: or contains one)."""
    for prefixes in constraints:
        if not any(code.startswith(p) or (loose and p.startswith(code)) for p in prefixes):
            return False
    return True


def _same(a: str, b: str) -> bool:
    return a == b or a.lstrip("0") == b.lstrip("0")


def _one_substitution(a: str, b: str) -> bool:
    """``a`` and ``b`` are the same length and differ in exactly one place."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
