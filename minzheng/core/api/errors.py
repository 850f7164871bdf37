"""Every API error is JSON keyed by field, with Chinese messages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.defaults import page_not_found
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from minzheng.core import messages
from minzheng.core.api import messages as api_messages
from minzheng.core.api.authentication import TokenExpired


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        return Response({"detail": messages.NOT_FOUND}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(messages.PERMISSION_DENIED)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed) and not isinstance(
            exc, TokenExpired):
        exc.detail = exceptions.ErrorDetail(messages.NOT_AUTHENTICATED, code=exc.default_code)
    if isinstance(exc, exceptions.ParseError):
        # DRF appends the JSON decoder's English explanation ("Expecting value: line 1 ...").
        exc.detail = exceptions.ErrorDetail(api_messages.PARSE_ERROR, code=exc.default_code)
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        exc.detail = {field: _flatten(value) for field, value in exc.detail.items()}
    return drf_exception_handler(exc, context)


def _flatten(value: Any, prefix: str = "") -> list[str]:
    """Errors of list items and nested objects ({"aliases": {"2": ["..."]}}) as one flat list of
    messages per top-level field, each saying which item it is about: the documented shape."""
    if isinstance(value, dict):
        out: list[str] = []
        for key, inner in value.items():
            label = f"第{int(key) + 1}项" if str(key).isdigit() else str(key)
            out += _flatten(inner, f"{prefix}{label}：")
        return out
    if isinstance(value, list):
        return [m for item in value for m in _flatten(item, prefix)]
    return [f"{prefix}{value}"]


@csrf_exempt  # a 404 changes nothing; without this a POST to a bad path would get the HTML CSRF page
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any unknown path under /api/: the same JSON 404 as a record outside the scope, instead of
    Django's HTML page (a bad number in a path such as /api/people/abc/ lands here too)."""
    return JsonResponse({"detail": messages.NOT_FOUND}, status=status.HTTP_404_NOT_FOUND,
                        json_dumps_params={"ensure_ascii": False})


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The site's 404: JSON under /api/, so that a malformed id in any API path answers as the
    schema documents; the Chinese page everywhere else."""
    if request.path.startswith("/api/"):
        return not_found(request)
    return page_not_found(request, exception)
