"""The real client address, first thing in every request (settings.MIDDLEWARE puts it first)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from minzheng.operations.serving import proxies

# What only a proxy may tell us. From anybody else these are dropped, so that no later code
# (SECURE_PROXY_SSL_HEADER, a library reading X-Forwarded-For) can be fooled by them.
FORWARDED_META = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_REAL_IP")


class RealClientAddressMiddleware:
    """Behind a trusted proxy, REMOTE_ADDR becomes the client's address from X-Forwarded-For; from
    anywhere else the forwarding headers are removed and REMOTE_ADDR stays the connection's address.
    The public pages' rate limits and the login lockout read REMOTE_ADDR, so they count clients, not
    the proxy (which would make every visitor share one limit)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.trusted = proxies.networks(settings.MINZHENG_TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        peer = meta.get("REMOTE_ADDR", "")
        if proxies.is_trusted(peer, self.trusted):
            meta["REMOTE_ADDR"] = proxies.client_address(
                peer=peer, forwarded_for=meta.get("HTTP_X_FORWARDED_FOR", ""), trusted=self.trusted
            )
        else:
            for key in FORWARDED_META:
                meta.pop(key, None)
        return self.get_response(request)
