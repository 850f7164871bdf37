"""The fast bulk path into the people tables and their address links (``HouseholdAddress``,
``PersonAddress``): ``COPY`` on PostgreSQL, ``executemany`` on SQLite.

The whole load runs in one transaction: a failed build leaves nothing behind. When the load is
large compared with what the tables already hold, the secondary indexes and the foreign and
unique constraints of these tables are dropped inside that transaction and rebuilt after the
load (as ``pg_restore`` does). Building an index once from sorted data is much cheaper than
updating it millions of times at random: the blind-index digests are random by design.
Measured at scale 0.1 (bench/demo_build.py): PostgreSQL ``COPY`` of the same rows took 84 s into
indexed tables against 28 s into bare tables with the indexes built afterwards; on SQLite an
``executemany`` of person rows cost 19 µs a row with all indexes against 8.5 µs with only the
unique digest index (which SQLite builds into the table and cannot drop). Both databases have
transactional DDL, so a failure rolls the drop back too, and the rebuilt unique constraints
check the loaded rows as they are created.
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

from minzheng.demo.batch import (
    HOUSEHOLD_ADDRESS_COLUMNS,
    HOUSEHOLD_COLUMNS,
    MEMBERSHIP_COLUMNS,
    PERSON_ADDRESS_COLUMNS,
    PERSON_COLUMNS,
    TownshipRows,
)
from minzheng.demo.homes import LINK_METHOD, LINK_SCORE
from minzheng.people.models import Household, Membership, Person
from minzheng.places.models import HouseholdAddress, PersonAddress

# In load order: a link row comes after the person or household it links.
TABLES: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "person": (Person, PERSON_COLUMNS),
    "household": (Household, HOUSEHOLD_COLUMNS),
    "membership": (Membership, MEMBERSHIP_COLUMNS),
    "household_address": (HouseholdAddress, HOUSEHOLD_ADDRESS_COLUMNS),
    "person_address": (PersonAddress, PERSON_ADDRESS_COLUMNS),
}
# Constant columns that have no default of their own.
CONSTANTS: dict[str, dict[str, Any]] = {
    "household_address": {"score": LINK_SCORE, "method": LINK_METHOD},
    "person_address": {"score": LINK_SCORE, "method": LINK_METHOD},
}
# Rebuilding indexes pays off when the load is at least this big and outweighs what is there.
REBUILD_MIN_ROWS = 100_000


@dataclass
class Layout:
    table: str
    columns: list[str]  # generated columns, then constant ones
    tail: Any  # COPY text fragment or tuple: the constant columns' values


def _copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float, decimal.Decimal, str)):
        text = str(value)
        if any(ch in text for ch in "\t\n\r\\"):
            raise ValueError(f"constant column value needs COPY escaping: {text!r}")
        return text
    raise TypeError(f"the demo cannot write a constant of type {type(value).__name__}")


def layouts(connection: BaseDatabaseWrapper, *, copy_text: bool, now: dt.datetime) -> dict[str, Layout]:
    """Column lists for the tables. Columns the generator does not fill get one constant each:
    ``now`` for auto timestamps, else the field's default, else NULL; so a nullable or
    defaulted column that a later migration adds does not break the demo. A primary key that
    the generator does not fill is left to the database."""
    out: dict[str, Layout] = {}
    for key, (model, generated) in TABLES.items():
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        missing = [name for name in generated if name not in by_attname]
        if missing:
            raise RuntimeError(f"{model._meta.label} has no column(s) {missing}")
        constants: list[Any] = []
        columns = [by_attname[name].column for name in generated]
        for attname, f in by_attname.items():
            if attname in generated or f.primary_key:
                continue
            if attname in CONSTANTS.get(key, {}):
                value: Any = CONSTANTS[key][attname]
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            else:
                raise RuntimeError(f"the demo does not know how to fill {model._meta.label}.{attname}")
            columns.append(f.column)
            constants.append(f.get_db_prep_save(value, connection))
        # Decimals as text: sqlite3 would call the adapter for every row to make the same text.
        tail: Any = ("".join("\t" + _copy_text(v) for v in constants) if copy_text
                     else tuple(str(v) if isinstance(v, decimal.Decimal) else v for v in constants))
        out[key] = Layout(model._meta.db_table, columns, tail)
    return out


@dataclass
class Rebuild:
    """What was dropped, to be put back: (kind, table, name, definition) in creation order."""

    items: list[tuple[str, str, str, str]] = field(default_factory=list)


class BulkWriter:
    vendor = ""
    copy_text = False

    def __init__(self, connection: BaseDatabaseWrapper, layouts: dict[str, Layout]) -> None:
        self.connection = connection
        self.layouts = layouts
        self.rebuild = Rebuild()

    # Session settings that cannot change inside a transaction (SQLite's journal mode).
    def session_begin(self) -> None: ...
    def session_end(self) -> None: ...

    # Inside the transaction.
    def begin(self, *, rebuild_indexes: bool) -> None: ...
    def write(self, rows: TownshipRows) -> None: ...

    def finish(self) -> None:
        """Put back what ``begin`` dropped, move the id sequences past the ids loaded explicitly,
        and give the planner statistics for the new rows: until (auto)vacuum analyzes them it
        believes the tables empty or tiny, and plans a city-wide list as if it were a village's."""
        models = [model for model, _ in TABLES.values()]
        with self.connection.cursor() as cursor:
            for _kind, _table, _name, sql in self.rebuild.items:
                cursor.execute(sql)
            explicit = [model for model, columns in TABLES.values() if "id" in columns]
            for sql in self.connection.ops.sequence_reset_sql(no_style(), explicit):
                cursor.execute(sql)
            for model in models:
                cursor.execute(f"ANALYZE {self.connection.ops.quote_name(model._meta.db_table)}")
        self.rebuild = Rebuild()

    @staticmethod
    def for_connection(connection: BaseDatabaseWrapper, *, now: dt.datetime) -> BulkWriter:
        if connection.vendor == "postgresql":
            return PostgresWriter(connection, layouts(connection, copy_text=True, now=now))
        if connection.vendor == "sqlite":
            return SqliteWriter(connection, layouts(connection, copy_text=False, now=now))
        raise RuntimeError(f"the demo supports SQLite and PostgreSQL, not {connection.vendor}")


