"""``minzheng backup`` and ``minzheng restore`` as an operator runs them, on the suite's backend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from minzheng.operations.backup import messages
from minzheng.operations.backup.archive import PG_FILE, SQLITE_FILE
from minzheng.operations.backup.manifest import MANIFEST_NAME, key_fingerprint
from tests.operations.backup.databases import query, table_counts, writer_start
from tests.processes import ProcessDatabase, process_env, run_minzheng

pytestmark = pytest.mark.django_db


def _env(db: ProcessDatabase, tmp_path: Path, **extra: str) -> dict[str, str]:
    return process_env(database_url=db.url, var_dir=tmp_path / f"var-{db.name}", extra=extra)


def _with_people(db: ProcessDatabase, tmp_path: Path, count: int = 5) -> None:
    """A few people registered through the real service: rows in the registry and in the audit log."""
    writer = writer_start(env=_env(db, tmp_path), count=count)
    assert writer.finish() == 0, "".join(writer.errors)
    assert len(writer.written) == count


def _archive_file(db: ProcessDatabase) -> str:
    return PG_FILE if db.vendor == "postgresql" else SQLITE_FILE


@pytest.fixture
def archive(process_database: ProcessDatabase, tmp_path: Path) -> Path:
    _with_people(process_database, tmp_path)
    to = tmp_path / "archive"
    run_minzheng("backup", "--to", str(to), env=_env(process_database, tmp_path))
    return to


def test_round_trip_restores_every_row_the_manifest_counts(
        archive: Path, process_database: ProcessDatabase, empty_process_database: ProcessDatabase,
        tmp_path: Path) -> None:
    env = _env(empty_process_database, tmp_path)
    done = run_minzheng("restore", "--from", str(archive), env=env)

    manifest = json.loads((archive / MANIFEST_NAME).read_text(encoding="utf-8"))
    restored = table_counts(empty_process_database)
    assert restored == manifest["tables"] == table_counts(process_database)
    assert restored["people_person"] == 5
    assert manifest["backend"] == process_database.vendor
    assert "core" in manifest["migrations"]
    assert messages.RESTORE_DONE.split("：")[0] in done.stdout
    # The restored schema is the code's: nothing left to migrate.
    run_minzheng("migrate", "--check", env=env)
    people = query(empty_process_database, "SELECT id_number_masked FROM people_person ORDER BY id")
    assert people == query(process_database, "SELECT id_number_masked FROM people_person ORDER BY id")


def test_restored_audit_log_still_refuses_updates(archive: Path, empty_process_database: ProcessDatabase,
                                                  tmp_path: Path) -> None:
    run_minzheng("restore", "--from", str(archive), env=_env(empty_process_database, tmp_path))
    with pytest.raises(Exception, match="审计日志只能追加"):
        query(empty_process_database, "UPDATE core_auditentry SET action = 'x'")


def test_restore_refuses_a_database_that_is_not_empty(archive: Path, process_database: ProcessDatabase,
                                                      tmp_path: Path) -> None:
    before = table_counts(process_database)
    done = run_minzheng("restore", "--from", str(archive), env=_env(process_database, tmp_path), check=False)

    assert done.returncode != 0
    if process_database.vendor == "postgresql":
        rows = before["django_migrations"]
        assert messages.TARGET_NOT_EMPTY.format(table="django_migrations", rows=rows) in done.stderr
    else:
        assert messages.TARGET_FILE_NOT_EMPTY.format(path=process_database.path) in done.stderr
    # Refused before the archive was hashed: no "checked N files" line.
    assert messages.RESTORE_VERIFIED.partition("{")[0] not in done.stdout + done.stderr
    assert table_counts(process_database) == before


def test_restore_refuses_an_archive_with_a_flipped_byte(archive: Path, empty_process_database: ProcessDatabase,
                                                        tmp_path: Path) -> None:
    name = _archive_file(empty_process_database)
    data = bytearray((archive / name).read_bytes())
    data[len(data) // 2] ^= 0x01
    (archive / name).write_bytes(bytes(data))

    done = run_minzheng("restore", "--from", str(archive), env=_env(empty_process_database, tmp_path), check=False)

    assert done.returncode != 0
    assert messages.ARCHIVE_FILE_CHECKSUM_MISMATCH.format(name=name) in done.stderr
    assert table_counts(empty_process_database) == {}


def test_restore_refuses_an_archive_with_a_missing_file(archive: Path, empty_process_database: ProcessDatabase,
                                                        tmp_path: Path) -> None:
    name = _archive_file(empty_process_database)
    (archive / name).unlink()

    done = run_minzheng("restore", "--from", str(archive), env=_env(empty_process_database, tmp_path), check=False)

    assert done.returncode != 0
    assert messages.ARCHIVE_FILE_MISSING.format(name=name) in done.stderr
    assert table_counts(empty_process_database) == {}


def test_restore_refuses_a_directory_without_a_manifest(archive: Path, empty_process_database: ProcessDatabase,
                                                        tmp_path: Path) -> None:
    (archive / MANIFEST_NAME).unlink()  # what a backup that never finished leaves

    done = run_minzheng("restore", "--from", str(archive), env=_env(empty_process_database, tmp_path), check=False)

    assert done.returncode != 0
    assert messages.MANIFEST_MISSING.format(name=MANIFEST_NAME, path=archive) in done.stderr


def test_archive_holds_neither_the_field_key_nor_the_secret_key(archive: Path) -> None:
    secrets = [settings.FIELD_KEY.encode(), settings.SECRET_KEY.encode()]
    files = sorted(p for p in archive.rglob("*") if p.is_file())
    assert {p.name for p in files} >= {MANIFEST_NAME}
    for path in files:
        content = path.read_bytes()
        for secret in secrets:
            assert secret not in content, f"{path.name} holds a key"
    manifest = json.loads((archive / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["field_key_fingerprint"] == key_fingerprint(settings.FIELD_KEY)


def test_backup_refuses_a_directory_that_is_not_empty(process_database: ProcessDatabase, tmp_path: Path) -> None:
    to = tmp_path / "used"
    to.mkdir()
    (to / "earlier.txt").write_text("an earlier backup's file", encoding="utf-8")

    done = run_minzheng("backup", "--to", str(to), env=_env(process_database, tmp_path), check=False)

    assert done.returncode != 0
    assert messages.ARCHIVE_DIR_NOT_EMPTY.format(path=to) in done.stderr
    assert [p.name for p in to.iterdir()] == ["earlier.txt"]


def test_backup_into_an_empty_directory_leaves_only_the_archive(process_database: ProcessDatabase,
                                                                tmp_path: Path) -> None:
    to = tmp_path / "empty"
    to.mkdir()

    run_minzheng("backup", "--to", str(to), env=_env(process_database, tmp_path))

    assert sorted(p.name for p in to.iterdir()) == sorted([MANIFEST_NAME, _archive_file(process_database)])


def test_restore_with_another_field_key_warns_with_the_archive_key_fingerprint(
        archive: Path, empty_process_database: ProcessDatabase, tmp_path: Path) -> None:
    other = "another-field-key-" + "x" * 32
    env = _env(empty_process_database, tmp_path, MINZHENG_FIELD_KEY=other)

    done = run_minzheng("restore", "--from", str(archive), env=env)

    warning = messages.KEY_FINGERPRINT_MISMATCH.format(archive=key_fingerprint(settings.FIELD_KEY),
                                                       configured=key_fingerprint(other))
    assert warning in done.stderr


def test_restore_with_the_same_field_key_gives_no_key_warning(
        archive: Path, empty_process_database: ProcessDatabase, tmp_path: Path) -> None:
    done = run_minzheng("restore", "--from", str(archive), env=_env(empty_process_database, tmp_path))

    assert "警告" not in done.stderr
