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


def database_analyze() -> None:
    """Refresh the planner's statistics of every table, after a load that wrote most of them (the
    demo city). With autovacuum off, or before it gets round to it, a table of 57,000 access-log rows
    is planned as if it held 37, and a page that reads it takes 60 ms in PostgreSQL instead of 3."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


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


def indexes_drop(model: Any) -> list[str]:
    """Drop a table's secondary indexes (PostgreSQL: also its foreign keys and unique constraints)
    for a big load into it, as demo/writer.py does for the people: returns the statements that put
    them back, in order (indexes, unique constraints, then foreign keys). Run them once the load is
    in, in the same transaction."""
    table = model._meta.db_table
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL",
                [table],
            )
            indexes = cursor.fetchall()
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {qn(name)}")
            return [sql for _, sql in indexes]
        cursor.execute(
            "SELECT c.contype, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid WHERE t.relname = %s AND c.contype IN ('f', 'u') "
            "AND t.relnamespace = current_schema()::regnamespace ORDER BY c.contype DESC, c.conname",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND i.schemaname = current_schema() "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)",
            [table],
        )
        indexes = cursor.fetchall()
        # Dropping a foreign key alters the table it points at, which PostgreSQL refuses while
        # rows written earlier in this transaction wait for deferred checks.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for _kind, name, _ in sorted(constraints, key=lambda c: c[0] != "f"):
            cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {qn(name)}")
        # The foreign keys come back NOT VALID: enforced for every row written from now on, but
        # the loaded rows are not re-checked (for the demo's 6.8 million home-service orders, four
        # joins and 15–20 s): the caller wrote each from a join with the rows it points at.
        return [sql for _, sql in indexes] + [
            f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}{' NOT VALID' if kind == 'f' else ''}"
            for kind in ("u", "f")
            for k, name, definition in constraints
            if k == kind
        ]
