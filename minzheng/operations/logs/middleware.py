"""The request id and the request log: one JSON line per request (logger ``minzheng.request``)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from minzheng.operations.logs.context import request_id_accept, request_id_new, request_id_var

logger = logging.getLogger("minzheng.request")


class RequestLogMiddleware:
    """Give every request an id (``request.request_id``, the ``X-Request-ID`` answer header, the
    ``request_id`` of every record logged while it is served, and the error pages' 请求编号), and
    when it is answered write one line: method, path, status, duration, user id, client, view.

    The path is logged without its query string, which can hold an ID number or a phone (a search);
    the user is logged by id, never by name. It sits near the top of MIDDLEWARE (after the one that
    finds the real client address), so that the duration and the status are the ones the client got.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = request_id_accept(request.headers.get("X-Request-ID")) or request_id_new()
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            self.log(request, response.status_code, started)
            return response
        except BaseException:
            # Django turns a view's exception into a 500 before it gets here; this is what escapes
            # anyway (a client gone, an exception in an outer middleware).
            self.log(request, 500, started)
            raise
        finally:
            request_id_var.reset(token)

    def log(self, request: HttpRequest, status: int, started: float) -> None:
        fields: dict[str, Any] = {
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": _user_id(request),
            "client": request.META.get("REMOTE_ADDR", ""),
            "view": request.resolver_match.view_name if request.resolver_match else "",
        }
        level = logging.ERROR if status >= 500 else logging.WARNING if status >= 400 else logging.INFO
        logger.log(level, "%s %s %s", request.method, request.path, status, extra={"fields": fields})


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id, by session or API token (DRF sets the user on the request it
    wraps). Only a user already loaded is read: a request that never looked (/healthz, a static
    file) costs no session query, and a database that is down cannot fail the log line."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    try:
        wrapped = getattr(user, "_wrapped", user)
        if wrapped is empty:  # a SimpleLazyObject never evaluated
            return None
        return wrapped.pk if wrapped.is_authenticated else None
    except Exception:
        return None
