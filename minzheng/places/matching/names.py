"""Step 2 of a match: which roads the text names, and which regions it places them in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from minzheng.core.models import Region
from minzheng.places.addresses.models import Address
from minzheng.places.matching.keys import MIN_DELETION_LENGTH, deletions
from minzheng.places.matching.models import MatchKey
from minzheng.places.matching.search import (
    ACTIVE,
    ADDRESS_COLUMNS,
    DELETION,
    FORM_SCORE,
    MAX_SUBSTRING_KEYS,
    MAX_TYPO_ROADS,
    MAX_TYPO_ROWS,
    NOISE_PENALTY,
    OUTSIDE_NAMED_REGION_PENALTY,
    PROVINCES,
    REGION,
    REGION_TYPO_PENALTY,
    ROAD,
    TYPO_LEVELS,
    TYPO_SCORE,
    UNKNOWN_LEVEL_PENALTY,
    UPPER_LEVELS,
    Reader,
    Search,
    code_tails,
    compatible,
    one_substitution,
    readings_of,
    within,
)


@dataclass
class Hits:
    by_key: dict[str, list[tuple[Any, ...]]]

    def regions(self, key: str) -> tuple[str, ...]:
        """The areas of the regions named ``key`` exactly (by name or short form)."""
        return tuple({r[5] for r in self.by_key.get(key, ()) if r[1] == REGION and r[2] != DELETION})

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
                    if row[2] != DELETION or one_substitution(token, row[3]):
                        add(row, TYPO_SCORE, 1)
        return out


def first_keys(search: Search) -> set[str]:
    """The names in the text as typed, in every reading of it: what the first lookup asks for."""
    keys = {name for p in (search.parsed, *search.parsed.alternatives)
            for name in (p.city, p.county, p.township, p.village, p.road, p.compound)}  # UPPER_LEVELS, road, compound
    keys.discard("")
    return keys


def choose_reading(search: Search, hits: Hits) -> None:
    """Where the village ends is for the known regions to say (龙泉新村社区紫金新村: the community
    is 龙泉新村社区, not 龙泉新村 with a compound 社区紫金新村): the longest village that is a
    region's name wins; with none known, the first reading stays."""
    readings = search.parsed.alternatives
    known = [p for p in readings if hits.regions(p.village)]
    if not known and not hits.regions(search.parsed.village):
        # No village known as typed (龙溪紫金新村社区: short township and community run together):
        # then the reading whose road or compound is known, or failing that one whose road does
        # not begin with the word that ends a community.
        known = [p for p in readings if any(d == 0 for name in (p.road, p.compound) if name
                                            for _, _, d in hits.roads(name).values())]
        if not known and (search.parsed.road or search.parsed.compound).startswith("社区"):
            known = [p for p in readings if not (p.road or p.compound).startswith("社区")]
    if known:
        search.parsed = known[-1]
        search.readings = readings_of(search.parsed)


