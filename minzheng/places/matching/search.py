"""What one match works with: its tunable weights, its state, the database reader, and small
helpers shared by the name and address steps (``names``, ``addresses``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from minzheng.places import codes
from minzheng.places.addresses.models import Address
from minzheng.places.matching.models import MatchKey
from minzheng.places.parsing import ParsedAddress

MAX_TEXT = 200
MAX_LIMIT = 20

# How much each kind of evidence is worth. A perfect match scores 1; the default threshold is 0.8.
FORM_SCORE = {MatchKey.Form.NAME: 1.0, MatchKey.Form.ALIAS: 1.0, MatchKey.Form.SHORT: 0.97}
TYPO_SCORE = 0.9  # the road or compound name is one character off
# A level named in the text that no region has: another city is a near-certain miss, a township
# we do not know is more likely a slip.
UNKNOWN_LEVEL_PENALTY = {"province": 0.5, "city": 0.5, "county": 0.3, "township": 0.15, "village": 0.1}
# A township, village or community one character off its name (织理镇): a slip, when one fits.
REGION_TYPO_PENALTY = 0.05
TYPO_LEVELS = ("township", "village")
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


ADDRESS_COLUMNS = "id, code, full_text, region_code, road_id, number, building, unit, room, status"
ACTIVE = Address.Status.ACTIVE.value



@dataclass(frozen=True)
class Candidate:
    address_id: int
    code: str
    full_text: str
    score: float
    region_code: str


@dataclass(frozen=True)
class TiedRegion:
    """A village or community where one of the tied candidates lies."""

    code: str
    name: str  # its full name: 湖州市吴兴区爱山街道仪凤桥社区


@dataclass(frozen=True)
class MissingNumber:
    """The text names a road and a doorplate number that the road does not have (月河路18号 on a
    road of 1–5号): the road, the number asked for, and the numbers it has."""

    road: str
    number: str
    existing: str  # 1–5号、7号、9-1号


@dataclass(frozen=True)
class MatchResult:
    best: Candidate | None
    candidates: tuple[Candidate, ...] = ()
    parsed: dict[str, str] = field(default_factory=dict)
    # True when candidates tie for first place, so none was chosen.
    ambiguous: bool = False
    # When the tie is between regions (雉州路8号 in two communities): each of them, so that the
    # caller can pick one and match again inside it. Empty when the tie lies inside one region.
    tied_regions: tuple[TiedRegion, ...] = ()
    # When the one road found has no such doorplate number: what it has instead.
    missing_number: MissingNumber | None = None


class Reader:
    """Plain reads on the driver's own cursor. Django's cursor wrapper (and its connection proxy)
    cost about as much as the indexed lookup itself, at two or three queries per match; these are
    reads inside whatever transaction Django has open, so nothing it manages is bypassed but the
    query log.

    On PostgreSQL the statements are prepared on the server (``MINZHENG_MATCH_PREPARED_STATEMENTS``,
    on by default) with lists passed as arrays, so that each kind of query has one text and one
    plan per connection (``Prepared``). Their generic plans are forced: planning a custom plan
    for every match costs as much as running it, and these queries probe unique or selective
    indexes whatever the values. Only prepared statements follow ``plan_cache_mode``, and Django
    prepares none.
    """

    def __init__(self) -> None:
        wrapper = connections[DEFAULT_DB_ALIAS]
        wrapper.ensure_connection()
        self.raw = wrapper.connection
        self.qmark = wrapper.vendor == "sqlite"
        self.prepare = wrapper.vendor == "postgresql" and settings.MINZHENG_MATCH_PREPARED_STATEMENTS
        self.prepared: Prepared | None = None
        if self.prepare:
            # Kept on Django's (per-thread) connection wrapper, for as long as its connection lives.
            kept = getattr(wrapper, PREPARED_ATTRIBUTE, None)
            self.prepared = kept if kept is not None and kept.connection is self.raw else Prepared(self.raw)
            setattr(wrapper, PREPARED_ATTRIBUTE, self.prepared)

    def fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        if self.prepared is not None:
            return self.prepared.fetch(sql, params)
        cursor = self.raw.cursor()
        try:
            cursor.execute(sql.replace("%s", "?") if self.qmark else sql, params)
            return cursor.fetchall()
        finally:
            cursor.close()

    def one_of(self, column: str, values: Sequence[Any], *, operator: str = "=") -> tuple[str, list[Any]]:
        """``column`` equal to (or ``LIKE``) one of ``values``: one array parameter where the
        statement is prepared, so its text does not change with the number of values."""
        if self.prepare:
            if values and type(values[0]) is int:  # a list is of ids or of strings
                return f"{column} {operator} ANY(%s::bigint[])", ["{" + ",".join(map(str, values)) + "}"]
            return f"{column} {operator} ANY(%s::text[])", [text_array(values)]
        if operator == "=":
            return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)
        return "(" + " OR ".join([f"{column} {operator} %s"] * len(values)) + ")", list(values)


class Prepared:
    """The matcher's statements, prepared on one PostgreSQL connection and run with libpq's own
    ``PQexecPrepared`` (psycopg's documented ``pq`` wrapper). Parameters go as text (strings,
    numbers, array literals: ``Reader.one_of``), the server infers their types from the
    statement, and the rows come back through psycopg's own loaders, as its cursor would return
    them. Errors are raised as psycopg's.

    Not psycopg's public ``cursor.execute(sql, params, prepare=True)``, which prepares the same
    statements on the server: its per-query machinery (adapting each parameter, its statement
    cache, its generator and wait loop) cost 25 µs more client CPU on the usual first lookup (57
    against 32 µs) and, over the benchmark's inputs, 35–63 µs more per match (246 against 211,
    290 against 227), 6–30% fewer matches a second in alternating passes, for the same server
    work (``python -m bench.address_match --compare-readers``, five runs on a shared machine).
    It would also need Django's ``prepare_threshold`` (None: nothing is prepared, not even on
    request) changed on the shared connection.

    A statement is prepared the first time its text is run; the texts are a small fixed set
    (lists are arrays), and past ``MAX_PREPARED`` more are run unprepared.
    """

    MAX_PREPARED = 200

    def __init__(self, connection: Any) -> None:
        from psycopg import errors, pq
        from psycopg.adapt import Transformer

        self.connection = connection
        self.pgconn = connection.pgconn
        self.encoding = connection.info.encoding
        self.transformer = Transformer(connection)
        self.names: dict[str, bytes] = {}
        self.succeeded = (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK)
        self.error_from_result = errors.error_from_result
        connection.execute("SET plan_cache_mode = force_generic_plan")

    def fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        values = [None if p is None else str(p).encode(self.encoding) for p in params]
        name = self.names.get(sql)
        if name is None and len(self.names) < self.MAX_PREPARED:
            name = f"minzheng_match_{len(self.names)}".encode()
            self._check(self.pgconn.prepare(name, _numbered(sql).encode(self.encoding)))
            self.names[sql] = name
        if name is None:
            result = self._check(self.pgconn.exec_params(_numbered(sql).encode(self.encoding), values))
        else:
            result = self._check(self.pgconn.exec_prepared(name, values))
        self.transformer.set_pgresult(result)
        rows: list[tuple[Any, ...]] = self.transformer.load_rows(0, result.ntuples, tuple)
        return rows

    def _check(self, result: Any) -> Any:
        if result.status not in self.succeeded:
            raise self.error_from_result(result, encoding=self.encoding)
        return result


def _numbered(sql: str) -> str:
    """``%s`` placeholders as PostgreSQL's ``$1``, ``$2``…"""
    pieces = sql.split("%s")
    return "".join(piece + (f"${i}" if i < len(pieces) else "") for i, piece in enumerate(pieces, start=1))


