"""Schemathesis over /api/schema/: the API, driven through its WSGI app as the city
administrator, gives no 5xx and answers as its schema says (status codes, content types, bodies,
headers). Bounded and derandomized so that it is quick and the same on every run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import checks

from tests.core.api.support import VILLAGES, build_village
from tests.personas import Personas

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """A WSGI request ends by closing "old" connections, which would end the test's transaction
    on PostgreSQL. Django's test client unhooks this in the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def city_admin_token(personas: Personas) -> str:
    # Real people and households, so that small generated ids find records as well as 404s.
    for code in VILLAGES[:2]:
        build_village(code, actor=personas.city_admin)
    return Token.objects.create(user=personas.city_admin).key


# Loaded once at collection: generating the schema touches no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())


@schema.parametrize()
@settings(max_examples=10, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, city_admin_token, keep_test_connection):  # type: ignore[no-untyped-def]
    case.call_and_validate(headers={"Authorization": f"Token {city_admin_token}"}, checks=CHECKS)
