"""One JSON line per request, with the request id; the error pages show that id."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from minzheng.core.models import User
from tests.log_scan import request_lines, session_log_file

pytestmark = pytest.mark.django_db
HEX32 = re.compile(r"[0-9a-f]{32}")


def _line_of(pytestconfig, request_id: str) -> dict:  # type: ignore[no-untyped-def]
    lines = [line for line in request_lines(session_log_file(pytestconfig)) if line.get("request_id") == request_id]
    assert len(lines) == 1, lines
    return lines[0]


def test_every_request_gets_an_id_and_one_json_line_without_the_query_string(client: Client, pytestconfig) -> None:  # type: ignore[no-untyped-def]
    user = User.objects.create_user(username="logtest", password="x-long-password-1")
    client.force_login(user)

    response = client.get("/login/?id_number=330502199001011234&phone=13812345678")

    request_id = response["X-Request-ID"]
    assert HEX32.fullmatch(request_id)
    line = _line_of(pytestconfig, request_id)
    assert line["logger"] == "minzheng.request" and line["level"] == "INFO"
    assert line["method"] == "GET" and line["path"] == "/login/" and line["status"] == response.status_code
    assert line["user_id"] == user.pk and line["view"] == "web:login" and line["client"] == "127.0.0.1"
    assert isinstance(line["duration_ms"], float) and "time" in line
    assert "logtest" not in json.dumps(line)  # the user by id, never by name
    assert "330502199001011234" not in session_log_file(pytestconfig).read_text(encoding="utf-8")


def test_two_requests_get_two_ids(client: Client) -> None:
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


def test_a_safe_incoming_request_id_is_kept_and_an_unsafe_one_replaced(client: Client) -> None:
    assert client.get("/healthz", HTTP_X_REQUEST_ID="nginx-0123abcd")["X-Request-ID"] == "nginx-0123abcd"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="13812345678-abc")["X-Request-ID"]
    assert HEX32.fullmatch(replaced)


@pytest.mark.urls("tests.operations.logs.urls")
def test_records_logged_while_a_request_is_served_carry_its_id(client: Client, pytestconfig) -> None:  # type: ignore[no-untyped-def]
    request_id = client.get("/test-errors/talk/")["X-Request-ID"]
    lines = [json.loads(line) for line in session_log_file(pytestconfig).read_text(encoding="utf-8").splitlines()]
    assert {"logger": "minzheng.tests", "message": "inside the request", "request_id": request_id}.items() <= next(
        line for line in lines if line.get("request_id") == request_id and line["logger"] == "minzheng.tests").items()


def test_the_404_page_shows_the_request_id(client: Client, pytestconfig) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    assert f"请求编号：{request_id}" in response.content.decode()
    assert _line_of(pytestconfig, request_id)["level"] == "WARNING"


@pytest.mark.urls("tests.operations.logs.urls")
def test_the_403_page_shows_the_request_id(client: Client) -> None:
    response = client.get("/test-errors/refuse/")
    assert response.status_code == 403
    assert f"请求编号：{response['X-Request-ID']}" in response.content.decode()


@pytest.mark.urls("tests.operations.logs.urls")
def test_the_500_page_shows_the_request_id_and_its_traceback_is_logged_under_it_redacted(pytestconfig) -> None:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/boom/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert f"请求编号：{request_id}" in response.content.decode()
    assert _line_of(pytestconfig, request_id)["level"] == "ERROR"
    lines = [json.loads(line) for line in session_log_file(pytestconfig).read_text(encoding="utf-8").splitlines()]
    error = next(line for line in lines if line.get("request_id") == request_id and line["logger"] == "django.request")
    assert "RuntimeError" in error["exception"] and "[已隐去身份证号]" in error["exception"]
    assert "330502199001011234" not in json.dumps(error)


@pytest.mark.urls("tests.operations.logs.urls")
def test_an_api_server_error_answers_json_with_the_request_id() -> None:
    response = Client(raise_request_exception=False).get("/api/test-errors/boom/")
    assert response.status_code == 500
    assert response.json() == {"detail": "服务器内部错误，请稍后重试或联系管理员", "request_id": response["X-Request-ID"]}


def test_the_csrf_refusal_page_shows_the_request_id() -> None:
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert f"请求编号：{response['X-Request-ID']}" in response.content.decode()


def test_an_anonymous_request_writes_no_session(client: Client) -> None:
    client.get("/healthz")
    client.get("/login/")
    assert Session.objects.count() == 0
