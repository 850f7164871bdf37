"""The append-only triggers' SQL is pinned: migrations already applied on deployed databases
build their triggers through ``core.append_only``, so a change to what it emits would make a
fresh database differ from an upgraded one. (That the triggers refuse UPDATE and DELETE is tested
where they are used: the love card ledger and the application timeline, on either backend.)"""

from __future__ import annotations

from typing import Any

import pytest

from minzheng.core.append_only import append_only_triggers

OPERATION = append_only_triggers(table="x_ledger", function="minzheng_x_append_only", message="只能追加")


class Recorder:
    def __init__(self, vendor: str) -> None:
        self.connection: Any = type("Connection", (), {"vendor": vendor})()
        self.sql: list[str] = []

    def execute(self, sql: str, params: Any = None) -> None:
        self.sql.append(sql)


def run(vendor: str, *, backwards: bool = False) -> list[str]:
    editor = Recorder(vendor)
    (OPERATION.reverse_code if backwards else OPERATION.code)(None, editor)
    return editor.sql


def test_postgresql_gets_one_function_and_one_row_trigger_for_update_and_delete() -> None:
    assert run("postgresql") == [
        "\n            CREATE OR REPLACE FUNCTION minzheng_x_append_only() RETURNS trigger AS $$\n"
        "            BEGIN\n                RAISE EXCEPTION '只能追加';\n            END;\n"
        "            $$ LANGUAGE plpgsql;\n            ",
        "CREATE TRIGGER x_ledger_append_only BEFORE UPDATE OR DELETE ON x_ledger "
        "FOR EACH ROW EXECUTE FUNCTION minzheng_x_append_only();",
    ]
    assert run("postgresql", backwards=True) == [
        "DROP TRIGGER IF EXISTS x_ledger_append_only ON x_ledger;",
        "DROP FUNCTION IF EXISTS minzheng_x_append_only();",
    ]


def test_sqlite_gets_an_update_trigger_and_a_delete_trigger_the_test_flush_can_lift() -> None:
    assert run("sqlite") == [
        "CREATE TRIGGER x_ledger_append_only BEFORE UPDATE ON x_ledger BEGIN SELECT RAISE(ABORT, '只能追加'); END;",
        "CREATE TRIGGER x_ledger_append_only_delete BEFORE DELETE ON x_ledger "
        "BEGIN SELECT RAISE(ABORT, '只能追加'); END;",
    ]
    assert run("sqlite", backwards=True) == [
        "DROP TRIGGER IF EXISTS x_ledger_append_only;",
        "DROP TRIGGER IF EXISTS x_ledger_append_only_delete;",
    ]


@pytest.mark.parametrize("backwards", [False, True])
def test_other_databases_get_nothing(backwards: bool) -> None:
    assert run("mysql", backwards=backwards) == []
