"""Middleware that every request passes through."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
