"""System checks that stop a misconfigured deployment before it serves anyone."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

from minzheng.core import crypto


@register()
def field_key_is_usable(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    try:
        crypto.derive_keys(settings.FIELD_KEY)
    except ValueError as exc:
        return [Error(f"MINZHENG_FIELD_KEY is unusable: {exc}", id="minzheng.E001")]
    for key in getattr(settings, "FIELD_KEYS_PREVIOUS", ()):
        try:
            crypto.derive_keys(key)
        except ValueError as exc:
            return [Error(f"MINZHENG_FIELD_KEY_PREVIOUS holds an unusable key: {exc}", id="minzheng.E002")]
    return []
