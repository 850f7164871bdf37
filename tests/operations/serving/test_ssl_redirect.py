"""HTTPS behind nginx: only a trusted proxy can say a request came over https; /healthz is never redirected."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind_nginx(settings):  # type: ignore[no-untyped-def]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    settings.MINZHENG_TRUSTED_PROXIES = ("127.0.0.1",)
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return settings


def test_a_request_nginx_says_came_over_https_is_served(client, behind_nginx) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=")


def test_a_client_saying_https_itself_is_sent_to_https(client, behind_nginx) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/login/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/login/"


def test_healthz_answers_a_local_monitor_over_plain_http(client, behind_nginx) -> None:  # type: ignore[no-untyped-def]
    # 200, or 503 naming what is down (here: no worker) — its own answer, not a redirect.
    assert client.get("/healthz", REMOTE_ADDR="127.0.0.1").status_code in {200, 503}
    assert client.get("/login/", REMOTE_ADDR="127.0.0.1").status_code == 301
