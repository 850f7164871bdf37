"""Restoring an archive into an empty database (``minzheng restore --from DIR``).

In this order, so that nothing is written unless it can be trusted: the manifest is read and every
file's size and SHA-256 checked; the archive's backend must be the target's; the target must be
empty (PostgreSQL: no table at all; SQLite: no file, or an empty one); then the data goes in, and
the rows of every table are counted and compared with the manifest.

The logs' append-only triggers are no obstacle: pg_dump puts triggers after the data (post-data),
so pg_restore loads the rows first and creates the triggers last; a SQLite file carries its
triggers inside it and is copied whole.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError

from minzheng.operations.backup import database, messages
from minzheng.operations.backup.archive import PG_FILE, SQLITE_FILE
from minzheng.operations.backup.manifest import Manifest, configured_fingerprints


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    tables: dict[str, int]
    migrations: dict[str, list[str]]
    seconds: float
    key_matches: bool


def _names(labels: list[str], limit: int = 5) -> str:
    return "、".join(labels[:limit]) + (f" 等 {len(labels)} 张" if len(labels) > limit else "")


def _compare(manifest: Manifest, tables: dict[str, int], migrations: dict[str, list[str]]) -> None:
    labels = [
        messages.COUNTS_MISMATCH_ITEM.format(table=table, expected=manifest.tables.get(table, "无"),
                                             actual=tables.get(table, "无"))
        for table in sorted(set(manifest.tables) | set(tables))
        if manifest.tables.get(table) != tables.get(table)
    ]
    if migrations != manifest.migrations:
        labels.append(messages.COUNTS_MISMATCH_ITEM.format(
            table="django_migrations（迁移状态）", expected=sum(map(len, manifest.migrations.values())),
            actual=sum(map(len, migrations.values()))))
    if labels:
        raise CommandError(messages.COUNTS_MISMATCH.format(tables="；".join(labels)))


def _pg_refuse_non_empty(conn) -> None:  # type: ignore[no-untyped-def]
    from psycopg import sql

    with conn.cursor() as cursor:
        tables = database.pg_tables(cursor)
        if not tables:
            return
        # Name the table that says most plainly what is there: the migrations first, else one with rows.
        ordered = sorted(tables, key=lambda t: (t[1] != "django_migrations", t))
        found: tuple[str, int] | None = None
        for schema, table in ordered:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
            rows = int(cursor.fetchone()[0])
            if found is None or rows:
                found = (table if schema == "public" else f"{schema}.{table}", rows)
            if rows:
                break
        assert found is not None
        raise CommandError(messages.TARGET_NOT_EMPTY.format(table=found[0], rows=found[1]))


def _pg_restore(source: Path, *, jobs: int) -> tuple[dict[str, int], dict[str, list[str]]]:
    conn = database.pg_connect()
    conn.autocommit = True
    try:
        _pg_refuse_non_empty(conn)
        done = subprocess.run(
            [database.pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", f"--jobs={jobs}",
             f"--dbname={database.pg_connect_params()['dbname']}", str(source / PG_FILE)],
            env=database.pg_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
        )
        if done.returncode != 0:
            raise CommandError(messages.PG_RESTORE_FAILED.format(code=done.returncode, detail=done.stderr.strip()))
        with conn.cursor() as cursor:
            # pg_restore leaves the planner without statistics; the first queries would plan blind.
            cursor.execute("ANALYZE")
            tables = database.pg_counts(cursor)
            return tables, database.applied_migrations(cursor, tables)
    finally:
        conn.close()


def _sqlite_refuse_non_empty() -> Path:
    target = database.sqlite_path()
    if target.exists() and target.stat().st_size > 0:
        raise CommandError(messages.TARGET_FILE_NOT_EMPTY.format(path=target))
    wal = target.with_name(target.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise CommandError(messages.TARGET_WAL_PRESENT.format(path=wal))
    return target


def _refuse_non_empty_target(vendor: str) -> None:
    """Refuse a target that holds anything, before the archive is hashed (minutes for a whole city)."""
    if vendor != "postgresql":
        _sqlite_refuse_non_empty()
        return
    conn = database.pg_connect()
    conn.autocommit = True
    try:
        _pg_refuse_non_empty(conn)
    finally:
        conn.close()


def _sqlite_restore(source: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    # Asked again just before the copy: something may have written there while the archive was hashed.
    target = _sqlite_refuse_non_empty()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.restoring-{os.getpid()}")
    try:
        with (source / SQLITE_FILE).open("rb") as src, partial.open("wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        # The file appears whole or not at all: a server started meanwhile never opens half a database.
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    conn = sqlite3.connect(target)
    try:
        tables = database.sqlite_counts(conn)
        return tables, database.applied_migrations(conn.cursor(), tables)
    finally:
        conn.close()


def archive_restore(*, source: Path, jobs: int = 1, say: Callable[[str], None] = lambda _: None,
                    warn: Callable[[str], None] = lambda _: None) -> RestoreReport:
    """Restore the archive in ``source`` into the configured database, which must be empty; return
    the rows found afterwards, which equal the manifest's (or it refuses, naming the tables)."""
    source = source.expanduser().resolve()
    started = time.monotonic()
    manifest = Manifest.read(source)
    vendor = database.vendor()
    if manifest.backend != vendor:
        raise CommandError(messages.ARCHIVE_BACKEND_MISMATCH.format(archive=manifest.backend, target=vendor))
    _refuse_non_empty_target(vendor)
    manifest.verify_files(source)
    say(messages.RESTORE_VERIFIED.format(files=len(manifest.files)))
    fingerprints = configured_fingerprints()
    key_matches = manifest.field_key_fingerprint in fingerprints
    if not key_matches:
        warn(messages.KEY_FINGERPRINT_MISMATCH.format(archive=manifest.field_key_fingerprint,
                                                      configured=fingerprints[0]))
    tables, migrations = _pg_restore(source, jobs=jobs) if vendor == "postgresql" else _sqlite_restore(source)
    _compare(manifest, tables, migrations)
    seconds = time.monotonic() - started
    say(messages.RESTORE_DONE.format(tables=len(tables), rows=f"{sum(tables.values()):,}", seconds=seconds))
    if not key_matches:
        warn(messages.KEY_FINGERPRINT_MISMATCH.format(archive=manifest.field_key_fingerprint,
                                                      configured=fingerprints[0]))
    return RestoreReport(manifest=manifest, tables=tables, migrations=migrations, seconds=seconds,
                         key_matches=key_matches)
