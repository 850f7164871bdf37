"""GET /healthz in process: the JSON contract, each failing part named, no sign-in, no session."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from minzheng.operations.health import checks
from minzheng.operations.health.models import WorkerHeartbeat
from minzheng.operations.health.services import heartbeat_start, heartbeat_stop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_migrations_answer() -> Iterator[None]:
    checks.migrations_cache_clear()
    yield
    checks.migrations_cache_clear()


def _beat(*, seconds_ago: float = 0) -> WorkerHeartbeat:
    now = timezone.now() - timedelta(seconds=seconds_ago)
    return heartbeat_start(worker_id=f"w{seconds_ago}", hostname="app1", pid=4242, now=now)


def test_healthz_answers_200_ok_when_the_database_migrations_and_a_worker_are_fine(client: Client) -> None:
    _beat(seconds_ago=5)

    response = client.get("/healthz")

    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"status": "ok"} and body["checks"]["migrations"] == {"status": "ok"}
    assert body["checks"]["worker"]["status"] == "ok" and body["checks"]["worker"]["alive"] == 1
    assert 4 <= body["checks"]["worker"]["last_beat_seconds_ago"] <= 60
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_answers_503_naming_the_worker_when_none_ever_beat(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail" and body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["worker"] == {"status": "fail", "reason": checks.WORKER_NEVER}


def test_healthz_names_a_stopped_worker(client: Client) -> None:
    heartbeat_stop(heartbeat=_beat(seconds_ago=1))
    worker = client.get("/healthz").json()["checks"]["worker"]
    assert worker["status"] == "fail" and worker["reason"] == checks.WORKER_STOPPED


def test_healthz_names_a_stale_worker_after_the_stale_threshold(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MINZHENG_HEALTH_WORKER_STALE_SECONDS = 60
    _beat(seconds_ago=61)
    response = client.get("/healthz")
    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker["reason"] == checks.WORKER_STALE.format(seconds=60) and worker["last_beat_seconds_ago"] >= 61
    _beat(seconds_ago=59)  # a second worker, beating
    assert client.get("/healthz").status_code == 200


def test_healthz_names_the_database_when_it_does_not_answer(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    _beat()

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("connection refused")

    monkeypatch.setattr(checks.connection, "cursor", refuse)
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "fail", "checks": {
        "database": {"status": "fail", "reason": checks.DATABASE_DOWN},
        "migrations": {"status": "fail", "reason": checks.NOT_CHECKED},
        "worker": {"status": "fail", "reason": checks.NOT_CHECKED},
    }}
    assert "refused" not in response.content.decode()  # the driver's words go to the log only


def test_healthz_names_pending_migrations(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    _beat()
    monkeypatch.setattr(checks.MigrationExecutor, "migration_plan", lambda self, targets: [("m1", False), ("m2", False)])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {
        "status": "fail", "reason": checks.MIGRATIONS_PENDING.format(count=2), "pending": 2}


def test_applied_migrations_are_believed_for_a_while_but_a_failure_never(
        client: Client, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    _beat()
    assert client.get("/healthz").status_code == 200
    with django_assert_num_queries(3):  # SELECT 1, and the worker's two: no migration query
        assert client.get("/healthz").status_code == 200

    checks.migrations_cache_clear()
    monkeypatch.setattr(checks.MigrationExecutor, "migration_plan", lambda self, targets: [("m1", False)])
    assert client.get("/healthz").status_code == 503
    monkeypatch.undo()
    assert client.get("/healthz").status_code == 200  # fixed: seen at the next poll


def test_healthz_needs_no_sign_in_writes_no_session_and_names_no_one(client: Client) -> None:
    _beat()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
    assert Session.objects.count() == 0
    assert set(response.json()) == {"status", "checks"}
    assert "app1" not in response.content.decode() and "4242" not in response.content.decode()


def test_healthz_answers_head_and_refuses_post(client: Client) -> None:
    _beat()
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