def text_array(values: Sequence[str]) -> str:
    """A PostgreSQL array literal of these strings: each quoted, with backslash and double quote
    escaped, so any text (commas, braces, spaces, NULL) is read back as itself."""
    if not values:
        return "{}"
    joined = '","'.join(values)
    if "\\" in joined or '"' in joined:
        joined = '","'.join(v.replace("\\", "\\\\").replace('"', '\\"') for v in values)
    return '{"' + joined + '"}'


PREPARED_ATTRIBUTE = "minzheng_match_prepared"


@dataclass
class Search:
    """What one match has worked out so far."""

    db: Reader
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
    # The text named a number and no address of the roads found has it: their first addresses
    # are offered instead.
    number_missing: bool = False
    # The full names of the regions of the addresses fetched with the first lookup (code → name):
    # a tie between them is named without another query.
    region_names: dict[str, str] = field(default_factory=dict)


def readings_of(parsed: ParsedAddress) -> list[tuple[str, str, str, str]]:
    """(number, building, unit, room) as the text may be read: 18-3 is building 3 of 18, or 18-3号."""
    readings = [(parsed.number, parsed.building, parsed.unit, parsed.room)]
    if parsed.sub_number:
        readings.append((parsed.sub_number, "", "", ""))
    return readings


def code_tails(readings: list[tuple[str, str, str, str]]) -> list[str]:
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


def compatible(a: str, b: str) -> bool:
    """One region contains the other (a road of a township serves its villages)."""
    return a.startswith(b) or b.startswith(a)


def within(code: str, constraints: list[tuple[str, ...]], *, loose: bool = False) -> bool:
    """``code`` lies in one of the regions of every constraint (``loose``: or contains one)."""
    for prefixes in constraints:
        # ``startswith`` takes the whole tuple, and no generator is made: this runs for every
        # candidate road and address.
        if code.startswith(prefixes):
            continue
        if not loose:
            return False
        for p in prefixes:
            if p.startswith(code):
                break
        else:
            return False
    return True


def same(a: str, b: str) -> bool:
    return a == b or a.lstrip("0") == b.lstrip("0")


def one_substitution(a: str, b: str) -> bool:
    """``a`` and ``b`` are the same length and differ in exactly one place."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


RANGES_SHOWN = 8


def number_ranges(numbers: Sequence[str]) -> str:
    """Doorplate numbers as people read them: 1, 2, 3, 4, 5, 7, 9-1 → 1–5号、7号、9-1号; after
    ``RANGES_SHOWN`` pieces, 等."""
    plain = sorted({int(n) for n in numbers if n.isdigit()})
    pieces: list[str] = []
    start = previous = None
    for n in plain:
        if previous is not None and n == previous + 1:
            previous = n
            continue
        if start is not None:
            pieces.append(f"{start}号" if start == previous else f"{start}–{previous}号")
        start = previous = n
    if start is not None:
        pieces.append(f"{start}号" if start == previous else f"{start}–{previous}号")
    pieces += [f"{n}号" for n in sorted(set(numbers) - {str(n) for n in plain})]
    return "、".join(pieces[:RANGES_SHOWN]) + ("等" if len(pieces) > RANGES_SHOWN else "")
