"""The archive's manifest (``manifest.json``): when and from what it was taken, the migration state,
the rows of every table, the SHA-256 and size of every file, and the field key's fingerprint.

The manifest is written last, so a directory without one is an archive that never finished. It never
holds the field key or the SECRET_KEY: only a fingerprint that lets a restore say which key the
archive's ciphertexts need.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from minzheng.core import crypto
from minzheng.operations.backup import messages

MANIFEST_NAME = "manifest.json"
FORMAT = "minzheng-backup"
FORMAT_VERSION = 1
_CHUNK = 1 << 20


def key_fingerprint(key: str) -> str:
    """The key's id: the fingerprint its ciphertexts carry (``v2:<id>:…``) and ``minzheng keys status``
    shows, so an archive, its rows and the rotation all name a key the same way, without revealing it."""
    return crypto.key_id(key)


def configured_fingerprints() -> list[str]:
    """The fingerprints of the field keys this process can decrypt with: the current one first, then
    the previous ones still read during a rotation."""
    keys = [settings.FIELD_KEY, *getattr(settings, "FIELD_KEYS_PREVIOUS", ())]
    return [key_fingerprint(key) for key in keys]


def file_digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


@dataclass
class Manifest:
    backend: str
    created_at: str
    finished_at: str
    minzheng_version: str
    django_version: str
    server_version: str
    migrations: dict[str, list[str]]
    tables: dict[str, int]
    files: dict[str, dict[str, Any]]
    field_key_fingerprint: str
    field_key_previous_fingerprints: list[str] = field(default_factory=list)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    @property
    def size(self) -> int:
        return sum(int(f["size"]) for f in self.files.values())

    def write(self, path: Path) -> None:
        text = json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)
        path.write_text(text + "\n", encoding="utf-8")

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        """The manifest of the archive in ``directory``, or a refusal saying why there is none."""
        path = directory / MANIFEST_NAME
        if not path.is_file():
            raise CommandError(messages.MANIFEST_MISSING.format(name=MANIFEST_NAME, path=directory))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(messages.MANIFEST_UNREADABLE.format(name=MANIFEST_NAME, reason=exc)) from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
            version = data.get("format_version") if isinstance(data, dict) else None
            raise CommandError(messages.MANIFEST_FORMAT_UNKNOWN.format(
                name=MANIFEST_NAME, version=version, supported=FORMAT_VERSION))
        try:
            return cls(**data)
        except TypeError as exc:
            raise CommandError(messages.MANIFEST_UNREADABLE.format(name=MANIFEST_NAME, reason=exc)) from exc

    def verify_files(self, directory: Path) -> None:
        """Every file the manifest lists is there with its size and SHA-256; the first that is not is named."""
        for name, expected in sorted(self.files.items()):
            path = directory / name
            # A name is a bare file name: a manifest cannot make a restore read outside its archive.
            if Path(name).name != name or not path.is_file():
                raise CommandError(messages.ARCHIVE_FILE_MISSING.format(name=name))
            size = path.stat().st_size
            if size != int(expected["size"]):
                raise CommandError(messages.ARCHIVE_FILE_SIZE_MISMATCH.format(
                    name=name, expected=expected["size"], actual=size))
            if not hmac.compare_digest(file_digest(path), str(expected["sha256"])):
                raise CommandError(messages.ARCHIVE_FILE_CHECKSUM_MISMATCH.format(name=name))


def file_entry(path: Path) -> dict[str, Any]:
    return {"sha256": file_digest(path), "size": path.stat().st_size}
