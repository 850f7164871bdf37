from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connections

from tests.personas import Personas, build_personas
from tests.processes import empty_process_database, process_database, process_database_template  # noqa: F401

# The log scan of the whole session: no ID number or phone in any log line (issue 13).
pytest_plugins = ["tests.log_scan"]


@pytest.fixture
def personas(db) -> Personas:  # type: ignore[no-untyped-def]
    return build_personas()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # The cache (counts, rate limits) lives in process memory under pytest: one test's entries
    # must not answer for the next one's data.
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _end_stray_database_sessions(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Browser tests leave the live server answering a last htmx poll in another thread when the
    test ends; on PostgreSQL that thread's connection would keep the test database from being
    dropped. End such sessions before pytest-django drops it."""
    yield
    with django_db_blocker.unblock():
        connection = connections["default"]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        connections.close_all()


@pytest.fixture(scope="session", autouse=True)
def _flush_past_the_append_only_triggers() -> Iterator[None]:
    """On SQLite, the flush after a transactional test (a live server, a browser) empties tables
    with DELETE, which the logs' append-only triggers refuse (core migration 0006). Lift those
    triggers for the length of the flush only, and put back exactly what was there."""
    connection = connections["default"]
    if connection.vendor != "sqlite":
        yield  # PostgreSQL empties tables with TRUNCATE, which row triggers do not see
        return
    operations = type(connection.ops)
    original = operations.execute_sql_flush

    def execute_sql_flush(self, sql_list):  # type: ignore[no-untyped-def]
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                           "AND name LIKE '%append_only_delete'")
            triggers = cursor.fetchall()
            for name, _ in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            original(self, sql_list)
        finally:
            with self.connection.cursor() as cursor:
                for _, sql in triggers:
                    cursor.execute(sql)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(operations, "execute_sql_flush", execute_sql_flush)
        yield
