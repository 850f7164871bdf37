"""core.db.rows_insert and database_analyze: plain tuples into a model's table, by COPY on PostgreSQL and in batches on
SQLite, read back as the ORM writes them."""

from __future__ import annotations

import pytest
from django.db import connection

from minzheng.core import db
from minzheng.core.models import Region

pytestmark = pytest.mark.django_db


def test_rows_insert_writes_every_row_and_counts_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db, "INSERT_BATCH", 2)  # more rows than a batch: the last, short batch too
    rows = [
        (f"9999990{n:05d}", f"测试村{n}", "village", "村", f"测试市测试村{n}") for n in range(5)
    ] + [("999999100000", "名字里有\t制表符和\\反斜杠", "township", "镇", "测试市")]
    assert db.rows_insert(Region, columns=("code", "name", "level", "kind", "full_name"), rows=iter(rows)) == 6
    stored = dict(Region.objects.filter(code__startswith="999999").values_list("code", "name"))
    assert stored == {code: name for code, name, *_ in rows}
    assert Region.objects.get(code="999999000003").parent_id is None


def test_rows_insert_of_nothing_writes_nothing() -> None:
    assert db.rows_insert(Region, columns=("code", "name", "level", "kind", "full_name"), rows=[]) == 0


def test_database_analyze_gives_the_planner_statistics_of_a_loaded_table() -> None:
    db.rows_insert(Region, columns=["code", "name", "level", "kind", "full_name"],
                rows=[(f"3305{i:08d}", f"测试{i}", "village", "村", f"测试{i}") for i in range(1, 200)])
    db.database_analyze()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'core_region'")
            assert cursor.fetchone()[0] >= 199
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'core_region'")
            assert int(cursor.fetchone()[0].split()[0]) >= 199
