"""Schemathesis against every operation of /api/schema/, with valid and invalid input alike (a
few derandomized examples each, so that it is quick and the same on every run): no answer is a
server error, and no answer is HTML. The fuller conformance run is tests/test_api_schema.py."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis import checks
from schemathesis.generation.modes import GenerationMode

from tests.personas import Personas
from tests.test_api_schema import keep_test_connection  # noqa: F401  (fixture)


def answers_json(ctx, response, case):  # type: ignore[no-untyped-def]
    """HTML is never an API answer; a refusal, an error or a redirect is JSON with a reason."""
    content_type = (response.headers.get("content-type") or [""])[0]
    if content_type.startswith("text/html"):
        raise AssertionError(f"HTML answer {response.status_code} under /api/")
    if response.status_code >= 300 and not content_type.startswith("application/json"):
        raise AssertionError(f"{response.status_code} answered {content_type!r}, not JSON")


# A schema of its own: a clone would share (and change) the conformance run's configuration.
both_ways = schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())
both_ways.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
both_ways.config.phases.coverage.enabled = False


@pytest.fixture
def token(personas: Personas, settings) -> str:  # type: ignore[no-untyped-def]
    # As the demo runs: with DEBUG on, Django's own error pages are HTML.
    settings.DEBUG = True
    return Token.objects.create(user=personas.city_admin).key


@both_ways.parametrize()
@hypothesis_settings(max_examples=3, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_api_answer_is_a_server_error_or_html(case, token, keep_test_connection):  # type: ignore[no-untyped-def]  # noqa: F811
    case.call_and_validate(headers={"Authorization": f"Token {token}"},
                           checks=[checks.not_a_server_error, answers_json])
