"""How API callers sign in: tokens that expire, and the session cookie, whose CSRF refusal
speaks Chinese (DRF's says "CSRF Failed: ...")."""

from __future__ import annotations

from typing import Any

from drf_spectacular import authentication as drf_spectacular_authentication
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from minzheng.core.api import messages as api_messages
from minzheng.core.services import token_expired


class TokenExpired(exceptions.AuthenticationFailed):
    """Unlike other sign-in failures, which all answer "请先登录", this one says what to do."""

    default_detail = api_messages.TOKEN_EXPIRED


class ExpiringTokenAuthentication(authentication.TokenAuthentication):
    """DRF's token, refused (and deleted) once expired: the caller signs in again for a new one."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            token.delete()
            raise TokenExpired
        return user, token


class TokenScheme(drf_spectacular_authentication.TokenScheme):
    """Tells drf-spectacular that this is still the token header ("tokenAuth")."""

    target_class = ExpiringTokenAuthentication


class SessionAuthentication(authentication.SessionAuthentication):
    def enforce_csrf(self, request: Any) -> None:
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise exceptions.PermissionDenied(api_messages.CSRF_FAILED) from exc


class SessionScheme(drf_spectacular_authentication.SessionScheme):
    """Tells drf-spectacular that this is still the session cookie ("cookieAuth")."""

    target_class = SessionAuthentication
