"""Sealing a piece of personal data into the three columns that store it.

``<field>_cipher`` holds AES-GCM ciphertext, ``<field>_digest`` the HMAC blind index used for
exact lookup, and ``<field>_masked`` the form shown by default. Nothing else is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from minzheng.core import crypto
from minzheng.core.masking import mask_id_number, mask_phone

MASKERS = {"id_number": mask_id_number, "phone": mask_phone, "bank_account": mask_id_number}


@dataclass(frozen=True)
class Sealed:
    cipher: str
    digest: str
    masked: str


EMPTY = Sealed(cipher="", digest="", masked="")


def seal(field: str, value: str) -> Sealed:
    if not value:
        return EMPTY
    return Sealed(
        cipher=crypto.encrypt(value, purpose=field),
        digest=crypto.blind_index(value, purpose=field),
        masked=MASKERS[field](value),
    )


def digest(field: str, value: str) -> str:
    """The digest a write stores (current key). Lookups use ``digests``."""
    return crypto.blind_index(value, purpose=field)


def digests(field: str, value: str) -> list[str]:
    """Every digest ``value`` may be indexed under while a key rotation runs (the current key
    and ``MINZHENG_FIELD_KEY_PREVIOUS``): filter with ``<field>_digest__in=``, never ``=``."""
    return crypto.blind_indexes(value, purpose=field)


def unseal(field: str, cipher: str) -> str:
    return crypto.decrypt(cipher, purpose=field) if cipher else ""
