"""The PII filter that every handler carries (settings.LOGGING)."""

from __future__ import annotations

import logging
from typing import Any

from minzheng.operations.logs.redact import redact

_traceback_formatter = logging.Formatter()


class RedactPii(logging.Filter):
    """Replace ID numbers, phones and bank accounts in the message, its arguments, the exception
    and stack text and the structured fields of a record, before any handler writes it.

    The message is rendered here (``msg % args``) and kept rendered, so an argument can never
    carry a number past the filter. It changes the record in place, for every handler after it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep what there is, redacted
            message = f"{record.msg} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = _traceback_formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            record.fields = {key: _redact_value(value) for key, value in fields.items()}
        return True


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, int) and not isinstance(value, bool) and value > 10**10:
        return redact(str(value))
    return value
