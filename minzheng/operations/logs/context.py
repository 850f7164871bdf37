"""The request being served in this thread (or task), for every record logged while it runs."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

from minzheng.operations.logs.redact import holds_pii

request_id_var: ContextVar[str] = ContextVar("minzheng_request_id", default="")

# An id from a proxy in front (nginx's $request_id) is kept so that both logs join; anything else
# (long, odd characters, digits that look like an ID number or a phone) is replaced.
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")
_DIGIT_RUN = re.compile(r"\d{11}")


def request_id_new() -> str:
    """A uuid4 in hex. One in a few hundred would hold a run of 11 digits, which the PII filter
    would take for a phone and mangle in every line of that request: draw again."""
    while True:
        value = uuid.uuid4().hex
        if not _DIGIT_RUN.search(value):
            return value


def request_id_accept(value: str | None) -> str | None:
    """The incoming X-Request-ID if it is a safe short token, else None."""
    if value and _SAFE_ID.fullmatch(value) and not holds_pii(value) and not _DIGIT_RUN.search(value):
        return value
    return None
