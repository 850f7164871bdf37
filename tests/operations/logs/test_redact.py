"""What the PII filter takes out of a log line, and what it leaves."""

from __future__ import annotations

import pytest

from minzheng.operations.logs.context import request_id_accept, request_id_new
from minzheng.operations.logs.redact import holds_pii, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身份证 330502199001011234 已核验", "身份证 [已隐去身份证号] 已核验"),
        ("id=33050219900101123X&x=1", "id=[已隐去身份证号]&x=1"),
        ("id=33050219900101123x", "id=[已隐去身份证号]"),
        ("手机13812345678", "手机[已隐去手机号]"),
        ("tel:+8619912345678.", "tel:[已隐去手机号]."),
        ("0086 139-1234-5678", "[已隐去手机号]"),
        ("拨打 139 1234 5678", "拨打 [已隐去手机号]"),
        ("卡号 6222021234567890123 转账", "卡号 [已隐去账号] 转账"),
        ("卡号 6222021234567890", "卡号 [已隐去账号]"),
        ("a=330502199001011234,b=13812345678", "a=[已隐去身份证号],b=[已隐去手机号]"),
    ],
)
def test_redact_replaces_id_numbers_phones_and_accounts(text: str, expected: str) -> None:
    assert redact(text) == expected
    assert holds_pii(text)


@pytest.mark.parametrize(
    "text",
    [
        "GET /people/42/ 200",
        "2025-12-06T20:30:18.123+08:00",
        "region 330502003001",  # a 12-digit region code is not anyone's
        "12345678901",  # 11 digits that are not a mobile number (no 1[3-9] start after the 1)
        "duration 1234.5 ms",
        "worker 3f2a9c",
    ],
)
def test_redact_leaves_codes_dates_and_ordinary_numbers(text: str) -> None:
    assert redact(text) == text


def test_a_new_request_id_never_looks_like_a_phone() -> None:
    for _ in range(2000):
        value = request_id_new()
        assert len(value) == 32 and not holds_pii(value)


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [
        ("5f0c2a3b9d8e4f61a2b3c4d5e6f70812", True),
        ("nginx-req.0001_ab", True),
        ("short", False),
        ("has space in it", False),
        ("x" * 65, False),
        ("13812345678abcdef", False),  # a phone in a header must not become every line's request_id
        ("<script>alert(1)</script>", False),
        (None, False),
    ],
)
def test_an_incoming_request_id_is_kept_only_when_it_is_a_safe_short_token(incoming: str | None, kept: bool) -> None:
    assert request_id_accept(incoming) == (incoming if kept else None)
