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
- every region's name and short form (爱山街道 → 爱山), so that upper levels in the text narrow
  the search in the same query.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import connection, transaction

from minzheng.core.models import Region
from minzheng.core.regions import scope_prefix
from minzheng.places.models import MatchKey, Road
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
    for text, form in [(name, MatchKey.Form.NAME), *((a, MatchKey.Form.ALIAS) for a in aliases)]:
        text = normalize(str(text))
        if text and len(text) <= MAX_KEY_LENGTH:
            forms.setdefault(text, form)
    for text in list(forms):
        short = strip_suffix(text, ROAD_SUFFIXES)
        if short:
            forms.setdefault(short, MatchKey.Form.SHORT)
    keys: dict[tuple[str, str], int] = {}
    for text, form in forms.items():
        keys[(text, text)] = form
        if form != MatchKey.Form.SHORT and len(text) >= MIN_DELETION_LENGTH:
            for key in deletions(text):
                keys.setdefault((key, text), MatchKey.Form.DELETION)
    return [(key, form, text) for (key, text), form in keys.items()]


def region_keys(name: str) -> list[tuple[str, int, str]]:
    text = normalize(name)
    if not text:
        return []
    out = [(text, MatchKey.Form.NAME, text)]
    short = strip_suffix(text, REGION_SUFFIXES)
    if short:
        out.append((short, MatchKey.Form.SHORT, short))
    return out


def road_names_rebuild(*, road_ids: Iterable[int] | None = None) -> int:
    """Rewrite the matcher's keys for these roads (every road, and every region, when
    ``road_ids`` is None), in one transaction. Returns the number of keys written.

    Call it after roads are created, renamed, given aliases or retired, and after regions change
    (with no arguments). Running it twice writes the same rows. It records no audit entry: the
    keys are derived from roads and regions, whose own changes are audited.
    """
    with transaction.atomic():
        roads = Road.objects.filter(status=Road.Status.ACTIVE)
        if road_ids is None:
            MatchKey.objects.all().delete()
            written = _insert(_region_rows())
        else:
            ids = sorted(set(road_ids))
            for start in range(0, len(ids), BATCH):
                MatchKey.objects.filter(road_id__in=ids[start:start + BATCH]).delete()
            roads = roads.filter(id__in=ids) if len(ids) <= BATCH else roads
            written = 0
        wanted = None if road_ids is None else set(ids)
        written += _insert(_road_rows(roads, wanted))
    return written


def region_names_rebuild() -> int:
    """Rewrite only the region keys (after the division list changed)."""
    with transaction.atomic():
        MatchKey.objects.filter(target=MatchKey.Target.REGION).delete()
        return _insert(_region_rows())


def _region_rows() -> Iterator[Row]:
    for code, name in Region.objects.values_list("code", "name").iterator(chunk_size=BATCH):
        for key, form, text in region_keys(name):
            yield key, MatchKey.Target.REGION, form, text, None, scope_prefix(code), ""


def _road_rows(roads, wanted: set[int] | None) -> Iterator[Row]:  # type: ignore[no-untyped-def]
    rows = roads.values_list("id", "name", "aliases", "region_code", "code").order_by("id").iterator(chunk_size=BATCH)
    for road_id, name, aliases, region_code, code in rows:
        if wanted is not None and road_id not in wanted:
            continue
        for key, form, text in road_keys(name, aliases or ()):
            yield key, MatchKey.Target.ROAD, form, text, road_id, scope_prefix(region_code), code


def _insert(rows: Iterator[Row]) -> int:
    """COPY on PostgreSQL, executemany elsewhere, in batches so memory stays flat."""
    table = MatchKey._meta.db_table
    columns = ", ".join(COLUMNS)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
        batch: list[Row] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
