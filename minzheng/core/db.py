"""Small database helpers shared by bulk loads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

INSERT_BATCH = 10_000


def tables_analyze(*models: Any) -> None:
    """Refresh the planner's statistics of these models' tables after a bulk load: until
    autovacuum gets round to it (and on this project's machines it may be off), PostgreSQL
    believes the new rows are not there and plans queries on them accordingly."""
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    if not tables:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"ANALYZE {table}")


def rows_insert(model: Any, *, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write plain tuples into a model's table (``columns`` are field attnames, every NOT NULL
    column without a database default among them): ``COPY`` on PostgreSQL, ``executemany`` in
    batches on SQLite. For bulk loads of hundreds of thousands of rows, where building a model
    instance per row costs more than writing it; nothing here validates or audits, so callers
    write only rows their own rules made. Returns the number of rows written."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= INSERT_BATCH:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written
