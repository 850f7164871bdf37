"""Encryption at rest and blind indexes for personal data (PIPL sensitive fields).

One master key (``MINZHENG_FIELD_KEY``) is stretched by HKDF into two independent keys:
- an AES-256-GCM key that encrypts each value with a fresh 96-bit nonce;
- an HMAC-SHA256 key for the blind index, so that an exact lookup by ID number is an indexed
  equality on a digest, and no table has to be decrypted to find one person.

Ciphertexts carry a version prefix so that the key can be rotated later.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

VERSION = "v1"


@dataclass(frozen=True)
class Keys:
    aead: AESGCM
    index_key: bytes


@lru_cache(maxsize=4)
def derive_keys(master: str) -> Keys:
    """Keys are derived once per master key; the cache holds nothing that changes."""
    if not master or len(master) < 16:
        raise ValueError("the field key must be at least 16 characters")
    material = master.encode("utf-8")

    def hkdf(info: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"minzheng-field-key", info=info).derive(
            material
        )

    return Keys(aead=AESGCM(hkdf(b"encrypt")), index_key=hkdf(b"blind-index"))


def _keys() -> Keys:
    return derive_keys(settings.FIELD_KEY)


def encrypt(plaintext: str, *, purpose: str) -> str:
    """Encrypt ``plaintext``; ``purpose`` is bound as associated data so a phone ciphertext
    cannot be pasted into the ID-number column and decrypt there."""
    nonce = os.urandom(12)
    sealed = _keys().aead.encrypt(nonce, plaintext.encode("utf-8"), purpose.encode("ascii"))
    return f"{VERSION}:" + base64.b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str, *, purpose: str) -> str:
    version, _, body = token.partition(":")
    if version != VERSION:
        raise ValueError(f"unknown ciphertext version {version!r}")
    raw = base64.b64decode(body)
    return _keys().aead.decrypt(raw[:12], raw[12:], purpose.encode("ascii")).decode("utf-8")


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed digest for exact lookup. Without the key it cannot be brute-forced from the
    small space of valid ID numbers, which a plain hash could."""
    mac = hmac.new(_keys().index_key, purpose.encode("ascii") + b"\x00" + value.encode("utf-8"), hashlib.sha256)
    return mac.hexdigest()
