"""The lookup keys of the address matcher, and the function that (re)builds them.

The matcher must answer thousands of queries a second against millions of addresses, on SQLite
and PostgreSQL alike, without keeping anything in process memory (ARCHITECTURE: no module-level
caches of mutable data). So every name it may need to recognise is written out, normalized, as a
row of ``MatchKey``, and one indexed ``key IN (...)`` finds them all:

- a road's or compound's name and aliases (``Road.aliases``: former names, abbreviations);
- their short form without the generic suffix (红旗路 → 红旗, 碧浪湖小区 → 碧浪湖), which is how
  people often write them;
- every form with one character deleted (红旗路 → 旗路, 红路, 红旗). A name typed with one
  character wrong, missing or extra shares a key with the real one (the deletion neighbourhood of
  SymSpell), so a one-typo lookup is an equality too. Names of fewer than three characters get
  none: one character left says nothing;
- every region's name and short form (爱山街道 → 爱山, 仪凤桥社区 → 仪凤桥), so that upper levels in
  the text narrow the search in the same query, and the deletions of its name, so that a
  township or village typed one character off (织理镇) still narrows it.

Each road's row also carries its area (the scope prefix of its region) and its code, so that the
matcher can test "inside" as a string prefix and find an address typed in full by its own code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, transaction

from minzheng.core.models import Region
from minzheng.core.regions import scope_prefix
from minzheng.places.addresses.models import Road
from minzheng.places.matching.models import MatchKey
from minzheng.places.parsing import normalize

# Longest first, so that 嘉园 is stripped before 园.
ROAD_SUFFIXES = ("小区", "花园", "新村", "公寓", "家园", "嘉园", "华庭", "大道", "大街",
                 "路", "街", "巷", "弄", "道", "线", "苑", "园", "府", "城", "庭")
REGION_SUFFIXES = ("街道", "社区", "市", "区", "县", "镇", "乡", "村")
MIN_SHORT_LENGTH = 2
MIN_DELETION_LENGTH = 3
MAX_KEY_LENGTH = 60
BATCH = 5000

Row = tuple[str, str, int, str, int | None, str, str]  # key, target, form, text, road_id, area, road_code
COLUMNS = ("key", "target", "form", "text", "road_id", "area", "road_code")


def strip_suffix(name: str, suffixes: tuple[str, ...]) -> str:
    """The name without its generic suffix, or "" when too little would be left."""
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= MIN_SHORT_LENGTH:
            return name[: -len(suffix)]
    return ""


def deletions(text: str) -> set[str]:
    """Every form of ``text`` with one character deleted."""
    return {text[:i] + text[i + 1:] for i in range(len(text))}


def road_keys(name: str, aliases: Iterable[str] = ()) -> list[tuple[str, int, str]]:
    """(key, form, text) for one road or compound."""
    forms: dict[str, int] = {}
    name = normalize(str(name))
    short_name = strip_suffix(name, ROAD_SUFFIXES)
    for text, form in [(name, MatchKey.Form.NAME), *((a, MatchKey.Form.ALIAS) for a in aliases)]:
        text = normalize(str(text))
        if text and len(text) <= MAX_KEY_LENGTH:
            # An alias that is only the name without its suffix (红旗 for 红旗路) is its short form,
            # and counts as such: a hamlet whose own name it is (陆湾) is meant before it.
            forms.setdefault(text, MatchKey.Form.SHORT if text == short_name and form == MatchKey.Form.ALIAS else form)
    for text in list(forms):
        short = strip_suffix(text, ROAD_SUFFIXES)
        if short:
            forms.setdefault(short, MatchKey.Form.SHORT)
    keys: dict[tuple[str, str], int] = {}
    for text, kind in forms.items():
        keys[(text, text)] = kind
        if kind != MatchKey.Form.SHORT and len(text) >= MIN_DELETION_LENGTH:
            for key in deletions(text):
                keys.setdefault((key, text), MatchKey.Form.DELETION)
    return [(key, form, text) for (key, text), form in keys.items()]


def region_keys(name: str) -> list[tuple[str, int, str]]:
    """(key, form, text) for one region: its name, short form, and the deletions of its name
    (a township or village typed one character off is found as a road is)."""
    text = normalize(name)
    if not text:
        return []
    out: list[tuple[str, int, str]] = [(text, MatchKey.Form.NAME, text)]
    short = strip_suffix(text, REGION_SUFFIXES)
    if short:
        out.append((short, MatchKey.Form.SHORT, short))
    if len(text) >= MIN_DELETION_LENGTH:
        out.extend((key, MatchKey.Form.DELETION, text) for key in sorted(deletions(text) - {text, short}))
    return out


def road_names_rebuild(*, road_ids: Iterable[int] | None = None) -> int:
    """Rewrite the matcher's keys for these roads (every road, and every region, when
    ``road_ids`` is None), in one transaction. Returns the number of keys written.

    Call it after roads are created, renamed, given aliases or retired. The region keys are
    rewritten too when the number of regions has changed (new villages); a renamed region has
    them rewritten by ``places.receivers`` (``core.region_rename``). Running it twice writes the
    same rows.
    It records no audit entry: the keys are derived from roads and regions, whose own changes are
    audited.
    """
    with transaction.atomic():
        if road_ids is None:
            MatchKey.objects.all().delete()
            written = _insert([_region_rows()])
            wanted = None
        else:
            wanted = sorted(set(road_ids))
            for start in range(0, len(wanted), BATCH):
                MatchKey.objects.filter(road_id__in=wanted[start:start + BATCH]).delete()
            region_keys_ = MatchKey.objects.filter(target=MatchKey.Target.REGION)
            stale = (region_keys_.filter(form=MatchKey.Form.NAME).count() != Region.objects.count()
                     or not region_keys_.filter(form=MatchKey.Form.DELETION).exists())  # keys of an older version
            written = region_names_rebuild() if stale else 0
        written += _insert(_road_batches(wanted))
        if road_ids is None:
            # A whole new table: give the planner its statistics now, not when autovacuum wakes.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {MatchKey._meta.db_table}")
    return written


def region_names_rebuild() -> int:
    """Rewrite only the region keys (after the division list changed)."""
    with transaction.atomic():
        MatchKey.objects.filter(target=MatchKey.Target.REGION).delete()
        return _insert([_region_rows()])


def _region_rows() -> list[Row]:
    return [(key, MatchKey.Target.REGION, form, text, None, scope_prefix(code), "")
            for code, name in Region.objects.values_list("code", "name")
            for key, form, text in region_keys(name)]


def _road_batches(wanted: list[int] | None) -> Iterator[list[Row]]:
    """The keys of the active roads (all, or those ``wanted``), a batch of roads at a time. Each
    batch is read whole before it is written: on PostgreSQL the connection cannot run a query
    while a COPY is open on it."""
    roads = Road.objects.filter(status=Road.Status.ACTIVE).order_by("id")
    columns = ("id", "name", "aliases", "region_code", "code")
    chunks: Iterator[list[Any]]
    if wanted is None:
        chunks = _keyset(roads.values_list(*columns))
    else:
        chunks = (list(roads.filter(id__in=wanted[i:i + BATCH]).values_list(*columns))
                  for i in range(0, len(wanted), BATCH))
    for chunk in chunks:
        yield [(key, MatchKey.Target.ROAD, form, text, road_id, scope_prefix(region_code), code)
               for road_id, name, aliases, region_code, code in chunk
               for key, form, text in road_keys(name, aliases or ())]


def _keyset(rows: Any) -> Iterator[list[Any]]:
    """All of ``rows`` (ordered by id, id first), BATCH at a time, each batch a finished query."""
    last = 0
    while True:
        chunk = list(rows.filter(id__gt=last)[:BATCH])
        if not chunk:
            return
        yield chunk
        last = chunk[-1][0]


def _insert(batches: Iterable[list[Row]]) -> int:
    """COPY on PostgreSQL, executemany elsewhere, one batch at a time so memory stays flat."""
    table = MatchKey._meta.db_table
    columns = ", ".join(COLUMNS)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    count = 0
    for batch in batches:
        if not batch:
            continue
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                cursor.executemany(sql, batch)
        count += len(batch)
    return count