def find_roads(search: Search, read_names: Any) -> None:
    """The roads the text may mean, with the regions it names as constraints. ``read_names``
    reads the names as typed: ``first_lookup`` itself, or answers a batch already has."""
    tails = list(dict.fromkeys(code_tails([*search.readings, *(r for alternative in search.parsed.alternatives
                                                              for r in readings_of(alternative))])))
    by_key, search.prefetched = read_names(search.db, first_keys(search), tails, names=search.region_names)
    hits = Hits(by_key)
    choose_reading(search, hits)
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

    unresolved: list[tuple[str, str]] = []
    for level, text in uppers:
        prefixes = hits.regions(text)
        if (level, text) == maybe_name and (not prefixes or any(d == 0 for _, _, d in hits.roads(text).values())):
            # A community's short name that is also an estate's (紫金新村): numbers with no road
            # can only be the estate's.
            names.insert(0, text)
        elif prefixes:
            search.constraints.append(prefixes)
        else:
            unresolved.append((level, text))

    # Short names run together can end in 市 and read as a city (南浔练市: 南浔区 and 练市镇).
    cities = [text for level, text in unresolved if level == "city"]
    if cities:
        together = _regions_run_together(search, cities)
        search.constraints.extend(prefixes for text in cities for prefixes in together.get(text, ()))
        unresolved = [(level, text) for level, text in unresolved if level != "city" or text not in together]

    # A province or city we do not have (宁波市…) leaves no address able to reach the threshold:
    # then only names as typed are offered, without the dearer searches for typos and fragments.
    elsewhere = search.penalty + sum(UNKNOWN_LEVEL_PENALTY[level] for level, _ in unresolved if level == "city")
    hopeless = elsewhere > 1 - search.threshold
    if not hopeless:
        unresolved = _region_typos(search, unresolved)

    # Typos are looked for only for names not found as typed, in a second query: the deletions of
    # a common name (沈家埭 → 家埭) are shared by thousands of roads across the city.
    named = {name: hits.roads(name) for name in names}
    typos = [name for name, roads in named.items() if len(name) >= MIN_DELETION_LENGTH and not any(
        d == 0 and compatible(area, search.prefix) for _, area, d in roads.values())]
    fragments = None
    if typos and not hopeless:
        keys = set().union(*(deletions(name) for name in typos))
        # Should no typo be found either, the fragments of the names are looked up next: they come
        # with this query (the names one by one, or run together when none is known).
        maybe_unplaced = [name for name, roads in named.items() if name in typos or not roads]
        run_together = ["".join(named)] if len(maybe_unplaced) == len(names) > 1 else []
        fragments = fragments_of([*maybe_unplaced, *run_together], [text for _, text in unresolved])
        by_key, prefetched = first_lookup(search.db, keys, code_tails(search.readings), areas=areas_of(search),
                                          limit=MAX_TYPO_ROWS, names=search.region_names, typos=True,
                                          fragments=fragments)
        for key, rows in by_key.items():
            hits.by_key.setdefault(key, rows)  # a key looked up as typed already has all its rows
        for road_id, rows in prefetched.items():
            search.prefetched.setdefault(road_id, rows)
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
        unexplained = _segment(search, found, unplaced, unresolved, fragments)
        if maybe_name and maybe_name[1] in unexplained:
            unresolved.append(maybe_name)
        unresolved = [item for item in unresolved if item[1] in unexplained]
    for level, _ in unresolved:
        search.penalty += UNKNOWN_LEVEL_PENALTY[level]
    _place(search, found)


def _regions_run_together(search: Search, tokens: list[str]) -> dict[str, list[tuple[str, ...]]]:
    """The tokens that read wholly as names of regions, with those regions."""
    keys = {token[i:j] for token in tokens for i in range(len(token)) for j in range(i + 2, len(token) + 1)}
    hits = Hits(lookup(search.db, keys, typos=False, target=REGION))
    out = {}
    for token in tokens:
        noise, regions = _regions_then_noise(hits, token)
        if regions and not noise:
            out[token] = regions
    return out


def _regions_then_noise(hits: Hits, text: str) -> tuple[int, list[tuple[str, ...]]]:
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