def _tables(rows: TownshipRows) -> list[tuple[str, Any]]:
    return [("person", rows.persons), ("household", rows.households), ("membership", rows.memberships),
            ("household_address", rows.household_links), ("person_address", rows.person_links)]


class PostgresWriter(BulkWriter):
    vendor = "postgresql"
    copy_text = True

    def begin(self, *, rebuild_indexes: bool) -> None:
        tables = [layout.table for layout in self.layouts.values()]
        with self.connection.cursor() as cursor:
            # Only this transaction: a lost commit of demo data on a crash is harmless, and
            # index builds get more sort memory.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            cursor.execute("SET LOCAL maintenance_work_mem TO '256MB'")
            if not rebuild_indexes:
                return
            cursor.execute(
                """
                SELECT c.contype, t.relname, c.conname, pg_get_constraintdef(c.oid)
                FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                WHERE t.relname = ANY(%s) AND c.contype IN ('f', 'u')
                  AND t.relnamespace = current_schema()::regnamespace
                ORDER BY c.contype DESC, t.relname, c.conname
                """,
                [tables],
            )
            constraints = cursor.fetchall()  # 'u' first, then 'f'
            cursor.execute(
                """
                SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i
                WHERE i.tablename = ANY(%s) AND i.schemaname = current_schema()
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                                  WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
                ORDER BY i.tablename, i.indexname
                """,
                [tables],
            )
            indexes = cursor.fetchall()
            qn = self.connection.ops.quote_name
            # Dropping a link table's foreign key alters the table it points at (places_address),
            # which PostgreSQL refuses while rows written earlier in this transaction (a test's
            # addresses) still wait for their deferred checks: run those checks now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for _kind, table, name, _ in sorted(constraints, key=lambda c: c[0] != "f"):  # FKs first
                cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
            for _table, name, _ in indexes:
                cursor.execute(f"DROP INDEX {qn(name)}")
            # Rebuild: plain indexes, unique constraints, then foreign keys (which need them).
            self.rebuild.items += [("index", t, n, sql) for t, n, sql in indexes]
            for kind in ("u", "f"):
                self.rebuild.items += [
                    ("constraint", t, n, f"ALTER TABLE {qn(t)} ADD CONSTRAINT {qn(n)} {definition}")
                    for k, t, n, definition in constraints if k == kind
                ]

    def write(self, rows: TownshipRows) -> None:
        raw = self.connection.connection  # the psycopg connection, inside Django's transaction
        with raw.cursor() as cursor:
            for key, data in _tables(rows):
                if not data:
                    continue
                layout = self.layouts[key]
                columns = ", ".join(self.connection.ops.quote_name(c) for c in layout.columns)
                with cursor.copy(f"COPY {layout.table} ({columns}) FROM STDIN") as copy:
                    view = memoryview(data)
                    for start in range(0, len(view), 1 << 20):
                        copy.write(view[start : start + (1 << 20)])


