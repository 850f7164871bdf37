"""Tables that refuse UPDATE and DELETE in the database itself: a migration operation.

A ledger or a case timeline is evidence; the models already refuse to rewrite a row in Python,
and these triggers hold for raw SQL and for a session through the app's account too.

- PostgreSQL: one plpgsql function raising the message, and a row trigger ``<table>_append_only``
  BEFORE UPDATE OR DELETE. TRUNCATE, which the test runner's flush uses, fires no row trigger.
- SQLite: ``<table>_append_only`` BEFORE UPDATE and ``<table>_append_only_delete`` BEFORE DELETE;
  the test suite's flush (a DELETE there) lifts the ``…_append_only_delete`` ones for the length of
  the flush only (tests/conftest.py).

Migrations already applied on deployed databases call this: the SQL it emits must never change
(a new shape is a new function and a new migration). The core logs' triggers (core migrations
0002 and 0006) came first, in two steps, and keep their own SQL.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def _forwards_sql(vendor: str, *, table: str, function: str, message: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{message}';
            END;
            $$ LANGUAGE plpgsql;
            """,
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}();",
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {table}_append_only{suffix} BEFORE {event} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
            for suffix, event in (("", "UPDATE"), ("_delete", "DELETE"))
        ]
    return []


def _backwards_sql(vendor: str, *, table: str, function: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
            f"DROP FUNCTION IF EXISTS {function}();",
        ]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_append_only{suffix};" for suffix in ("", "_delete")]
    return []


def append_only_triggers(*, table: str, function: str, message: str) -> migrations.RunPython:
    """The operation that makes ``table`` append-only, refusing with ``message`` (Chinese, shown
    to whoever tries); ``function`` names the PostgreSQL trigger function. Reversible. Names and
    message come from the migration's own constants, never from input."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        for sql in _forwards_sql(
            schema_editor.connection.vendor, table=table, function=function, message=message
        ):
            schema_editor.execute(sql)

    def backwards(apps: Any, schema_editor: Any) -> None:
        for sql in _backwards_sql(schema_editor.connection.vendor, table=table, function=function):
            schema_editor.execute(sql)

    return migrations.RunPython(forwards, backwards)
