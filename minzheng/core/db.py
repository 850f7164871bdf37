"""Small database helpers shared by bulk loads."""

from __future__ import annotations

from typing import Any

from django.db import connection


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
