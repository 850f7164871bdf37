"""Input checks the rehab services share: text, dates (not in the future, not before 2000)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from minzheng.disability import messages

EARLIEST = dt.date(2000, 1, 1)


def text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def clean_date(
    value: Any, *, key: str, label: str, errors: dict[str, list[str]], required: bool = True
) -> dt.date | None:
    """A date of the input, checked: present (when required), a real day, not in the future,
    not before ``EARLIEST``. A fault goes to ``errors[key]`` and the answer is None."""
    if value is None or value == "":
        if required:
            errors[key] = [messages.DATE_REQUIRED.format(field=label)]
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(text(value))
        except ValueError:
            errors[key] = [messages.DATE_INVALID.format(field=label)]
            return None
    if value > timezone.localdate():
        errors[key] = [messages.DATE_FUTURE.format(field=label)]
        return None
    if value < EARLIEST:
        errors[key] = [messages.DATE_TOO_EARLY.format(field=label, earliest=EARLIEST.isoformat())]
        return None
    return value