def _region_typos(search: Search, unresolved: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Upper levels one character off a region's name (织理镇, 仪风桥社区) narrow the search to the
    regions they may mean, at a small cost; the rest stay unresolved."""
    typed = [(level, text) for level, text in unresolved if level in TYPO_LEVELS and len(text) >= MIN_DELETION_LENGTH]
    if not typed:
        return unresolved
    keys = set().union(*({text, *deletions(text)} for _, text in typed))
    hits = lookup(search.db, keys, target=REGION, limit=MAX_TYPO_ROWS)
    left = []
    for level, text in unresolved:
        areas = _near_regions(hits, text) if (level, text) in typed else ()
        if areas:
            search.constraints.append(areas)
            search.penalty += REGION_TYPO_PENALTY
        else:
            left.append((level, text))
    return left


def _near_regions(by_key: dict[str, list[tuple[Any, ...]]], token: str) -> tuple[str, ...]:
    """The areas of the regions whose full name is one character off ``token`` (one wrong,
    missing or extra)."""
    areas = set()
    for row in by_key.get(token, ()):
        if row[2] == DELETION:
            areas.add(row[5])  # the token is the name with a character missing
    for key in deletions(token):
        for row in by_key.get(key, ()):
            if row[2] == MatchKey.Form.NAME or (row[2] == DELETION and one_substitution(token, row[3])):
                areas.add(row[5])
    return tuple(sorted(areas))


def _segment(search: Search, found: dict[int, tuple[float, str, int]], unplaced: list[str],
             unresolved: list[tuple[str, str]], fragments: Fragments | None = None) -> set[str]:
    """Names the patterns could not split: look up every substring, then read each place name
    as regions and noise ending in a road, and each unknown upper level as regions and noise,
    with as little noise as possible. Returns the tokens that stay unexplained. ``fragments``:
    substrings already read (with the typo lookup); read again only if they fall short."""
    tokens = unplaced + [text for _, text in unresolved]
    keys: set[str] = set().union(*(substrings(token) for token in tokens)) if tokens else set()
    if len(keys) > MAX_SUBSTRING_KEYS:
        keys = set(sorted(keys, key=len, reverse=True)[:MAX_SUBSTRING_KEYS])
    # Fragments are matched exactly (no typos inside a longer name: too weak a sign), so the
    # deletion rows, thousands for a fragment like 家港, are left out.
    if fragments is None or not keys <= fragments.keys:
        suffixes = {token[start:] for token in unplaced for start in range(len(token) - 1)}
        fragments = fragment_lookup(search.db, Fragments(keys=keys, suffixes=suffixes), code_tails(search.readings),
                                    names=search.region_names) if keys else Fragments(keys=set(), suffixes=set())
    hits = Hits({key: fragments.by_key[key] for key in keys if key in fragments.by_key})
    for road_id, rows in fragments.prefetched.items():
        search.prefetched.setdefault(road_id, rows)
    search.road_codes.update(hits.road_codes())

    def regions_then_noise(text: str) -> tuple[int, list[tuple[str, ...]]]:
        return _regions_then_noise(hits, text)

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
            choice = _regions_then_typo(search, token, regions_then_noise)
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


def _regions_then_typo(search: Search, token: str, regions_then_noise: Any,
                       ) -> tuple[int, list[tuple[str, ...]], dict[int, tuple[float, str, int]]] | None:
    """A token that is regions and then a road one character off (爱山仪凤桥环成西路): the
    longest head read wholly as regions that lie inside one another (安吉灵峰, not 安吉灵峰月河:
    月河 is in 吴兴), and the rest looked up as a typo inside them. A typo is only looked for where
    the regions say where, as for a road typed on its own."""
    for start in range(len(token) - MIN_DELETION_LENGTH, 0, -1):
        noise, regions = regions_then_noise(token[:start])
        narrowest = max(regions, key=lambda prefixes: min(len(p) for p in prefixes)) if regions else ()
        if noise or not any(within(p, regions, loose=True) for p in narrowest):
            continue
        tail = token[start:]
        by_key, prefetched = first_lookup(search.db, deletions(tail) | {tail}, code_tails(search.readings),
                                          areas=sorted({p[:9] for p in narrowest}), limit=MAX_TYPO_ROWS,
                                          names=search.region_names, typos=True)
        hits = Hits(by_key)
        roads = hits.roads(tail)
        if roads and len(roads) <= MAX_TYPO_ROADS:
            search.road_codes.update(hits.road_codes())
            for road_id, rows in prefetched.items():
                search.prefetched.setdefault(road_id, rows)
            return 0, regions, roads
        return None
    return None


def _exact_roads(hits: Hits, piece: str) -> dict[int, tuple[float, str, int]]:
    """Roads whose name, alias or short form is exactly ``piece`` (no typos inside a longer
    name: a fragment one character off some road is too weak a sign)."""
    return {r[4]: (FORM_SCORE[r[2]], r[5], 0) for r in hits.by_key.get(piece, ())
            if r[1] == ROAD and r[2] != DELETION}


def _merge(into: dict[int, tuple[float, str, int]], roads: dict[int, tuple[float, str, int]]) -> None:
    for road_id, value in roads.items():
        if road_id not in into or into[road_id][0] < value[0]:
            into[road_id] = value


def _place(search: Search, found: dict[int, tuple[float, str, int]]) -> None:
    """Keep the roads inside the caller's area and the regions the text names; prefer exact
    names to typos."""
    roads = {k: v for k, v in found.items() if compatible(v[1], search.prefix)} if search.prefix else found
    # A name that exists as typed is not a typo of another, even where the text places it: 德清县
    # 吉山路 with 吉山路 only in 吴兴区 is a wrong county, not a slip for 德清's 青山路.
    if any(d == 0 for _, _, d in roads.values()):
        roads = {k: v for k, v in roads.items() if v[2] == 0}
    named = ({k: v for k, v in roads.items() if within(v[1], search.constraints, loose=True)} if search.constraints
             else roads)
    if roads and not named:
        search.penalty += OUTSIDE_NAMED_REGION_PENALTY
        search.constraints = []
        named = roads
    search.roads = {k: (score, region) for k, (score, region, _) in named.items()}


@dataclass
class Fragments:
    """The substrings of names that may have to be segmented (``_segment``), read in the same
    query as the typo lookup that comes before: when that finds no road, they are the next
    question, and a round trip is dearer than the few extra probes when it does."""

    keys: set[str]
    # Those that may be a road's name ending a token: the addresses they give come too.
    suffixes: set[str]
    by_key: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    prefetched: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)


def substrings(token: str) -> set[str]:
    """Every substring of ``token`` of two characters or more."""
    return {token[i:j] for i in range(len(token)) for j in range(i + 2, len(token) + 1)}


def fragments_of(names: Iterable[str], others: Iterable[str]) -> Fragments | None:
    """What ``_segment`` reads for these names (which may end in a road) and other tokens (upper
    levels), or for any of them; None when that is more than it ever asks for at once."""
    names, tokens = [t for t in names if t], [t for t in others if t]
    keys: set[str] = set().union(*(substrings(token) for token in [*names, *tokens]))
    if not keys or len(keys) > MAX_SUBSTRING_KEYS:
        return None
    return Fragments(keys=keys, suffixes={name[start:] for name in names for start in range(len(name) - 1)})


# The columns of a key query: the key row, the address joined to it, its region's full name and
# which part of the query the row answers.
KEY_ROW, STATUS, REGION_NAME, PART = 7, 16, 17, 18


def first_lookup(db: Reader, keys: set[str], tails: list[str], *, areas: Sequence[str] = (),
                 limit: int | None = None, names: dict[str, str] | None = None, typos: bool = False,
                 fragments: Fragments | None = None,
                 ) -> tuple[dict[str, list[tuple[Any, ...]]], dict[int, list[tuple[Any, ...]]]]:
    """The names as typed, and with them (a join on the address code) the addresses of every
    village road found that are exactly what the text says, and the full names of their
    regions (into ``names``, code → name: what a tie between them shows): for the usual input,
    the whole answer in one round trip. Returns the key rows by key, and the address rows by
    road for each village road looked at (possibly none). ``areas`` and ``limit`` as for
    ``lookup``; ``typos``: the keys are the deletions of names not found, and the roads one
    character off them are all looked at. ``fragments``: read them too, in the same query."""
    if not tails and fragments is None:
        return lookup(db, keys, areas=areas, limit=limit), {}
    keys_sorted = sorted(k for k in keys if k)
    if not keys_sorted:
        return {}, {}
    join_params: list[Any]
    if typos:
        joined, join_params = "k.target = %s", [ROAD]
    elif areas:  # then not every row of a key is read: only names as they are
        joined, join_params = "k.target = %s AND k.form <> %s", [ROAD, DELETION]
    else:
        # A deletion row only when no road has the key as its name: a name typed as it is (章墩) is
        # one character short of dozens of others (章家墩), whose addresses are wanted only if no
        # road has the name as typed; one typed a character short (平乐嘉园) finds them here.
        joined = (f"k.target = %s AND (k.form <> %s OR NOT EXISTS (SELECT 1 FROM {MatchKey._meta.db_table} e "
                  "WHERE e.key = k.key AND e.target = %s AND e.form <> %s))")
        join_params = [ROAD, DELETION, ROAD, DELETION]
    where, params = db.one_of("k.key", keys_sorted)
    if areas:
        within_areas, area_params = db.one_of("k.area", [area + "%" for area in areas], operator="LIKE")
        where += f" AND k.target = %s AND {within_areas}"
        params += [ROAD, *area_params]
    # A key row joins one address per tail at most.
    parts = [_key_query(db, tails, joined, join_params, where, params, part=0,
                        limit=int(limit) * max(1, len(tails)) if limit else None)]
    if fragments is not None:
        parts.append(_fragment_query(db, fragments, tails, part=1))
    rows = db.fetch(" UNION ALL ".join(f"SELECT * FROM ({sql}) p{i}" for i, (sql, _) in enumerate(parts))
                    if len(parts) > 1 else parts[0][0], [param for _, part in parts for param in part])
    if fragments is not None:
        fragments.by_key, fragments.prefetched, _ = _key_rows([row for row in rows if row[PART] == 1], names,
                                                              every_row=True, only=fragments.suffixes if tails else set())
        rows = [row for row in rows if row[PART] == 0]
    by_key, prefetched, seen = _key_rows(rows, names, every_row=typos, deletions=not areas)
    if limit and seen >= limit:
        return {}, {}
    return by_key, prefetched if tails else {}  # with no tails, nothing was joined


def fragment_lookup(db: Reader, fragments: Fragments, tails: list[str], *, names: dict[str, str] | None = None,
                    ) -> Fragments:
    """``fragments`` read on their own (no typo lookup came before)."""
    sql, params = _fragment_query(db, fragments, tails, part=1)
    fragments.by_key, fragments.prefetched, _ = _key_rows(db.fetch(sql, params), names, every_row=True,
                                                          only=fragments.suffixes if tails else set())
    return fragments


_KEY_COLUMNS = "k.key, k.target, k.form, k.text, k.road_id, k.area, k.road_code"
_ADDRESS_COLUMNS = ", ".join(f"a.{c.strip()}" for c in ADDRESS_COLUMNS.split(","))
# Typed empty columns for a part that joins nothing (SQLite would walk the address table for a
# join whose condition is constantly false).
_NO_ADDRESS = ", ".join("CAST(NULL AS BIGINT)" if c.strip() in ("id", "road_id") else "CAST(NULL AS VARCHAR(200))"
                        for c in [*ADDRESS_COLUMNS.split(","), "full_name"])


def _key_query(db: Reader, tails: list[str], joined: str, join_params: list[Any], where: str, params: list[Any], *,
               part: int, limit: int | None = None) -> tuple[str, list[Any]]:
    """One part of a key query: the key rows ``where`` says, each joined (when ``joined``) to
    the addresses its road has at the code tails, with their regions' names."""
    if not tails or not joined:
        sql = f"SELECT {_KEY_COLUMNS}, {_NO_ADDRESS}, {int(part)} AS part FROM {MatchKey._meta.db_table} k WHERE {where}"
        params_out = list(params)
    else:
        codes = ", ".join(["k.road_code || %s"] * len(tails))
        # The region's name comes with each address found (one probe of a small table's primary
        # key): a third of what people type (雉州路8号) ties between villages, which are then named.
        sql = (f"SELECT {_KEY_COLUMNS}, {_ADDRESS_COLUMNS}, r.full_name, {int(part)} AS part "
               f"FROM {MatchKey._meta.db_table} k LEFT JOIN {Address._meta.db_table} a ON {joined} AND a.code IN ({codes}) "
               f"LEFT JOIN {Region._meta.db_table} r ON r.code = a.region_code WHERE {where}")
        params_out = [*join_params, *tails, *params]
    if limit:
        sql += f" LIMIT {int(limit)}"
    return sql, params_out


def _fragment_query(db: Reader, fragments: Fragments, tails: list[str], *, part: int) -> tuple[str, list[Any]]:
    """The fragments as names (no deletion rows: no typos inside a longer name), with the
    addresses of the roads that may end a token."""
    where, params = db.one_of("k.key", sorted(fragments.keys))
    if not fragments.suffixes:
        return _key_query(db, [], "", [], f"{where} AND k.form <> %s", [*params, DELETION], part=part)
    suffixes, suffix_params = db.one_of("k.key", sorted(fragments.suffixes))
    return _key_query(db, tails, f"k.target = %s AND {suffixes}", [ROAD, *suffix_params], f"{where} AND k.form <> %s",
                      [*params, DELETION], part=part)


def _key_rows(rows: list[tuple[Any, ...]], names: dict[str, str] | None, *, every_row: bool, deletions: bool = True,
              only: set[str] | None = None,
              ) -> tuple[dict[str, list[tuple[Any, ...]]], dict[int, list[tuple[Any, ...]]], int]:
    """(key rows by key, addresses by road for each village road looked at, key rows read).
    ``every_row``: every road row was joined to its addresses; otherwise those of deletion
    rows only when no road has the key as its name, and (``deletions`` False) never. ``only``:
    just the rows of these keys were joined."""
    by_key: dict[str, list[tuple[Any, ...]]] = {}
    found: dict[int, dict[int, tuple[Any, ...]]] = {}  # road → address id → address
    short: dict[str, list[tuple[Any, ...]]] = {}  # deletion rows by key, joined if no road has the key
    seen: set[tuple[Any, ...]] = set()
    for row in rows:
        key_row = row[:KEY_ROW]
        if key_row not in seen:
            seen.add(key_row)
            of_key = by_key.get(row[0])
            if of_key is None:
                by_key[row[0]] = [key_row]
            else:
                of_key.append(key_row)
        if row[4] is None:
            continue
        area = row[5]
        if len(area) != 12 or not row[6].startswith(area) or (only is not None and row[0] not in only):
            continue  # a township's road (its addresses' codes begin with their villages), or not joined
        if row[2] == DELETION and not every_row:
            if deletions:
                short.setdefault(row[0], []).append(row)
            continue
        addresses = found.get(row[4])
        if addresses is None:
            addresses = found[row[4]] = {}
        if row[KEY_ROW] is not None and row[STATUS] == ACTIVE:
            addresses[row[KEY_ROW]] = row[KEY_ROW:STATUS]
            if names is not None and row[REGION_NAME] is not None:
                names[row[10]] = row[REGION_NAME]
    for key, deletion_rows in short.items():
        if not any(r[1] == ROAD and r[2] != DELETION for r in by_key[key]):
            for row in deletion_rows:
                _found(found, row, names)
    return by_key, {road_id: list(addresses.values()) for road_id, addresses in found.items()}, len(seen)


def _found(found: dict[int, dict[int, tuple[Any, ...]]], row: tuple[Any, ...], names: dict[str, str] | None) -> None:
    """A row of a key query whose road was looked at: its address (if one joined)."""
    addresses = found.setdefault(row[4], {})
    if row[KEY_ROW] is not None and row[STATUS] == ACTIVE:
        addresses[row[KEY_ROW]] = row[KEY_ROW:STATUS]
        if names is not None and row[REGION_NAME] is not None:
            names[row[10]] = row[REGION_NAME]


def lookup(db: Reader, keys: Iterable[str], *, areas: Sequence[str] = (), limit: int | None = None,
           typos: bool = True, target: str = "") -> dict[str, list[tuple[Any, ...]]]:
    """Rows of ``MatchKey`` for these keys; only roads in ``areas`` (prefixes) when given, only
    rows of ``target`` when given, and no deletion rows unless ``typos``. With ``limit``, more
    rows than that means the keys say too little to go on, and nothing is returned."""
    keys = sorted(k for k in keys if k)
    if not keys:
        return {}
    where, params = db.one_of("key", keys)
    sql = f"SELECT key, target, form, text, road_id, area, road_code FROM {MatchKey._meta.db_table} WHERE {where}"
    if not typos:
        sql += " AND form <> %s"
        params.append(DELETION)
    if target:
        sql += " AND target = %s"
        params.append(target)
    if areas:
        within_areas, area_params = db.one_of("area", [area + "%" for area in areas], operator="LIKE")
        sql += f" AND target = %s AND {within_areas}"
        params += [ROAD, *area_params]
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = db.fetch(sql, params)
    if limit and len(rows) >= limit:
        return {}
    by_key: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        by_key.setdefault(row[0], []).append(row)
    return by_key


def areas_of(search: Search) -> list[str]:
    """Where roads may lie, as few prefixes as possible for SQL: the most specific region the text
    names (or the caller's area). Cut to the township, because a road may belong to the township
    of the village that the text names."""
    sets = [*search.constraints, (search.prefix,) if search.prefix else ()]
    sets = [s for s in sets if s]
    if not sets:
        return []
    narrowest = max(sets, key=lambda prefixes: min(len(p) for p in prefixes))
    return sorted({p[:9] for p in narrowest})


