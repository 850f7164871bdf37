"""Hash chains over append-only tables (the audit and access logs): each row carries the hash of
its own content and of the row before it, so that a database administrator who edits, deletes or
slips in a row (the append-only triggers stop the app, not the owner of the tables) leaves a break
that ``minzheng audit verify`` finds.

- ``row_hash = sha256(prev_hash + canonical JSON of the row)``, hex. The canonical JSON holds every
  concrete field except the two hashes, by attname (``actor_id``), the id included (so rows cannot
  swap places), ``at`` in UTC ISO 8601, JSON fields as the database gives them back (round-tripped,
  integral floats as integers, since PostgreSQL's jsonb prints ``1e20`` as digits), keys sorted,
  ``ensure_ascii=False``, compact separators. The first row's ``prev_hash`` is ``GENESIS``.
- **The format never changes**: rows hashed years ago must verify. A new column on a chained table
  changes every row's content; ``tests/core/test_chain.py`` pins the field lists so it cannot
  happen unnoticed.
- **Order.** A writer takes the table's chain lock (PostgreSQL: an advisory transaction lock; SQLite:
  its writers already take turns, ``transaction_mode`` IMMEDIATE), reads the last row's hash, draws
  the new rows' ids (PostgreSQL: ``nextval`` of the table's sequence; SQLite: past the last id and
  ``sqlite_sequence``), hashes and inserts, and keeps the lock to commit. So id order is chain order,
  also under concurrent writers, and no row is hashed against a row that later rolls back.
- The hash is not keyed: whoever can rewrite the table can recompute the whole tail after a change.
  Each verification therefore records the head it saw (last id and hash), and the next one checks
  that the row is still there with the same hash; print the head (the command does) and keep it
  somewhere else to close that gap further.

This module knows no model: ``core.models`` calls it when rows are created, ``core.audit_verify``
when it walks them.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models
from django.utils import timezone

GENESIS = "0" * 64
HASH_FIELDS = ("prev_hash", "row_hash")
# Rows read per query while walking a chain or back-filling it: constant memory at any size.
BATCH = 5000

# The first bad row, in the auditor's words (reasons of a finding; tests reuse them).
CHAIN_OK = "完好：共核验 {rows} 条记录"
CHAIN_EMPTY = "完好：表中还没有记录"
CHAIN_UNCHAINED = "第 {id} 号记录没有哈希：它不是经本系统写入的"
CHAIN_CHANGED = "第 {id} 号记录被修改过：其内容与本行哈希不符"
CHAIN_REMOVED = "第 {id} 号记录之前有记录被删除：其前一行哈希与上一条记录（第 {prev} 号）的哈希不符"
CHAIN_REMOVED_FIRST = "第 {id} 号记录之前有记录被删除：它是现存第一条，但其前一行哈希不是链首"
CHAIN_INSERTED = "第 {id} 号记录是插入的：它不在第 {prev} 号与第 {next} 号记录之间的链上"
CHAIN_INSERTED_FIRST = "第 {id} 号记录是插入的：它排在第一条，但不在链上"
CHAIN_REWRITTEN = "第 {id} 号记录的哈希与上次核验（{at}）时不同：此后这段链被整体重写过"
CHAIN_TRUNCATED = "第 {id} 号记录已不存在：上次核验（{at}）时它是最后一条，此后末尾的记录被删除"


class Kind:
    """What is wrong with the first bad row."""

    UNCHAINED = "unchained"
    CHANGED = "changed"
    REMOVED = "removed"
    INSERTED = "inserted"
    REWRITTEN = "rewritten"
    TRUNCATED = "truncated"


def lock_key(table: str) -> int:
    """The advisory-lock key of one table's chain: a constant per table, in PostgreSQL's bigint."""
    return zlib.crc32(f"minzheng.chain.{table}".encode())


def content_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields a row's hash covers: every concrete field but the hashes, by attname order."""
    return sorted((f for f in model._meta.concrete_fields if f.name not in HASH_FIELDS), key=lambda f: f.attname)


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _json(value: Any) -> Any:
    # As the database gives it back: JSON types only, string keys, and numbers as PostgreSQL's
    # jsonb prints them (an integral float comes back without its ".0" only if it was written with
    # an exponent; treating every integral float as an integer makes both readings equal).
    if value is None:
        return None
    return json.loads(json.dumps(value), parse_float=_number, parse_int=_number)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return (value.astimezone(dt.UTC) if value.tzinfo else value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


def converters_for(fields: Sequence[models.Field]) -> list[Callable[[Any], Any]]:
    return [_json if isinstance(f, models.JSONField) else _plain for f in fields]


def canonical(names: Sequence[str], converters: Sequence[Callable[[Any], Any]], values: Sequence[Any]) -> str:
    content = {name: convert(value) for name, convert, value in zip(names, converters, values, strict=True)}
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def row_hash(prev_hash: str, content_json: str) -> str:
    return hashlib.sha256((prev_hash + content_json).encode()).hexdigest()


def _last_and_ids(model: type[models.Model], *, using: str, count: int) -> tuple[str, list[int]]:
    """Under the table's chain lock: the last row's hash and ``count`` fresh ids, ascending."""
    connection = connections[using]
    table = model._meta.db_table
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Its own statement: a statement that waited for the lock would read from a snapshot
            # taken before the previous holder committed.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(table)])
            cursor.execute(
                f"SELECT (SELECT row_hash FROM {quoted} ORDER BY id DESC LIMIT 1), "
                f"nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            rows = cursor.fetchall()
            return rows[0][0] or GENESIS, sorted(row[1] for row in rows)
        if connection.vendor == "sqlite":
            # The write lock is already held (BEGIN IMMEDIATE); AUTOINCREMENT never reuses an id,
            # so the next one is past both the last row and the highest id ever handed out.
            cursor.execute(
                f"SELECT (SELECT row_hash FROM {quoted} ORDER BY id DESC LIMIT 1), "
                f"(SELECT MAX(id) FROM {quoted}), (SELECT seq FROM sqlite_sequence WHERE name = %s)",
                [table],
            )
            last_hash, last_id, seq = cursor.fetchone()
            start = max(last_id or 0, seq or 0) + 1
            return last_hash or GENESIS, list(range(start, start + count))
    raise NotImplementedError(f"hash chains support PostgreSQL and SQLite, not {connection.vendor}")


def link(model: type[models.Model], objs: Sequence[models.Model], *, using: str) -> None:
    """Give unsaved ``objs`` their ids and hashes, chained after the table's last row in the order
    given. Call it inside the atomic block that inserts them: the chain lock it takes is held until
    that transaction ends, so nobody appends in between."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("chain.link must run inside the transaction that inserts the rows")
    if any(obj.pk is not None for obj in objs):
        raise ValueError("a chained row gets its id from the chain")
    fields = content_fields(model)
    names, converters = [f.attname for f in fields], converters_for(fields)
    prev, ids = _last_and_ids(model, using=using, count=len(objs))
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj.prev_hash = prev
        obj.row_hash = prev = row_hash(prev, canonical(names, converters, [getattr(obj, n) for n in names]))


@dataclass(frozen=True)
class Finding:
    """The first bad row of a chain: its id, what is wrong, and the reason in Chinese."""

    row_id: int
    kind: str
    reason: str


@dataclass(frozen=True)
class Anchor:
    """The head a previous verification saw: its last row's id and hash, and when."""

    row_id: int
    row_hash: str
    at: dt.datetime


@dataclass(frozen=True)
class Walk:
    rows: int
    head_id: int | None
    head_hash: str
    finding: Finding | None


def _rows(model: type[models.Model], *, using: str, columns: list[str], upto: int,
          batch: int) -> Iterator[tuple[Any, ...]]:
    """``columns`` of each row up to id ``upto``, in id order, one keyset page at a time."""
    after = 0
    while True:
        page = list(model._base_manager.using(using).filter(id__gt=after, id__lte=upto)
                    .order_by("id").values_list(*columns)[:batch])
        if not page:
            return
        yield from page
        after = page[-1][0]


def walk(model: type[models.Model], *, using: str = "default", anchor: Anchor | None = None,
         batch: int = BATCH, progress: Callable[[int, int], None] | None = None) -> Walk:
    """Recompute ``model``'s chain in id order, up to the last row committed when it starts, and
    name the first bad row: one without hashes (unchained), one whose content no longer matches its
    hash (changed), one whose predecessor is gone (removed), one that does not belong where it sits
    (inserted), or a head that differs from what ``anchor`` saw (rewritten, truncated). Reads
    ``batch`` rows per query; ``progress(done, total)`` is called after each page."""
    fields = content_fields(model)
    names, converters = [f.attname for f in fields], converters_for(fields)
    ids = model._base_manager.using(using).aggregate(last=models.Max("id"), count=models.Count("id"))
    upto, total = ids["last"] or 0, ids["count"]
    when = f"{timezone.localtime(anchor.at):%Y-%m-%d %H:%M}" if anchor else ""
    rows = _rows(model, using=using, columns=["id", "prev_hash", "row_hash", *(n for n in names if n != "id")],
                 upto=upto, batch=batch)
    order = ["id", *(n for n in names if n != "id")]
    place = [order.index(n) for n in names]  # where each hashed field sits in a row's content part

    # The two rows before this one: their ids and hashes (the first row's "previous" is GENESIS).
    prev_id: int | None = None
    prev_hash_seen, earlier_id, earlier_hash = GENESIS, None, None
    done = 0
    pending: tuple[Any, ...] | None = None

    def found(row_id: int, kind: str, reason: str) -> Walk:
        return Walk(rows=done, head_id=prev_id, head_hash=prev_hash_seen if prev_id is not None else "",
                    finding=Finding(row_id, kind, reason))

    while True:
        row, pending = (pending, None) if pending is not None else (next(rows, None), None)
        if row is None:
            break
        row_id, prev_hash, stored = row[0], row[1], row[2]
        values = (row_id, *row[3:])
        if not stored:
            return found(row_id, Kind.UNCHAINED, CHAIN_UNCHAINED.format(id=row_id))
        if row_hash(prev_hash, canonical(names, converters, [values[i] for i in place])) != stored:
            return found(row_id, Kind.CHANGED, CHAIN_CHANGED.format(id=row_id))
        if prev_hash != prev_hash_seen:
            if prev_id is not None and prev_hash == earlier_hash:
                # This row follows the one before the previous: the previous one was slipped in.
                reason = (CHAIN_INSERTED.format(id=prev_id, prev=earlier_id, next=row_id) if earlier_id is not None
                          else CHAIN_INSERTED_FIRST.format(id=prev_id))
                return Walk(rows=done - 1, head_id=earlier_id, head_hash=earlier_hash if earlier_id is not None else "",
                            finding=Finding(prev_id, Kind.INSERTED, reason))
            pending = next(rows, None)
            if pending is not None and pending[1] == prev_hash_seen:
                # The next row follows the previous one: this one was slipped in between them.
                reason = (CHAIN_INSERTED.format(id=row_id, prev=prev_id, next=pending[0]) if prev_id is not None
                          else CHAIN_INSERTED_FIRST.format(id=row_id))
                return found(row_id, Kind.INSERTED, reason)
            if prev_id is None:
                return found(row_id, Kind.REMOVED, CHAIN_REMOVED_FIRST.format(id=row_id))
            return found(row_id, Kind.REMOVED, CHAIN_REMOVED.format(id=row_id, prev=prev_id))
        if anchor is not None and row_id == anchor.row_id and stored != anchor.row_hash:
            return found(row_id, Kind.REWRITTEN, CHAIN_REWRITTEN.format(id=row_id, at=when))
        earlier_id, earlier_hash = prev_id, prev_hash_seen
        prev_id, prev_hash_seen = row_id, stored
        done += 1
        if progress is not None and done % batch == 0:
            progress(done, total)
    if anchor is not None and (prev_id is None or prev_id < anchor.row_id):
        return found(anchor.row_id, Kind.TRUNCATED, CHAIN_TRUNCATED.format(id=anchor.row_id, at=when))
    if progress is not None and done % batch:
        progress(done, total)
    return Walk(rows=done, head_id=prev_id, head_hash=prev_hash_seen if prev_id is not None else "", finding=None)


def backfill(model: type[models.Model], *, using: str, batch: int = BATCH) -> int:
    """Chain the rows already in ``model``'s table, in id order (migration 0008; the caller lifts the
    append-only triggers around it). Returns the rows chained."""
    connection = connections[using]
    fields = content_fields(model)
    names, converters = [f.attname for f in fields], converters_for(fields)
    table = connection.ops.quote_name(model._meta.db_table)
    upto = model._base_manager.using(using).aggregate(last=models.Max("id"))["last"] or 0
    order = ["id", *(n for n in names if n != "id")]
    place = [order.index(n) for n in names]
    prev, done, updates = GENESIS, 0, []
    with connection.cursor() as cursor:
        for row in _rows(model, using=using, columns=order, upto=upto, batch=batch):
            digest = row_hash(prev, canonical(names, converters, [row[i] for i in place]))
            updates.append((prev, digest, row[0]))
            prev = digest
            done += 1
            if len(updates) >= batch:
                cursor.executemany(f"UPDATE {table} SET prev_hash = %s, row_hash = %s WHERE id = %s", updates)
                updates = []
        if updates:
            cursor.executemany(f"UPDATE {table} SET prev_hash = %s, row_hash = %s WHERE id = %s", updates)
    return done
