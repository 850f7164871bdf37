"""What every page view shares: sign-in and permission guards that also understand htmx, and
the choice between a whole page and the fragment an htmx request asked for.

These live in core, not in web, because people and every later app build their pages on them,
and web (the home page) reads from those apps: the dependency must point one way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

View = Callable[..., HttpResponse]


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request that wants a fragment (a history restore wants the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def login_required(view: View) -> View:
    """Anonymous visitors go to the login page. An htmx request (say, after the session timed out
    while the page stayed open) gets an HX-Redirect, so the whole page moves instead of the login
    form landing inside a table cell."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if is_htmx(request):
            current = request.htmx.current_url_abs_path or request.get_full_path()
            login = resolve_url(settings.LOGIN_URL)
            return HttpResponseClientRedirect(f"{login}?{urlencode({'next': current})}")
        return redirect_to_login(request.get_full_path())

    return wrapper


def permission_required(*perms: str) -> Callable[[View], View]:
    """Signed in, and holding every one of ``perms``; otherwise 403. The answer does not depend on
    which object was asked for, so it tells nobody whether an out-of-scope record exists."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def reverse_or_none(name: str) -> str | None:
    """The URL of a page another part of the platform may not have mounted yet."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def render_page(
    request: HttpRequest,
    page: str,
    fragment: str,
    context: Mapping[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """The whole ``page`` for a normal request, only ``fragment`` for htmx."""
    template = fragment if is_htmx(request) else page
    response = render(request, template, dict(context), status=status)
    # The same URL answers with two bodies; caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


MAX_PAGE = 100_000


class Window:
    """One page of a query, without counting the whole result: a county's registry is a million
    rows, and ``COUNT(*)`` over it on every page turn is work nobody reads. It fetches one row
    more than it shows, to know whether there is a next page. The page number is ``?page=``."""

    def __init__(self, rows: Any, request: HttpRequest, *, size: int = 50) -> None:
        try:
            # Bounded: an absurd ?page= must not become an OFFSET the database rejects.
            number = min(max(1, int(request.GET.get("page", 1))), MAX_PAGE)
        except (TypeError, ValueError):
            number = 1
        start = (number - 1) * size
        fetched = list(rows[start : start + size + 1])
        self.object_list = fetched[:size]
        self.number = number
        self.start_index = start + 1 if self.object_list else 0
        self.end_index = start + len(self.object_list)
        self.has_next = len(fetched) > size
        self.has_previous = number > 1
        self.next_page_number = number + 1
        self.previous_page_number = number - 1

    def __iter__(self) -> Any:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)
