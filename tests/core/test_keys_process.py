"""``minzheng keys rotate`` as a real process: killed with SIGKILL halfway, every row still opens
with the new and the previous key; run again, it resumes and finishes, and then every row opens
with the new key alone, every digest matches, and no other table changed."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from minzheng.core import crypto
from tests.factories import id_number_for
from tests.processes import MINZHENG, ProcessDatabase, process_env, run_minzheng

OLD = "old-field-key-0123456789abcdef"
NEW = "new-field-key-0123456789abcdef"
PEOPLE = 600
BATCH = 20

pytestmark = pytest.mark.django_db


def _numbers() -> list[tuple[str, str]]:
    return [(id_number_for(n, birth=dt.date(1950, 1, 1)), f"139{n:08d}" if n % 4 else "") for n in range(PEOPLE)]


FILL = """
import datetime as dt
from minzheng.core import pii
from minzheng.people.models import Person
rows = []
for number, phone in {numbers!r}:
    i, p = pii.seal("id_number", number), pii.seal("phone", phone)
    born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    rows.append(Person(id_number_cipher=i.cipher, id_number_digest=i.digest, id_number_masked=i.masked,
                       phone_cipher=p.cipher, phone_digest=p.digest, phone_masked=p.masked, name="测试",
                       gender="M" if int(number[16]) % 2 else "F", birth_date=born, region_code="330502003001"))
Person.objects.bulk_create(rows, batch_size=200)
print(Person.objects.count())
"""


def _query(db: ProcessDatabase, sql: str) -> list[tuple]:
    if db.vendor == "sqlite":
        assert db.path is not None
        with sqlite3.connect(db.path, timeout=30) as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(db.url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        return conn.execute(sql).fetchall()


def _tables(db: ProcessDatabase) -> list[str]:
    if db.vendor == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    return sorted(r[0] for r in _query(db, sql))


def _counts(db: ProcessDatabase) -> dict[str, int]:
    # The rotation's own rows (its progress, its audit entries and their chain) are checked apart.
    skip = ("core_keyrotation", "core_auditentry", "audit")
    return {t: _query(db, f'SELECT COUNT(*) FROM "{t}"')[0][0] for t in _tables(db) if not t.startswith(skip)}


def _people(db: ProcessDatabase) -> list[tuple]:
    return _query(db, "SELECT id, id_number_cipher, id_number_digest, phone_cipher, phone_digest "
                      "FROM people_person ORDER BY id")


def _rows_done(db: ProcessDatabase) -> int:
    found = _query(db, "SELECT rows_done FROM core_keyrotation")
    return int(found[0][0]) if found else 0


def test_a_rotation_killed_halfway_resumes_and_leaves_every_row_under_the_new_key(
        process_database: ProcessDatabase, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    db = process_database
    old_env = process_env(database_url=db.url, var_dir=tmp_path, extra={"MINZHENG_FIELD_KEY": OLD})
    new_only = process_env(database_url=db.url, var_dir=tmp_path, extra={"MINZHENG_FIELD_KEY": NEW})
    rotating = {**new_only, "MINZHENG_FIELD_KEY_PREVIOUS": OLD}
    numbers = _numbers()
    filled = run_minzheng("shell", "--no-imports", "-c", FILL.format(numbers=numbers), env=old_env)
    assert filled.stdout.strip() == str(PEOPLE)
    before = _counts(db)

    refused = run_minzheng("keys", "rotate", env=new_only, check=False)
    assert refused.returncode != 0 and "MINZHENG_FIELD_KEY_PREVIOUS" in refused.stderr
    assert _rows_done(db) == 0

    process = subprocess.Popen([MINZHENG, "keys", "rotate", "--batch-size", str(BATCH), "--pause", "0.1"],
                               env=rotating, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while _rows_done(db) < 5 * BATCH and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the rotation ended before it could be killed:\n" + (process.stdout.read() if process.stdout else "")
    process.kill()  # SIGKILL: no handler, no clean-up
    process.wait()
    if process.stdout:
        process.stdout.close()

    done = _rows_done(db)
    assert 5 * BATCH <= done < PEOPLE and done % BATCH == 0  # whole batches only
    new, old = crypto.key_id(NEW), crypto.key_id(OLD)
    settings.FIELD_KEY, settings.FIELD_KEYS_PREVIOUS = NEW, (OLD,)
    halfway = _people(db)
    kids = [crypto.token_key_id(row[1]) for row in halfway]
    assert kids.count(new) == done and kids.count(old) == PEOPLE - done
    for (number, phone), (_, id_cipher, _, phone_cipher, _) in zip(numbers, halfway, strict=True):
        assert crypto.decrypt(id_cipher, purpose="id_number") == number
        assert (crypto.decrypt(phone_cipher, purpose="phone") if phone_cipher else "") == phone
    status = run_minzheng("keys", "status", env=rotating)
    assert f"rows left under an old key: {PEOPLE - done}" in status.stdout

    finished = run_minzheng("keys", "rotate", "--batch-size", str(BATCH), "--quiet", env=rotating)
    assert f"{PEOPLE - done} rows re-sealed" in finished.stdout
    assert "rotation complete: remove MINZHENG_FIELD_KEY_PREVIOUS" in finished.stdout

    settings.FIELD_KEY, settings.FIELD_KEYS_PREVIOUS = NEW, ()  # only the new key from here
    after = _people(db)
    for (number, phone), (_, id_cipher, id_digest, phone_cipher, phone_digest) in zip(numbers, after, strict=True):
        assert crypto.token_key_id(id_cipher) == new
        assert crypto.decrypt(id_cipher, purpose="id_number") == number
        assert id_digest == crypto.blind_index(number, purpose="id_number")
        if phone:
            assert crypto.token_key_id(phone_cipher) == new
            assert crypto.decrypt(phone_cipher, purpose="phone") == phone
            assert phone_digest == crypto.blind_index(phone, purpose="phone")
        else:
            assert phone_cipher == phone_digest == ""
    assert _counts(db) == before
    assert _query(db, "SELECT runs, rows_done FROM core_keyrotation") == [(2, PEOPLE)]
    actions = [r[0] for r in _query(db, "SELECT action FROM core_auditentry WHERE action LIKE 'core.key_rotation.%' ORDER BY id")]
    assert actions == ["core.key_rotation.started", "core.key_rotation.started", "core.key_rotation.completed"]
    status = run_minzheng("keys", "status", env=new_only)
    assert "rows left under an old key: 0" in status.stdout
