"""The manifest's key fingerprint and its check of the archive's files."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management.base import CommandError

from minzheng.core import crypto
from minzheng.operations.backup import messages
from minzheng.operations.backup.manifest import Manifest, file_entry, key_fingerprint


def _manifest(files: dict[str, dict[str, object]]) -> Manifest:
    return Manifest(backend="sqlite", created_at="", finished_at="", minzheng_version="", django_version="",
                    server_version="", migrations={}, tables={}, files=files, field_key_fingerprint="")


def test_key_fingerprint_tells_keys_apart_without_holding_them() -> None:
    first, second = "a-field-key-of-32-characters-xxx", "a-field-key-of-32-characters-yyy"

    assert key_fingerprint(first) == key_fingerprint(first)
    assert key_fingerprint(first) != key_fingerprint(second)
    assert first[:8] not in key_fingerprint(first)
    # The same id the key's ciphertexts carry (v2:<id>:…), so an archive and its rows name one key alike.
    assert key_fingerprint(first) == crypto.token_key_id(_sealed(first))


def _sealed(key: str) -> str:
    from django.test import override_settings

    with override_settings(FIELD_KEY=key, FIELD_KEYS_PREVIOUS=()):
        return crypto.encrypt("110101199003077777", purpose="id_number")


def test_manifest_written_and_read_back_is_the_same(tmp_path: Path) -> None:
    (tmp_path / "data").write_bytes(b"rows")
    manifest = _manifest({"data": file_entry(tmp_path / "data")})
    manifest.write(tmp_path / "manifest.json")

    assert Manifest.read(tmp_path) == manifest
    manifest.verify_files(tmp_path)


def test_manifest_refuses_a_file_name_outside_the_archive(tmp_path: Path) -> None:
    (tmp_path / "data").write_bytes(b"rows")
    manifest = _manifest({"../data": file_entry(tmp_path / "data")})
    (tmp_path / "sub").mkdir()  # sub/../data is a file that matches: only the name check refuses it

    with pytest.raises(CommandError, match="备份文件缺失"):
        manifest.verify_files(tmp_path / "sub")


def test_manifest_names_a_file_of_another_size(tmp_path: Path) -> None:
    (tmp_path / "data").write_bytes(b"rows")
    manifest = _manifest({"data": file_entry(tmp_path / "data")})
    (tmp_path / "data").write_bytes(b"rows and more")

    with pytest.raises(CommandError) as refused:
        manifest.verify_files(tmp_path)
    assert str(refused.value) == messages.ARCHIVE_FILE_SIZE_MISMATCH.format(name="data", expected=4, actual=13)


def test_manifest_of_an_unknown_format_version_is_refused(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{"format": "minzheng-backup", "format_version": 99}', encoding="utf-8")

    with pytest.raises(CommandError, match="格式版本 99"):
        Manifest.read(tmp_path)
