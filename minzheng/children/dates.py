"""The one check of a day entered on a children's form or service: empty (allowed or not), not a
date, or outside ``first``…``last`` is refused with the field's Chinese message in ``errors``."""

from __future__ import annotations

import datetime as dt
from typing import Any


def day_in(
    value: Any,
    *,
    key: str,
    message: str,
    errors: dict[str, list[str]],
    required: bool = True,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> dt.date | None:
    """The day ``value`` names (a date, or YYYY-MM-DD), or None: when empty (an error if
    ``required``) or refused (the error under ``key``)."""
    if value is None or value == "":
        if required:
            errors[key] = [message]
        return None
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            errors[key] = [message]
            return None
    if (first is not None and day < first) or (last is not None and day > last):
        errors[key] = [message]
        return None
    return day
