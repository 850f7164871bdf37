"""Middleware that every request passes through."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from minzheng.core import messages
from minzheng.core.api import messages as api_messages


class NoStoreWhenSignedInMiddleware:
    """Whatever a signed-in user (a session, or an API token: DRF sets the user on the request
    it wraps) is shown may hold personal data, so no browser cache or proxy may keep it. A
    response that set its own Cache-Control (a plate's QR image, the public doorplate page)
    knows better and is left alone, as are pages for anonymous visitors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response


class ApiAnswersJsonMiddleware:
    """Every answer under /api/ is JSON, whatever made it: Django's own 404 page (HTML when
    DEBUG is on, as in the demo), the trailing-slash redirect, a refusal or a server error
    page. The API's views already answer JSON; this catches what happens outside them. Successful
    answers (the schema, the documentation page, downloads) are left as they are."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (not request.path.startswith("/api/") or response.status_code < 300
                or response.get("Content-Type", "").startswith("application/json")):
            return response
        status = response.status_code
        if status < 400:
            detail = api_messages.USE_TRAILING_SLASH.format(location=response.get("Location", ""))
        else:
            detail = _DETAILS.get(status, api_messages.SERVER_ERROR if status >= 500 else api_messages.BAD_REQUEST)
        answer = JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})
        for header in ("Location", "Allow", "WWW-Authenticate", "Retry-After", "Cache-Control"):
            if response.has_header(header):
                answer[header] = response[header]
        return answer


_DETAILS = {
    403: messages.PERMISSION_DENIED,
    404: messages.NOT_FOUND,
}


class SessionIdleClockMiddleware:
    """Restart a signed-in session's 30-minute idle clock, but write the session at most once a
    minute. Saving on every request (SESSION_SAVE_EVERY_REQUEST) costs a database write and commit
    per page a user opens; a clock that is right to the minute costs one write per minute of use.
    Sits inside SessionMiddleware, which saves what this marks as modified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated and not session.is_empty():
            now = int(time.time())
            if now - int(session.get(IDLE_CLOCK_KEY, 0)) >= IDLE_CLOCK_RESOLUTION_SECONDS:
                session[IDLE_CLOCK_KEY] = now
        return response


IDLE_CLOCK_KEY = "_idle_clock"
IDLE_CLOCK_RESOLUTION_SECONDS = 60
