"""Re-seal every encrypted column under the current field key, in batches, resumably.

For each sealed table (``discovery.sealed_tables``), in primary-key order: select the next
``batch_size`` rows with a ciphertext not under the current key id (``v1`` or another key's
``v2``), decrypt each with whichever key it names, encrypt it under the current key, recompute
its blind index, and write the batch and the progress (the last primary key done) in one
transaction. A kill loses at most the batch in flight; the next run resumes after the last
committed key. The system keeps serving meanwhile: every process holds the new key and the old
ones (``MINZHENG_FIELD_KEY_PREVIOUS``), each row names its key, and lookups accept both digests.

The rows are written with plain UPDATEs, not ``save()``: no signal fires, no ``updated_at``
moves, no per-person audit entry is written (one entry per run records the rotation). Each
UPDATE also matches the ciphertext it read, so a row that a user changed in between is left as
that user wrote it (under the current key, since every process writes with it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from minzheng.core import crypto
from minzheng.core.audit import audit_record
from minzheng.core.keys import messages
from minzheng.core.keys.discovery import DigestOnly, SealedTable, digest_only, sealed_tables
from minzheng.core.keys.models import KeyRotation

DEFAULT_BATCH_SIZE = 2000
# Rows written under an old key behind the cursor (by a process not yet restarted) are picked
# up by another pass over the tables that still have some; after this many, the run says so.
PASSES = 3


class RotationRefused(Exception):
    """The rotation cannot start or go on; the message says why and what to do, in Chinese."""


@dataclass
class TableCount:
    label: str
    stale: int  # rows with a ciphertext not under the current key


@dataclass
class Status:
    key_id: str
    previous_key_ids: list[str]
    tables: list[TableCount]
    digest_only: list[DigestOnly]
    rotation: KeyRotation | None

    @property
    def stale(self) -> int:
        return sum(t.stale for t in self.tables)


@dataclass
class Result:
    key_id: str
    rows: int = 0
    batches: int = 0
    tables: int = 0
    seconds: float = 0.0
    complete: bool = False
    left: int = 0
    per_table: dict[str, int] = field(default_factory=dict)


def stale_q(table: SealedTable, kid: str) -> Q:
    """Rows with at least one non-empty ciphertext that does not name ``kid``."""
    prefix = f"{crypto.VERSION}:{kid}:"
    q = Q(pk__in=[])
    for col in table.columns:
        q |= ~Q(**{col.cipher: ""}) & ~Q(**{f"{col.cipher}__startswith": prefix})
    return q


def status() -> Status:
    ring = crypto.ring()
    kid = ring.current.key_id
    counts = [TableCount(label=t.label, stale=t.model._base_manager.filter(stale_q(t, kid)).count())
              for t in sealed_tables()]
    return Status(key_id=kid, previous_key_ids=[k.key_id for k in ring.previous], tables=counts,
                  digest_only=digest_only(), rotation=KeyRotation.objects.filter(target_key_id=kid).first())


def preflight(tables: list[SealedTable]) -> None:
    """Refuse before any write when a column holds rows that no key of this process opens: the
    first such row of each column is tried (a later one stops the run at its batch)."""
    ring = crypto.ring()
    kid = ring.current.key_id
    known = {k.key_id for k in ring.all}
    prefix = f"{crypto.VERSION}:{kid}:"
    for table in tables:
        for col in table.columns:
            first = (table.model._base_manager.exclude(**{col.cipher: ""})
                     .exclude(**{f"{col.cipher}__startswith": prefix}).order_by("pk")
                     .values_list(col.cipher, flat=True).first())
            if first is None:
                continue
            other = crypto.token_key_id(first)
            if other is not None and other in known:
                continue
            if other is None:
                try:
                    crypto.decrypt(first, purpose=col.purpose)
                    continue
                except (InvalidTag, ValueError):
                    other = messages.LEGACY
            template = messages.REFUSED_UNKNOWN if ring.previous else messages.REFUSED_NO_PREVIOUS
            raise RotationRefused(template.format(
                table=table.model._meta.db_table, field=col.cipher, kid=other, current=kid,
                previous=", ".join(k.key_id for k in ring.previous)))


def _update_sql(table: SealedTable) -> str:
    quote = connection.ops.quote_name
    meta = table.model._meta
    sets, wheres = [], [f"{quote(meta.pk.column)} = %s"]
    for col in table.columns:
        sets.append(f"{quote(meta.get_field(col.cipher).column)} = %s")
        if col.digest:
            sets.append(f"{quote(meta.get_field(col.digest).column)} = %s")
        wheres.append(f"{quote(meta.get_field(col.cipher).column)} = %s")
    return f"UPDATE {quote(meta.db_table)} SET {', '.join(sets)} WHERE {' AND '.join(wheres)}"


def _reseal(table: SealedTable, rows: list[tuple], kid: str) -> list[list]:
    """The UPDATE parameters of one batch: new ciphertexts and digests, the pk, the old ones."""
    params = []
    positions = _positions(table)
    for pk, *values in rows:
        sets, olds = [], []
        for col, (at_cipher, at_digest) in zip(table.columns, positions, strict=True):
            cipher = values[at_cipher]
            digest = values[at_digest] if at_digest is not None else None
            if cipher and crypto.token_key_id(cipher) != kid:
                try:
                    plain = crypto.decrypt(cipher, purpose=col.purpose)
                except (InvalidTag, ValueError) as exc:
                    raise RotationRefused(messages.UNREADABLE_ROW.format(
                        table=table.model._meta.db_table, field=col.cipher, pk=pk, purpose=col.purpose,
                        reason=str(exc) or type(exc).__name__)) from exc
                sets.append(crypto.encrypt(plain, purpose=col.purpose))
                if col.digest:
                    sets.append(crypto.blind_index(plain, purpose=col.purpose))
            else:
                sets.append(cipher)
                if col.digest:
                    sets.append(digest)
            olds.append(cipher)
        params.append([*sets, pk, *olds])
    return params


def _fields(table: SealedTable) -> list[str]:
    return [name for col in table.columns for name in (col.cipher, col.digest) if name]


def _positions(table: SealedTable) -> list[tuple[int, int | None]]:
    """Where each column's cipher and digest sit in a row of ``_fields`` (after the pk)."""
    fields = _fields(table)
    return [(fields.index(col.cipher), fields.index(col.digest) if col.digest else None) for col in table.columns]


