"""GET /healthz: for nginx, systemd and monitoring. No sign-in, no personal data, no session."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from minzheng.operations.health.checks import health_report


@never_cache
@require_safe
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, every migration is applied and a worker beat recently; 503
    naming the failing part otherwise. It reads neither ``request.user`` nor the session, so an
    anonymous poll never creates a session row."""
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})
