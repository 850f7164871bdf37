"""The restore drill (issue 13), on the backend the suite runs on (CI runs it on both): a small demo
city, a writer registering people through the real service while ``minzheng backup`` runs, a
restore into a fresh database, and the comparison: the rows the manifest counted, every person
committed before the backup started, a sample of decrypted ID numbers, and the audit chain."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from minzheng.core.idnumber import parse_id_number
from minzheng.core.pii import unseal
from minzheng.operations.backup.manifest import MANIFEST_NAME
from tests.operations.backup.databases import query, table_counts, writer_start
from tests.processes import ProcessDatabase, process_env, run_minzheng

pytestmark = pytest.mark.django_db

# A small demo that still has every part of the city in it (people, households, assistance, care
# homes, marriages, deaths ...): about 1,700 residents. Below it the demo is no faster (its fixed
# parts dominate) and some parts hold one or two rows.
DRILL_SCALE = "0.0005"
SAMPLE = 50
WRITTEN_BEFORE = 20  # people the writer commits before the backup starts
WRITTEN_AFTER = 5  # ... and after it has finished: it wrote all along


def _in(ids: list[int]) -> str:
    return ", ".join(str(int(pk)) for pk in ids)


def test_restore_drill_loses_nothing_committed_before_the_backup_started(
        process_database: ProcessDatabase, empty_process_database: ProcessDatabase, tmp_path: Path) -> None:
    source, target = process_database, empty_process_database
    source_env = process_env(database_url=source.url, var_dir=tmp_path / "var-source")
    target_env = process_env(database_url=target.url, var_dir=tmp_path / "var-target")
    timings: dict[str, float] = {}
    began = time.monotonic()
    # The demo refuses a production setting (no made-up people in a real registry); the rest runs as deployed.
    run_minzheng("demo", "--scale", DRILL_SCALE, "--no-serve", env={**source_env, "MINZHENG_DEBUG": "true"},
                 timeout=1200)
    timings["demo"] = time.monotonic() - began

    archive = tmp_path / "archive"
    writer = writer_start(env=source_env)
    try:
        writer.wait_for(WRITTEN_BEFORE)
        started = time.monotonic()
        run_minzheng("backup", "--to", str(archive), env=source_env)
        finished = time.monotonic()
        writer.wait_for(len([at for _, at in writer.written if at <= finished]) + WRITTEN_AFTER)
    finally:
        stopped = writer.stop()
    assert stopped == 0, "".join(writer.errors)
    timings["backup"] = finished - started

    began = time.monotonic()
    run_minzheng("restore", "--from", str(archive), env=target_env)
    timings["restore"] = time.monotonic() - began
    manifest = json.loads((archive / MANIFEST_NAME).read_text(encoding="utf-8"))

    # The rows are the manifest's, table by table.
    restored = table_counts(target)
    assert restored == manifest["tables"]
    assert restored["people_person"] > 1500

    # Every person committed before the backup started is there; those committed after it ended
    # are not (each of them committed after the previous one was reported, past the backup's end).
    before = [pk for pk, at in writer.written if at < started]
    after = [pk for pk, at in writer.written if at > finished]
    assert len(before) >= WRITTEN_BEFORE and len(after) >= WRITTEN_AFTER
    people = {pk for (pk,) in query(target, f"SELECT id FROM people_person WHERE id IN ({_in(before + after)})")}
    assert set(before) <= people
    assert not set(after[1:]) & people

    # A sample of ID numbers decrypts to the same number in the source and the restore.
    ids = random.Random(13).sample(sorted(pk for (pk,) in query(target, "SELECT id FROM people_person")), SAMPLE)
    ids += before[-3:]
    sql = f"SELECT id, id_number_cipher FROM people_person WHERE id IN ({_in(ids)})"
    restored_ciphers, source_ciphers = dict(query(target, sql)), dict(query(source, sql))
    assert len(restored_ciphers) == len(set(ids))
    for pk, cipher in restored_ciphers.items():
        number = unseal("id_number", cipher)
        assert number == unseal("id_number", source_ciphers[pk])
        parse_id_number(number)  # a whole, valid number, not a truncated one

    # The audit chain: both logs in the restore are, row for row and hash for hash, the source's chain
    # up to the restore's last row; and ``audit verify`` walks them intact to that row. (Read before
    # the verification, which adds an audit entry of its own.)
    heads = {}
    for table in ("core_auditentry", "core_accesslog"):
        restored_rows = query(target, f"SELECT * FROM {table} ORDER BY id")
        assert restored_rows, f"{table} is empty"
        last = query(target, f"SELECT id, row_hash FROM {table} ORDER BY id DESC LIMIT 1")[0]
        source_rows = query(source, f"SELECT * FROM {table} WHERE id <= %s ORDER BY id", [last[0]])
        assert restored_rows == source_rows, f"{table}: the restore is not the source's chain up to its end"
        heads[table] = last
    verified = run_minzheng("audit", "verify", env=target_env)
    for head_id, head_hash in heads.values():
        assert f"链尾第 {head_id} 号，哈希 {head_hash}" in verified.stdout
    created = {int(object_id) for (object_id,) in query(
        target, "SELECT object_id FROM core_auditentry WHERE action = 'people.person.created' "
                f"AND object_id IN ({', '.join(repr(str(pk)) for pk in before)})")}
    assert created == set(before)

    print(f"\nrestore drill ({source.vendor}, scale {DRILL_SCALE}, {sum(restored.values()):,} rows, "
          f"{len(writer.written)} written by the writer): "
          + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items()))
