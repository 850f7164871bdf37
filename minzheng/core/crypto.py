"""Encryption at rest and blind indexes for personal data (PIPL sensitive fields).

One master key (``MINZHENG_FIELD_KEY``) is stretched by HKDF into two independent keys:
- an AES-256-GCM key that encrypts each value with a fresh 96-bit nonce;
- an HMAC-SHA256 key for the blind index, so that an exact lookup by ID number is an indexed
  equality on a digest, and no table has to be decrypted to find one person.

Ciphertexts are ``v2:<key id>:<base64>``: the key id (a fingerprint of the master key, not the
key) says which key opens the row, so that during a rotation (``minzheng keys rotate``) each
row is self-describing and a process holding the new key plus the old ones
(``MINZHENG_FIELD_KEY_PREVIOUS``) reads every row, rotated or not. The older ``v1:<base64>``
carries no key id: it is tried under the current key, then under each previous one.
Writes always use the current key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

VERSION = "v2"
LEGACY_VERSION = "v1"


class UnknownKeyError(ValueError):
    """A ciphertext names a key that this process does not hold."""


@dataclass(frozen=True)
class Keys:
    aead: AESGCM
    index_key: bytes
    key_id: str


@lru_cache(maxsize=8)
def derive_keys(master: str) -> Keys:
    """Keys are derived once per master key; the cache holds nothing that changes."""
    if not master or len(master) < 16:
        raise ValueError("the field key must be at least 16 characters")
    material = master.encode("utf-8")

    def hkdf(info: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"minzheng-field-key", info=info).derive(
            material
        )

    return Keys(aead=AESGCM(hkdf(b"encrypt")), index_key=hkdf(b"blind-index"), key_id=key_id(master))


def key_id(master: str) -> str:
    """A short fingerprint that names a master key in ciphertexts and in the rotation's
    progress; 32 bits of an HMAC tell nothing about the key."""
    return hmac.new(master.encode("utf-8"), b"minzheng-key-id", hashlib.sha256).hexdigest()[:8]


@dataclass(frozen=True)
class KeyRing:
    current: Keys
    previous: tuple[Keys, ...]

    @property
    def all(self) -> tuple[Keys, ...]:
        return (self.current, *self.previous)

    def by_id(self, kid: str) -> Keys:
        for keys in self.all:
            if keys.key_id == kid:
                return keys
        raise UnknownKeyError(
            f"密文由密钥 {kid} 加密：它既不是当前字段密钥（MINZHENG_FIELD_KEY），"
            "也不在 MINZHENG_FIELD_KEY_PREVIOUS 中"
        )


@lru_cache(maxsize=8)
def _ring(current: str, previous: tuple[str, ...]) -> KeyRing:
    olds = tuple(derive_keys(p) for p in previous if p != current)
    return KeyRing(current=derive_keys(current), previous=olds)


def ring() -> KeyRing:
    """The current key and the previous ones, read from settings on each call (tests change
    them); deriving is cached per set of keys."""
    return _ring(settings.FIELD_KEY, tuple(getattr(settings, "FIELD_KEYS_PREVIOUS", ()) or ()))


def _keys() -> Keys:
    return derive_keys(settings.FIELD_KEY)


def current_key_id() -> str:
    return _keys().key_id


def encrypt(plaintext: str, *, purpose: str) -> str:
    """Encrypt ``plaintext``; ``purpose`` is bound as associated data so a phone ciphertext
    cannot be pasted into the ID-number column and decrypt there."""
    keys = _keys()
    nonce = os.urandom(12)
    sealed = keys.aead.encrypt(nonce, plaintext.encode("utf-8"), purpose.encode("ascii"))
    return f"{VERSION}:{keys.key_id}:" + base64.b64encode(nonce + sealed).decode("ascii")


def token_key_id(token: str) -> str | None:
    """The key id a ``v2`` ciphertext names; None for ``v1`` (no id) and for an empty value."""
    if token.startswith(VERSION + ":"):
        return token[len(VERSION) + 1 :].partition(":")[0]
    return None


def decrypt(token: str, *, purpose: str) -> str:
    version, _, rest = token.partition(":")
    aad = purpose.encode("ascii")
    if version == VERSION:
        kid, _, body = rest.partition(":")
        raw = base64.b64decode(body)
        return ring().by_id(kid).aead.decrypt(raw[:12], raw[12:], aad).decode("utf-8")
    if version != LEGACY_VERSION:
        raise ValueError(f"unknown ciphertext version {version!r}")
    raw = base64.b64decode(rest)
    return _open_any(raw, aad).decode("utf-8")


def _open_any(raw: bytes, aad: bytes) -> bytes:
    """Without a key id, the GCM tag tells which key sealed it: current first, then the old."""
    for keys in ring().all:
        try:
            return keys.aead.decrypt(raw[:12], raw[12:], aad)
        except InvalidTag:
            continue
    raise InvalidTag()


def encrypt_bytes(data: bytes, *, aad: bytes) -> bytes:
    """nonce + AES-GCM of ``data`` under the current key (uploads kept for minutes, not years)."""
    nonce = os.urandom(12)
    return nonce + _keys().aead.encrypt(nonce, data, aad)


def decrypt_bytes(blob: bytes, *, aad: bytes) -> bytes:
    """An ``encrypt_bytes`` blob under the current or a previous key: an upload made just before
    the processes restarted with a new key still opens."""
    return _open_any(blob, aad)


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed digest for exact lookup under the current key. Without the key it cannot be
    brute-forced from the small space of valid ID numbers, which a plain hash could."""
    return _index(_keys(), value, purpose)


def blind_indexes(value: str, *, purpose: str) -> list[str]:
    """The digests of ``value`` under the current key and every previous one: during a
    rotation a row is indexed under one of them, and a lookup must find it either way."""
    return [_index(keys, value, purpose) for keys in ring().all]


def _index(keys: Keys, value: str, purpose: str) -> str:
    mac = hmac.new(keys.index_key, purpose.encode("ascii") + b"\x00" + value.encode("utf-8"), hashlib.sha256)
    return mac.hexdigest()
