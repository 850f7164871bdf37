"""The error pages' handlers that need the request id: 400, 403 and 500 (404 is core's, whose
template reads ``request.request_id`` itself), and the CSRF failure page.

A user quotes the 请求编号 to support, who finds the request's log line and whatever was logged
while it ran (the traceback of a 500) by that id.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from minzheng.core.api import messages as api_messages
from minzheng.operations.logs.context import request_id_var


def _request_id(request: HttpRequest) -> str:
    return getattr(request, "request_id", "") or request_id_var.get()


@requires_csrf_token
def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return defaults.bad_request(request, exception)  # 400.html reads request.request_id


@requires_csrf_token
def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return defaults.permission_denied(request, exception)  # 403.html reads request.request_id


@requires_csrf_token
def handler500(request: HttpRequest) -> HttpResponse:
    """The 500 page with the request id, rendered without the request's context processors: the
    error may be the database's, and this page must not need it. Under /api/ the answer is JSON."""
    request_id = _request_id(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": api_messages.SERVER_ERROR, "request_id": request_id}, status=500,
                            json_dumps_params={"ensure_ascii": False})
    return HttpResponseServerError(loader.get_template("500.html").render({"request_id": request_id}))


def csrf_failure(request: HttpRequest, reason: str = "", **kwargs: Any) -> HttpResponse:
    """Django's CSRF refusal page (403_csrf.html, rendered without a request) with the request id."""
    body = loader.get_template("403_csrf.html").render({"reason": reason, "request_id": _request_id(request)})
    return HttpResponse(body, status=403)
