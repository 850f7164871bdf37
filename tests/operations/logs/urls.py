"""A urlconf for the error-page tests: the site's own, plus views that fail on purpose."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("失败于 330502199001011234")


def refuse(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def talk(request: HttpRequest) -> HttpResponse:
    logging.getLogger("minzheng.tests").warning("inside the request")
    return HttpResponse("ok")


urlpatterns = [
    path("test-errors/boom/", boom, name="boom"),
    path("api/test-errors/boom/", boom, name="api-boom"),
    path("test-errors/refuse/", refuse, name="refuse"),
    path("test-errors/talk/", talk, name="talk"),
    path("", include("minzheng.urls")),
]

handler400 = "minzheng.operations.logs.errors.handler400"
handler403 = "minzheng.operations.logs.errors.handler403"
handler404 = "minzheng.core.api.errors.handler404"
handler500 = "minzheng.operations.logs.errors.handler500"
