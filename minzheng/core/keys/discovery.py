"""Every column sealed under the field key, found through the app registry, so that a new app's
``<name>_cipher`` is rotated without anyone adding it to a list.

A text ``<name>_cipher`` (with ``<name>_digest`` when the model has one) holds ``crypto.encrypt``
output for the purpose ``name``, unless the model's ``sealed_purposes`` names another
(``{"first_id": "id_number"}``). A ``<name>_digest`` without a cipher (a family's query code: the
clear value is never stored) cannot be re-indexed; lookups accept the previous key's digest
until the previous key is removed. A binary ``_cipher`` is a short-lived upload (``EXPIRING``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models

CIPHER, DIGEST = "_cipher", "_digest"

# Binary sealed columns that are not rotated, and why: tests/core/test_keys.py fails on any
# other binary *_cipher column, so a new one is a decision, not an omission.
EXPIRING = {
    "core.ImportJob.file_cipher": "导入上传文件只保存到导入完成或过期（import_jobs_expire），"
    "轮换期间读取时同时接受旧密钥，无需重新加密",
}


@dataclass(frozen=True)
class SealedColumn:
    name: str  # "id_number": the fields are name + "_cipher" / "_digest"
    cipher: str  # field name
    digest: str | None  # field name, when the model indexes it
    purpose: str


@dataclass(frozen=True)
class SealedTable:
    model: type[models.Model]
    columns: tuple[SealedColumn, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label


@dataclass(frozen=True)
class DigestOnly:
    label: str  # "funeral.DeathRegistration.family_code_digest"
    model: type[models.Model]
    field: str


def _fields(model: type[models.Model]) -> dict[str, models.Field]:
    # Local fields only: a child of multi-table inheritance does not own its parent's columns.
    return {f.name: f for f in model._meta.local_concrete_fields}


def _models() -> list[type[models.Model]]:
    return sorted(
        (m for m in apps.get_models() if m._meta.managed and not m._meta.proxy),
        key=lambda m: m._meta.label,
    )


def sealed_tables() -> list[SealedTable]:
    tables = []
    for model in _models():
        fields = _fields(model)
        purposes = getattr(model, "sealed_purposes", {})
        columns = []
        for name, field in fields.items():
            if not name.endswith(CIPHER) or isinstance(field, models.BinaryField):
                continue
            base = name.removesuffix(CIPHER)
            digest = fields.get(base + DIGEST)
            columns.append(SealedColumn(name=base, cipher=name, digest=digest.name if digest else None,
                                        purpose=purposes.get(base, base)))
        if columns:
            tables.append(SealedTable(model=model, columns=tuple(columns)))
    return tables


def binary_ciphers() -> list[str]:
    return [f"{m._meta.label}.{name}" for m in _models() for name, f in _fields(m).items()
            if name.endswith(CIPHER) and isinstance(f, models.BinaryField)]


def digest_only() -> list[DigestOnly]:
    found = []
    for model in _models():
        fields = _fields(model)
        for name in fields:
            if name.endswith(DIGEST) and name.removesuffix(DIGEST) + CIPHER not in fields:
                found.append(DigestOnly(label=f"{model._meta.label}.{name}", model=model, field=name))
    return found