def _rotation(kid: str) -> KeyRotation:
    rotation, _ = KeyRotation.objects.get_or_create(target_key_id=kid)
    return rotation


def rotate(
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    pause: float = 0.0,
    max_batches: int | None = None,
    on_batch: Callable[[str, int, int], None] | None = None,
) -> Result:
    """Run (or resume) the rotation to the current key. ``pause`` seconds between batches leave
    the database to the users; ``max_batches`` stops early (tests, a slice per night);
    ``on_batch(table, rows in batch, rows done in the table)`` reports progress."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.monotonic()
    ring = crypto.ring()
    kid = ring.current.key_id
    tables = sealed_tables()
    preflight(tables)
    result = Result(key_id=kid, tables=len(tables))
    with transaction.atomic():
        rotation = _rotation(kid)
        KeyRotation.objects.filter(pk=rotation.pk).update(runs=F("runs") + 1, finished_at=None)
        audit_record(actor=None, action="core.key_rotation.started", obj=rotation,
                     after={"target_key_id": kid, "previous_key_ids": [k.key_id for k in ring.previous],
                            "batch_size": batch_size})
    state: dict[str, dict] = dict(rotation.tables)
    for _ in range(PASSES):
        for table in tables:
            done = _rotate_table(table, kid=kid, rotation=rotation, state=state, batch_size=batch_size,
                                 pause=pause, result=result, max_batches=max_batches, on_batch=on_batch)
            if not done:
                result.seconds = time.monotonic() - started
                return result
        left = {t.label: t.model._base_manager.filter(stale_q(t, kid)).count() for t in tables}
        result.left = sum(left.values())
        if not result.left:
            break
        for label, n in left.items():  # written under an old key behind the cursor: go again
            if n:
                state[label] = {**state.get(label, {}), "last_pk": None, "done": False}
    result.complete = result.left == 0
    if result.complete:
        with transaction.atomic():
            KeyRotation.objects.filter(pk=rotation.pk).update(finished_at=timezone.now(), tables=state)
            rotation.refresh_from_db()
            audit_record(actor=None, action="core.key_rotation.completed", obj=rotation,
                         after={"target_key_id": kid, "rows_done": rotation.rows_done})
    result.seconds = time.monotonic() - started
    return result


def _rotate_table(table: SealedTable, *, kid: str, rotation: KeyRotation, state: dict[str, dict],
                  batch_size: int, pause: float, result: Result, max_batches: int | None,
                  on_batch: Callable[[str, int, int], None] | None) -> bool:
    """Rotate one table from where its progress says; False when ``max_batches`` stopped it."""
    progress = state.setdefault(table.label, {"last_pk": None, "rows": 0, "done": False})
    if progress.get("done"):
        return True
    sql = _update_sql(table)
    stale = stale_q(table, kid)
    fields = _fields(table)
    manager = table.model._base_manager
    while True:
        if max_batches is not None and result.batches >= max_batches:
            return False
        qs = manager.filter(stale).order_by("pk")
        if progress.get("last_pk") is not None:
            qs = qs.filter(pk__gt=progress["last_pk"])
        rows = list(qs.values_list("pk", *fields)[:batch_size])
        if not rows:
            progress["done"] = True
            KeyRotation.objects.filter(pk=rotation.pk).update(tables=state, updated_at=timezone.now())
            return True
        params = _reseal(table, rows, kid)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.executemany(sql, params)
            last = rows[-1][0]
            progress["last_pk"] = last if isinstance(last, int) else str(last)
            progress["rows"] = progress.get("rows", 0) + len(rows)
            KeyRotation.objects.filter(pk=rotation.pk).update(
                tables=state, rows_done=F("rows_done") + len(rows), updated_at=timezone.now())
        result.rows += len(rows)
        result.batches += 1
        result.per_table[table.label] = result.per_table.get(table.label, 0) + len(rows)
        if on_batch is not None:
            on_batch(table.label, len(rows), progress["rows"])
        if pause:
            time.sleep(pause)