class SqliteWriter(BulkWriter):
    vendor = "sqlite"
    copy_text = False
    # Enough page cache to keep the random-keyed digest index hot during the load (the
    # unique index behind id_number_digest cannot be dropped: SQLite builds it into the table).
    CACHE_KIB = 512 * 1024
    LOAD_PRAGMAS = ("cache_size", "threads", "ignore_check_constraints")

    def __init__(self, connection: BaseDatabaseWrapper, layouts: dict[str, Layout]) -> None:
        super().__init__(connection, layouts)
        self.saved: dict[str, Any] = {}

    def _pragma(self, name: str, value: Any = None) -> Any:
        with self.connection.cursor() as cursor:
            cursor.execute(f"PRAGMA {name}" if value is None else f"PRAGMA {name} = {value}")
            row = cursor.fetchone()
            return row[0] if row else None

    def session_begin(self) -> None:
        """Outside any transaction (not in tests, which run inside one): no fsync during the
        load, and a rollback journal instead of WAL, so the load is written once instead of to
        the WAL and then again at the checkpoint. ``session_end`` restores both."""
        self.connection.ensure_connection()
        if self.connection.in_atomic_block:
            return
        self.saved = {"synchronous": self._pragma("synchronous"), "journal_mode": self._pragma("journal_mode")}
        self._pragma("synchronous", "OFF")
        if self.saved["journal_mode"] == "wal":
            try:
                self._pragma("journal_mode", "DELETE")
            except Exception:  # another connection (a running server) holds the WAL: keep it
                self.saved.pop("journal_mode")

    def session_end(self) -> None:
        # After a load that failed before ``finish``, its pragmas are still to be put back too.
        for name in (*self.LOAD_PRAGMAS, "journal_mode", "synchronous"):
            if name in self.saved:
                self._pragma(name, self.saved[name])
        self.saved = {}

    def begin(self, *, rebuild_indexes: bool) -> None:
        for name in self.LOAD_PRAGMAS:
            self.saved[name] = self._pragma(name)
        self._pragma("cache_size", -self.CACHE_KIB)
        self._pragma("threads", 2)  # CREATE INDEX may sort with a helper thread
        # The region-code CHECK is a REGEXP, which SQLite calls back into Python for, once per
        # row: a fifth of the writer's time. Every code written here is a plan's village code,
        # checked once per village (``batch.check_region_codes``), and the other checks (a death
        # date if and only if deceased) hold by construction, so the rows skip them.
        self._pragma("ignore_check_constraints", "ON")
        if not rebuild_indexes:
            return
        tables = [layout.table for layout in self.layouts.values()]
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({', '.join('%s' for _ in tables)}) ORDER BY tbl_name, name",
                tables,
            )
            indexes = cursor.fetchall()
            for _table, name, _sql in indexes:
                cursor.execute(f"DROP INDEX {self.connection.ops.quote_name(name)}")
        self.rebuild.items += [("index", t, n, sql) for t, n, sql in indexes]

    def write(self, rows: TownshipRows) -> None:
        raw = self.connection.connection  # the sqlite3 connection, inside Django's transaction
        for key, data in _tables(rows):
            if not data:
                continue
            layout = self.layouts[key]
            columns = ", ".join(self.connection.ops.quote_name(c) for c in layout.columns)
            marks = ", ".join("?" for _ in layout.columns)
            raw.executemany(f"INSERT INTO {layout.table} ({columns}) VALUES ({marks})", data)
        self._member_links(rows)

    def _member_links(self, rows: TownshipRows) -> None:
        """Each member of a linked household linked to its address, in one statement: SQLite
        joins them far faster than it binds millions of rows handed over from Python."""
        qn = self.connection.ops.quote_name
        link, membership = self.layouts["person_address"], self.layouts["membership"]
        household_link = self.layouts["household_address"]
        constants = ", ".join("?" for _ in link.tail)
        self.connection.connection.execute(
            f"INSERT INTO {link.table} ({', '.join(qn(c) for c in link.columns)}) "
            f"SELECT m.person_id, h.address_id, m.region_code{', ' if constants else ''}{constants} "
            f"FROM {membership.table} m JOIN {household_link.table} h ON h.household_id = m.household_id "
            f"WHERE m.id >= ? AND m.id < ?",
            [*link.tail, *rows.memberships_range],
        )

    def finish(self) -> None:
        super().finish()
        for name in self.LOAD_PRAGMAS:
            if name in self.saved:
                self._pragma(name, self.saved.pop(name))
