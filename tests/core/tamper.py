"""What a database administrator can do that the app cannot: write the logs past their append-only
triggers. Each helper lifts the table's triggers, runs its raw SQL and puts back exactly what was
there, all inside the test's transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models

from minzheng.core import chain


@contextmanager
def triggers_dropped(table: str) -> Iterator[Any]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = %s::regclass "
                           "AND tgname LIKE %s", [table, f"{table}_append_only%"])
            saved = [row[0] for row in cursor.fetchall()]
            cursor.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
            found = cursor.fetchall()
            for name, _ in found:
                cursor.execute(f'DROP TRIGGER "{name}"')
            saved = [sql for _, sql in found]
        assert saved, f"{table} has no append-only trigger to drop"
        try:
            yield cursor
        finally:
            for sql in saved:
                cursor.execute(sql)


def raw(table: str, sql: str, params: Sequence[Any] = ()) -> None:
    """Run one statement on ``table`` with its triggers dropped."""
    with triggers_dropped(table) as cursor:
        cursor.execute(sql, params)


def forge(model: type[models.Model], *, row_id: int, prev_hash: str | None, row_hash: str | None = None,
          **values: Any) -> models.Model:
    """Insert a row with a chosen id, as an INSERT by hand would: no chain lock, and the hashes given
    (``row_hash`` None: computed over the content and ``prev_hash``, as a forger who knows the format would)."""
    obj = model(pk=row_id, **values)
    if prev_hash is not None and row_hash is None:
        fields = chain.content_fields(model)
        names = [f.attname for f in fields]
        row_hash = chain.row_hash(prev_hash, chain.canonical(names, chain.converters_for(fields),
                                                            [getattr(obj, n) for n in names]))
    obj.prev_hash, obj.row_hash = prev_hash, row_hash
    models.Model.save_base(obj, raw=True, force_insert=True)
    return obj


def skip_ids(model: type[models.Model], count: int) -> None:
    """Leave ``count`` ids unused after the last one, as rolled-back writes do on PostgreSQL."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                           f"(SELECT COALESCE(MAX(id), 0) FROM {table}) + %s)", [table, count])
        else:
            cursor.execute("UPDATE sqlite_sequence SET seq = (SELECT MAX(id) FROM " + table + ") + %s "
                           "WHERE name = %s", [count, table])
