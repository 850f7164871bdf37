"""What backup and restore need of the two backends: connection details for PostgreSQL's own tools
and a connection of their own, and the tables, row counts and applied migrations read through one
cursor (so that on PostgreSQL they see the snapshot the dump sees)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import connections

from minzheng.operations.backup import messages

# libpq's environment variables for the options a DATABASE_URL can carry (?sslmode=require ...).
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT", "application_name": "PGAPPNAME", "options": "PGOPTIONS",
}


def settings_dict() -> dict[str, Any]:
    return connections["default"].settings_dict


def vendor() -> str:
    found = connections["default"].vendor
    if found not in {"postgresql", "sqlite"}:
        raise CommandError(messages.BACKEND_UNSUPPORTED.format(vendor=found))
    return found


def sqlite_path() -> Path:
    return Path(settings_dict()["NAME"]).resolve()


def pg_connect_params() -> dict[str, Any]:
    info = settings_dict()
    params: dict[str, Any] = {"dbname": info["NAME"]}
    for key, name in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host"), ("PORT", "port")):
        if info.get(key):
            params[name] = info[key]
    params.update({k: v for k, v in (info.get("OPTIONS") or {}).items() if k in _PG_OPTION_ENV})
    return params


def pg_env() -> dict[str, str]:
    """The environment for pg_dump and pg_restore: the connection goes by libpq's variables, so the
    password is never on a command line that ``ps`` shows."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    params = pg_connect_params()
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT",
             **_PG_OPTION_ENV}
    env.update({names[k]: str(v) for k, v in params.items()})
    return env


def pg_connect():  # type: ignore[no-untyped-def]
    """A connection of our own (not Django's), for a transaction whose isolation we choose."""
    import psycopg

    return psycopg.connect(**pg_connect_params())


def pg_tool(name: str) -> str:
    found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
    if found is None:
        raise CommandError(messages.PG_TOOL_MISSING.format(tool=name))
    return found


def pg_tables(cursor: Any) -> list[tuple[str, str]]:
    """(schema, table) of every ordinary and partitioned table outside the system schemas."""
    cursor.execute(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
        "AND n.nspname NOT LIKE 'pg_temp%' ORDER BY n.nspname, c.relname"
    )
    return [(schema, table) for schema, table in cursor.fetchall()]


def _pg_label(schema: str, table: str) -> str:
    return table if schema == "public" else f"{schema}.{table}"


def pg_counts(cursor: Any) -> dict[str, int]:
    from psycopg import sql

    counts = {}
    for schema, table in pg_tables(cursor):
        cursor.execute(sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
        counts[_pg_label(schema, table)] = int(cursor.fetchone()[0])
    return counts


def sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
    ).fetchall()
    return [name for (name,) in rows]


def sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    counts = {}
    for table in sqlite_tables(conn):
        quoted = '"' + table.replace('"', '""') + '"'
        counts[table] = int(conn.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0])
    return counts


def applied_migrations(cursor: Any, tables: dict[str, int]) -> dict[str, list[str]]:
    """The applied migrations per app, in the order they were applied (none on an empty database)."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    applied: dict[str, list[str]] = defaultdict(list)
    for app, name in cursor.fetchall():
        applied[app].append(name)
    return dict(sorted(applied.items()))
