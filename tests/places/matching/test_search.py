"""The matcher's reader: plain reads on SQLite, statements prepared through libpq on PostgreSQL."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from django.db import connection, transaction
from django.test import override_settings

from minzheng.places.matching.search import Reader, text_array
from minzheng.places.models import Address
from tests.places.factories import AddressFactory

ODD = ["a,b", "{x}", 'say "hi"', "back\\slash", 'both\\"', "NULL", " ", "", "红旗路"]


@pytest.mark.parametrize("values", [[], ["红旗路"], ODD])
def test_an_array_literal_is_read_back_as_the_strings_it_was_made_of(db, values):
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            pytest.skip("array literals are PostgreSQL's")
        cursor.execute("SELECT %s::text[]", [text_array(values)])
        assert cursor.fetchone()[0] == values


@pytest.mark.parametrize("prepared", [True, False])
def test_reads_answer_alike_prepared_or_not(regions, prepared):
    address = AddressFactory(number="18")
    with override_settings(MINZHENG_MATCH_PREPARED_STATEMENTS=prepared):
        db = Reader()
        codes, code_params = db.one_of("code", [address.code, *ODD])
        ids, id_params = db.one_of("id", [address.pk, address.pk + 1])
        patterns, pattern_params = db.one_of("region_code", [address.region_code[:6] + "%"], operator="LIKE")
        sql = (f"SELECT id, number, status FROM {Address._meta.db_table} "
               f"WHERE {codes} AND {ids} AND {patterns} AND number = %s")
        for _ in range(2):  # the second time, a statement already prepared
            assert db.fetch(sql, [*code_params, *id_params, *pattern_params, "18"]) == [
                (address.pk, "18", Address.Status.ACTIVE)]
        assert db.fetch(sql, [*code_params, *id_params, *pattern_params, "19"]) == []


def test_a_failing_read_raises_the_drivers_error(regions):
    db = Reader()
    with pytest.raises((sqlite3.Error, psycopg.Error), match="no_such_column"):
        db.fetch(f"SELECT no_such_column FROM {Address._meta.db_table} WHERE id = %s", [1])


def test_a_failing_prepared_read_raises_the_class_of_its_sqlstate_with_the_servers_message(regions):
    if connection.vendor != "postgresql":
        pytest.skip("statements are prepared on PostgreSQL only")
    db = Reader()
    assert db.prepared is not None
    with pytest.raises(psycopg.errors.UndefinedColumn, match='column "no_such_column" does not exist'), \
            transaction.atomic():
        db.fetch(f"SELECT no_such_column FROM {Address._meta.db_table} WHERE id = %s", [1])
    # Past the failed statement, the reader goes on preparing and running others.
    assert db.fetch(f"SELECT count(*) FROM {Address._meta.db_table} WHERE id = %s", [1]) == [(0,)]
