"""Session authentication whose CSRF refusal speaks Chinese (DRF's says "CSRF Failed: ...")."""

from __future__ import annotations

from typing import Any

from drf_spectacular import authentication as drf_spectacular_authentication
from rest_framework import authentication, exceptions

from minzheng.core.api import messages as api_messages


class SessionAuthentication(authentication.SessionAuthentication):
    def enforce_csrf(self, request: Any) -> None:
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise exceptions.PermissionDenied(api_messages.CSRF_FAILED) from exc


class SessionScheme(drf_spectacular_authentication.SessionScheme):
    """Tells drf-spectacular that this is still the session cookie ("cookieAuth")."""

    target_class = SessionAuthentication
