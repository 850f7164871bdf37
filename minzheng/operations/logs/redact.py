"""What must never reach a log line: resident ID numbers, mainland mobile numbers, bank accounts.

The patterns look for digits not joined to other digits, so that a phone inside a longer number is
not mistaken (the bank-account pattern takes long runs). The order matters: an 18-digit ID number
is named as such before the 16–19-digit account pattern could take it.
"""

from __future__ import annotations

import re

# GB 11643: 17 digits and a check character that may be X.
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")
# Mainland mobile numbers: 11 digits from 13x to 19x, written whole or as 3-4-4 with dashes or
# spaces, with the country code (+86, 0086, 86) if any.
PHONE = re.compile(r"(?<!\d)(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)")
BANK_ACCOUNT = re.compile(r"(?<!\d)\d{16,19}(?!\d)")

REDACTIONS = (
    (ID_NUMBER, "[已隐去身份证号]"),
    (PHONE, "[已隐去手机号]"),
    (BANK_ACCOUNT, "[已隐去账号]"),
)

# What the test session's log scan looks for (issue 13: ID numbers and phones).
SCAN_PATTERNS = {"身份证号 (ID number)": ID_NUMBER, "手机号 (phone)": PHONE}


def redact(text: str) -> str:
    """``text`` with every ID number, phone and account-like number replaced by a label."""
    if not any(ch.isdigit() for ch in text):
        return text  # most log messages: nothing to look at
    for pattern, label in REDACTIONS:
        text = pattern.sub(label, text)
    return text


def holds_pii(text: str) -> bool:
    return redact(text) != text
