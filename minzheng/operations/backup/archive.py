"""Writing an archive of the running database into a directory (``minzheng backup --to DIR``).

Consistency: the row counts in the manifest and the data in the archive are one instant's.
- PostgreSQL: a REPEATABLE READ transaction exports its snapshot, ``pg_dump`` imports it
  (``--snapshot``), and the rows are counted inside the exporting transaction while it stays open.
  Writers go on writing; neither the dump nor the counts see what commits after that instant.
- SQLite: the online backup API copies every page in one step under one read transaction (WAL lets
  writers go on meanwhile); the rows are counted in the copy.

The archive is written into ``DIR/.partial`` and moved into ``DIR`` when complete, the manifest
last: a directory without ``manifest.json`` is a backup that did not finish.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import django
from django.conf import settings
from django.core.management.base import CommandError

from minzheng.operations.backup import database, messages
from minzheng.operations.backup.manifest import MANIFEST_NAME, Manifest, file_entry, key_fingerprint

PG_FILE = "database.pgdump"
SQLITE_FILE = "database.sqlite3"
PARTIAL = ".partial"


@dataclass(frozen=True)
class Snapshot:
    """What one backend's copy gives the manifest."""

    tables: dict[str, int]
    migrations: dict[str, list[str]]
    server_version: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _version() -> str:
    try:
        return metadata.version("minzheng")
    except metadata.PackageNotFoundError:
        return "unknown"


def _target_ready(to: Path) -> bool:
    """Refuse a path that is a file or a directory with anything in it; True if we create the directory."""
    if to.exists():
        if not to.is_dir():
            raise CommandError(messages.ARCHIVE_DIR_NOT_A_DIR.format(path=to))
        if any(to.iterdir()):
            raise CommandError(messages.ARCHIVE_DIR_NOT_EMPTY.format(path=to))
        return False
    to.mkdir(parents=True)
    return True


def _pg_snapshot(path: Path) -> Snapshot:
    from psycopg import IsolationLevel

    conn = database.pg_connect()
    conn.isolation_level = IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            dump = subprocess.Popen(
                [database.pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--snapshot={snapshot_id}",
                 f"--file={path}"],
                env=database.pg_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )
            try:
                # Counted while pg_dump runs, in the transaction whose snapshot it imported: the same instant.
                tables = database.pg_counts(cursor)
                migrations = database.applied_migrations(cursor, tables)
            except BaseException:
                dump.kill()
                dump.wait()
                raise
            _, errors = dump.communicate()
            if dump.returncode != 0:
                raise CommandError(messages.PG_DUMP_FAILED.format(code=dump.returncode, detail=errors.strip()))
            cursor.execute("SHOW server_version")
            server_version = str(cursor.fetchone()[0])
        conn.rollback()
    finally:
        conn.close()
    return Snapshot(tables=tables, migrations=migrations, server_version=f"PostgreSQL {server_version}")


def _sqlite_snapshot(path: Path) -> Snapshot:
    source_path = database.sqlite_path()
    # Read-only, and never created: a wrong DATABASE_URL must not back up a fresh empty file.
    source = sqlite3.connect(f"{source_path.as_uri()}?mode=ro", uri=True, timeout=60)
    copy = sqlite3.connect(path)
    try:
        source.backup(copy)  # all pages in one step: one read transaction, one instant
        # A single self-contained file: the copy leaves WAL mode, which the server turns on again when it opens it.
        copy.execute("PRAGMA journal_mode=DELETE")
        tables = database.sqlite_counts(copy)
        migrations = database.applied_migrations(copy.cursor(), tables)
    finally:
        source.close()
        copy.close()
    return Snapshot(tables=tables, migrations=migrations, server_version=f"SQLite {sqlite3.sqlite_version}")


def backup_write(*, to: Path, say: Callable[[str], None] = lambda _: None) -> Manifest:
    """Write a consistent archive of the configured database into ``to`` (absent or empty) and return
    its manifest. On failure nothing is left in ``to`` but what was there (nothing)."""
    vendor = database.vendor()
    to = to.expanduser().resolve()
    created = _target_ready(to)
    partial = to / PARTIAL
    started = time.monotonic()
    moved: list[Path] = []
    try:
        partial.mkdir()
        created_at = _now()
        name = PG_FILE if vendor == "postgresql" else SQLITE_FILE
        snapshot = (_pg_snapshot if vendor == "postgresql" else _sqlite_snapshot)(partial / name)
        manifest = Manifest(
            backend=vendor,
            created_at=created_at,
            finished_at=_now(),
            minzheng_version=_version(),
            django_version=django.get_version(),
            server_version=snapshot.server_version,
            migrations=snapshot.migrations,
            tables=snapshot.tables,
            files={name: file_entry(partial / name)},
            field_key_fingerprint=key_fingerprint(settings.FIELD_KEY),
            field_key_previous_fingerprints=[key_fingerprint(k) for k in getattr(settings, "FIELD_KEYS_PREVIOUS", ())],
        )
        manifest.write(partial / MANIFEST_NAME)
        for done in (name, MANIFEST_NAME):
            (partial / done).replace(to / done)
            moved.append(to / done)
        partial.rmdir()
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        for path in moved:
            path.unlink(missing_ok=True)
        if created:
            shutil.rmtree(to, ignore_errors=True)
        raise
    say(messages.BACKUP_DONE.format(path=to, backend=vendor, tables=len(manifest.tables), rows=f"{manifest.rows:,}",
                                    size=human_size(manifest.size), seconds=time.monotonic() - started))
    say(messages.BACKUP_KEY_NOTE.format(fingerprint=manifest.field_key_fingerprint))
    return manifest


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.1f} {unit}" if unit != "B" else f"{size} B"
        value /= 1024
    return f"{size} B"
