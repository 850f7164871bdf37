"""Token and session authentication, and the lockout after repeated failures."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from minzheng.core import messages
from minzheng.core.api import messages as api_messages
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/auth/token/"


def sign_in(client: APIClient, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_token_for_good_credentials(personas):
    response = sign_in(APIClient(), "village_worker", PASSWORD)
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=personas.village_worker).key}


def test_same_token_on_second_sign_in(personas):
    first = sign_in(APIClient(), "village_worker", PASSWORD).json()["token"]
    assert sign_in(APIClient(), "village_worker", PASSWORD).json()["token"] == first


def test_token_sign_in_records_last_login(personas):
    sign_in(APIClient(), "village_worker", PASSWORD)
    personas.village_worker.refresh_from_db()
    assert personas.village_worker.last_login is not None


def test_token_works_in_authorization_header(personas):
    token = sign_in(APIClient(), "village_worker", PASSWORD).json()["token"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/people/").status_code == 200


def test_form_encoded_sign_in_works_too(personas):
    response = APIClient().post(TOKEN_URL, urlencode({"username": "auditor", "password": PASSWORD}),
                                content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and response.json()["token"]


@pytest.mark.parametrize(("username", "password"), [("village_worker", "wrong-password"), ("no_such_user", PASSWORD)])
def test_bad_credentials_are_400_in_chinese(personas, username, password):
    response = sign_in(APIClient(), username, password)
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [messages.BAD_CREDENTIALS]}


def test_inactive_account_gets_no_token(personas):
    personas.village_worker.is_active = False
    personas.village_worker.save()
    assert sign_in(APIClient(), "village_worker", PASSWORD).status_code == 400


def test_missing_credentials_are_named_in_chinese(db):
    response = APIClient().post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"username": [api_messages.USERNAME_REQUIRED],
                               "password": [api_messages.PASSWORD_REQUIRED]}


def test_account_locks_after_five_failed_sign_ins(personas):
    assert settings.AXES_FAILURE_LIMIT == 5
    client = APIClient()
    answers = [sign_in(client, "village_worker", "wrong-password") for _ in range(5)]
    assert [a.status_code for a in answers] == [400, 400, 400, 400, 403]
    assert answers[-1].json() == {"detail": messages.ACCOUNT_LOCKED}
    # Now even the right password is refused, and still as JSON, not axes' lockout page.
    locked = sign_in(client, "village_worker", PASSWORD)
    assert locked.status_code == 403
    assert locked.json() == {"detail": messages.ACCOUNT_LOCKED}
    assert not Token.objects.filter(user=personas.village_worker).exists()


def test_lockout_is_per_account(personas):
    for _ in range(5):
        sign_in(APIClient(), "village_worker", "wrong-password")
    assert sign_in(APIClient(), "aishan_officer", PASSWORD).status_code == 200


def test_successful_sign_in_resets_the_failure_count(personas):
    for _ in range(4):
        sign_in(APIClient(), "village_worker", "wrong-password")
    assert sign_in(APIClient(), "village_worker", PASSWORD).status_code == 200
    answers = [sign_in(APIClient(), "village_worker", "wrong-password").status_code for _ in range(4)]
    assert answers == [400, 400, 400, 400]


def test_unauthenticated_request_is_401_with_chinese_detail(db):
    response = APIClient().get("/api/people/")
    assert response.status_code == 401
    assert response.json() == {"detail": messages.NOT_AUTHENTICATED}
    assert response["WWW-Authenticate"] == "Token"


def test_bad_token_is_401_with_chinese_detail(db):
    response = APIClient(HTTP_AUTHORIZATION="Token not-a-real-token").get("/api/people/")
    assert response.status_code == 401
    assert response.json() == {"detail": messages.NOT_AUTHENTICATED}


def test_session_authentication_works(personas):
    client = APIClient()
    client.force_login(personas.village_worker)
    assert client.get("/api/people/").status_code == 200


def test_session_write_without_csrf_token_is_refused_in_chinese(personas, mine):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(personas.village_worker)
    response = client.patch(f"/api/people/{mine.free.pk}/", {"address_text": "x"}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": api_messages.CSRF_FAILED}


def test_token_endpoint_needs_no_csrf_token(personas):
    client = APIClient(enforce_csrf_checks=True)
    assert sign_in(client, "village_worker", PASSWORD).status_code == 200


def test_an_expired_token_is_refused_and_a_new_sign_in_gets_a_fresh_one(personas, settings):  # type: ignore[no-untyped-def]
    old = sign_in(APIClient(), "village_worker", PASSWORD).json()["token"]
    Token.objects.filter(key=old).update(created=timezone.now() - dt.timedelta(hours=settings.MINZHENG_API_TOKEN_HOURS))
    response = APIClient(HTTP_AUTHORIZATION=f"Token {old}").get("/api/people/")
    assert response.status_code == 401
    assert response.json() == {"detail": api_messages.TOKEN_EXPIRED}
    assert not Token.objects.filter(key=old).exists()  # an expired token is gone, not merely refused

    fresh = sign_in(APIClient(), "village_worker", PASSWORD).json()["token"]
    assert fresh != old
    assert APIClient(HTTP_AUTHORIZATION=f"Token {fresh}").get("/api/people/").status_code == 200


def test_an_expired_token_is_replaced_at_sign_in_even_if_never_used(personas, settings):  # type: ignore[no-untyped-def]
    old = sign_in(APIClient(), "auditor", PASSWORD).json()["token"]
    Token.objects.filter(key=old).update(created=timezone.now() - dt.timedelta(hours=settings.MINZHENG_API_TOKEN_HOURS,
                                                                             seconds=1))
    assert sign_in(APIClient(), "auditor", PASSWORD).json()["token"] != old
    assert Token.objects.filter(user=personas.auditor).count() == 1


def test_a_token_just_inside_its_lifetime_works(personas, settings):  # type: ignore[no-untyped-def]
    token = sign_in(APIClient(), "village_worker", PASSWORD).json()["token"]
    Token.objects.filter(key=token).update(
        created=timezone.now() - dt.timedelta(hours=settings.MINZHENG_API_TOKEN_HOURS) + dt.timedelta(minutes=1))
    assert APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/people/").status_code == 200


def test_a_token_in_use_is_read_from_the_cache(personas):
    token = sign_in(APIClient(), "village_worker", PASSWORD).json()["token"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/people/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/people/").status_code == 200
    assert not [q for q in queries.captured_queries if "authtoken_token" in q["sql"]]


def test_a_deleted_token_is_refused_at_once_though_it_was_in_use(personas):
    token = sign_in(APIClient(), "village_worker", PASSWORD).json()["token"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/people/").status_code == 200
    Token.objects.get(key=token).delete()
    assert client.get("/api/people/").status_code == 401


def test_a_deactivated_users_token_is_refused_at_once_though_it_was_in_use(personas):
    token = sign_in(APIClient(), "village_worker", PASSWORD).json()["token"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/people/").status_code == 200
    worker = type(personas.village_worker).objects.get(pk=personas.village_worker.pk)
    worker.is_active = False
    worker.save()
    assert client.get("/api/people/").status_code == 401


def test_a_cached_token_still_expires_and_is_deleted(personas, settings):  # type: ignore[no-untyped-def]
    token = sign_in(APIClient(), "village_worker", PASSWORD).json()["token"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/people/").status_code == 200
    later = timezone.now() + dt.timedelta(hours=settings.MINZHENG_API_TOKEN_HOURS, minutes=1)
    with time_machine.travel(later, tick=False):
        response = client.get("/api/people/")
    assert response.status_code == 401 and response.json() == {"detail": api_messages.TOKEN_EXPIRED}
    assert not Token.objects.filter(key=token).exists()
