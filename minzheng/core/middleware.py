"""Middleware that every request passes through."""

from __future__ import annotations

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
