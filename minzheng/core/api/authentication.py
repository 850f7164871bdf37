"""How API callers sign in: tokens that expire, and the session cookie, whose CSRF refusal
speaks Chinese (DRF's says "CSRF Failed: ...")."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from drf_spectacular import authentication as drf_spectacular_authentication
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from minzheng.core.api import messages as api_messages
from minzheng.core.permission_cache import TOKEN_CACHE_SECONDS, CachedPermissionBackend, token_cache_key
from minzheng.core.services import token_expired


class TokenExpired(exceptions.AuthenticationFailed):
    """Unlike other sign-in failures, which all answer "请先登录", this one says what to do."""

    default_detail = api_messages.TOKEN_EXPIRED


class ExpiringTokenAuthentication(authentication.TokenAuthentication):
    """DRF's token, refused (and deleted) once expired: the caller signs in again for a new one.

    Another department's system calls many times a second with the same token, so whose token it is
    comes from the cache (under a hash of the token, never the token itself), and the user from the
    signed-in users' cache (``core.permission_cache``), which drops a user on every save. A deleted
    token (a new one issued, an expired one) leaves the cache at once."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        known = cache.get(token_cache_key(key))
        user = CachedPermissionBackend().get_user(known[0]) if known else None
        if user is not None:
            token = Token(key=key, user=user, created=known[1])
        else:  # not cached, or its user is no longer active: DRF looks and answers as it does
            user, token = super().authenticate_credentials(key)
            cache.set(token_cache_key(key), (user.pk, token.created), TOKEN_CACHE_SECONDS)
        if token_expired(token):
            token.delete()  # by its key, the primary key, whether read or rebuilt; token_deleted uncaches it
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
