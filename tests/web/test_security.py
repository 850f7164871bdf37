"""The security promises of issue 2 as the pages keep them: headers and CSP, CSRF on every form,
the 30-minute idle session, lockout after 5 failed logins, and Argon2 in production."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core.models import AccessLog
from minzheng.people.models import Person
from tests.personas import MY_VILLAGE, PASSWORD
from tests.web.world import World, login

pytestmark = pytest.mark.django_db

LOGIN = reverse("web:login")
HOME = reverse("web:home")


def csp(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {d[0]: d[1:] for d in directives}


# Headers -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["anonymous", "village_worker"])
def test_csp_allows_only_our_own_files(world: World, who: str) -> None:
    client = Client() if who == "anonymous" else login(Client(), world.personas.village_worker)
    response = client.get(LOGIN if who == "anonymous" else HOME)
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    every_source = [s for sources in policy.values() for s in sources]
    assert not [s for s in every_source if "unsafe" in s or "://" in s or s == "*"]


def test_security_headers(world: World) -> None:
    response = login(Client(), world.personas.village_worker).get(HOME)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_error_pages_carry_the_headers_too(world: World) -> None:
    response = login(Client(), world.personas.village_worker).get("/people/999999/")
    assert response.status_code == 404
    assert csp(response)["script-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"


def test_static_files_are_our_own(client: Client) -> None:
    for path in ("/static/vendor/htmx/htmx.min.js", "/static/js/minzheng.js", "/static/css/minzheng.css"):
        response = client.get(path)
        assert response.status_code == 200, path
        b"".join(response.streaming_content)  # type: ignore[attr-defined]  # and close the file
        response.close()


# CSRF ----------------------------------------------------------------------------------------------

NEW_PERSON = {"id_number": "11010519491231002X", "name": "李四", "region_code": MY_VILLAGE}


def test_csrf_refuses_a_form_post_without_the_token(world: World) -> None:
    client = login(Client(enforce_csrf_checks=True), world.personas.village_worker)
    response = client.post(reverse("people:person_create"), NEW_PERSON)
    assert response.status_code == 403
    assert "表单安全校验" in response.content.decode()
    assert not Person.objects.filter(name="李四").exists()


def test_csrf_accepts_the_forms_own_token(world: World) -> None:
    client = login(Client(enforce_csrf_checks=True), world.personas.village_worker)
    page = client.get(reverse("people:person_create"))
    token = page.context["csrf_token"]
    response = client.post(reverse("people:person_create"), {**NEW_PERSON, "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    assert Person.objects.filter(name="李四").exists()


def test_csrf_guards_htmx_posts_and_accepts_the_header_the_page_sends(world: World) -> None:
    client = login(Client(enforce_csrf_checks=True), world.personas.aishan_officer)
    head = world.mine.head
    url = reverse("people:person_reveal", args=[head.pk, "id_number"])
    assert client.post(url, HTTP_HX_REQUEST="true").status_code == 403
    assert not AccessLog.objects.filter(kind="reveal").exists()
    page = client.get(reverse("people:person_detail", args=[head.pk]))
    # base.html hands htmx the token in hx-headers; the same token must pass.
    token = json.loads(page.text.split("hx-headers='", 1)[1].split("'", 1)[0])["X-CSRFToken"]
    response = client.post(url, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert head.id_number in response.text


def test_csrf_guards_logout(world: World) -> None:
    client = login(Client(enforce_csrf_checks=True), world.personas.village_worker)
    assert client.post(reverse("web:logout")).status_code == 403
    assert client.get(HOME).status_code == 200


# Sessions ------------------------------------------------------------------------------------------

def sign_in(client: Client, username: str = "village_worker", password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password})


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_session_lasts_30_minutes_and_the_cookie_is_guarded(world: World) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = Client()
    response = sign_in(client)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    remaining = session_row(client).expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < remaining <= dt.timedelta(minutes=30)


def test_each_request_restarts_the_idle_clock(world: World) -> None:
    client = Client()
    started = timezone.now()
    with time_machine.travel(started, tick=False):
        sign_in(client)
    # 25 idle minutes later: still signed in, and the clock starts again.
    later = started + dt.timedelta(minutes=25)
    with time_machine.travel(later, tick=False):
        assert client.get(HOME).status_code == 200
    assert session_row(client).expire_date == later + dt.timedelta(minutes=30)


def test_the_idle_clock_is_written_at_most_once_a_minute(world: World) -> None:
    client = Client()
    started = timezone.now()
    with time_machine.travel(started, tick=False):
        sign_in(client)
    with time_machine.travel(started + dt.timedelta(seconds=20), tick=False):
        assert client.get(HOME).status_code == 200
    # Within the minute: the session row is not written again.
    assert session_row(client).expire_date == started + dt.timedelta(minutes=30)
    with time_machine.travel(started + dt.timedelta(seconds=61), tick=False):
        assert client.get(HOME).status_code == 200
    assert session_row(client).expire_date == started + dt.timedelta(seconds=61, minutes=30)


def test_an_idle_session_expires(world: World) -> None:
    client = Client()
    started = timezone.now()
    with time_machine.travel(started, tick=False):
        sign_in(client)
        assert client.get(HOME).status_code == 200
    # 30 idle minutes later (the cached copy expires with the session).
    with time_machine.travel(started + dt.timedelta(minutes=30, seconds=1), tick=False):
        response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_session_is_read_from_the_cache_without_a_query(world: World) -> None:
    client = Client()
    sign_in(client)
    client.get(HOME)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


def test_a_session_survives_the_cache_being_emptied(world: World) -> None:
    client = Client()
    sign_in(client)
    cache.clear()
    assert client.get(HOME).status_code == 200


# Lockout -------------------------------------------------------------------------------------------

def test_five_failed_logins_lock_the_account_even_with_the_right_password(world: World) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    for _ in range(4):
        response = sign_in(client, password="wrong-password")
        assert response.status_code == 200
        assert core_messages.BAD_CREDENTIALS in response.text
    sign_in(client, password="wrong-password")  # the fifth
    response = sign_in(client)  # the right password, too late
    assert response.status_code == 429
    assert "账户已锁定" in response.text
    assert "_auth_user_id" not in client.session
    # Another account is not affected (the lock is per account and address, never per address alone).
    assert sign_in(Client(), username="aishan_officer").status_code == 302


def test_four_failures_then_the_right_password_signs_in(world: World) -> None:
    client = Client()
    for _ in range(4):
        sign_in(client, password="wrong-password")
    assert sign_in(client).status_code == 302
    assert client.get(HOME).status_code == 200


# Passwords -----------------------------------------------------------------------------------------

def test_argon2_is_the_first_hasher_in_production_and_validators_are_on() -> None:
    """Tests put a fast hasher in front; production settings (no pytest, no MINZHENG_TESTING)
    must hash with Argon2 first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINZHENG_", "DJANGO_"))}
    env.update({"MINZHENG_SECRET_KEY": "x" * 50, "MINZHENG_FIELD_KEY": "y" * 43, "MINZHENG_DEBUG": "false"})
    code = (
        "import json, minzheng.settings as s; print(json.dumps({"
        "'hashers': s.PASSWORD_HASHERS, 'testing': s.TESTING, 'debug': s.DEBUG,"
        "'validators': [v['NAME'].rsplit('.', 1)[1] for v in s.AUTH_PASSWORD_VALIDATORS],"
        "'secure_cookies': s.SESSION_COOKIE_SECURE}))"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                            cwd=Path(settings.BASE_DIR).parent, timeout=60)
    production = json.loads(result.stdout)
    assert production["testing"] is False and production["debug"] is False
    assert production["hashers"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "MD5PasswordHasher" not in " ".join(production["hashers"])
    assert production["secure_cookies"] is True
    assert set(production["validators"]) >= {
        "UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator",
        "NumericPasswordValidator",
    }
    # And here, in tests, Argon2 is still configured, behind the fast hasher.
    assert "django.contrib.auth.hashers.Argon2PasswordHasher" in settings.PASSWORD_HASHERS
