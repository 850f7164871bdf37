"""One JSON object per line for every log record, whatever logged it."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from minzheng.operations.logs.context import request_id_var


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id"?, ...fields, "exception"?}``.

    ``request_id`` is the request being served when the record was made (a record logged outside a
    request has none). A record may carry ``extra={"fields": {...}}``: those keys go on the top level
    (the request log's method, path, status ...). ASCII-only output, so a terminal or a journal in
    any encoding takes it; ``jq`` shows the Chinese.
    """

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # django.request logs a 4xx after the middleware has returned: its record carries the request.
        request_id = (getattr(record, "request_id", None) or getattr(getattr(record, "request", None), "request_id", None)
                      or request_id_var.get())
        if request_id:
            line["request_id"] = request_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, default=str)
