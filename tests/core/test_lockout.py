"""Lockout holds the pair (username, client address): five wrong passwords from one address lock
that account from that address only, so nobody can lock a colleague out from elsewhere. A much
higher ceiling per username, over all addresses, still stops a spread-out guessing attack."""

from __future__ import annotations

from django.conf import settings
from rest_framework.test import APIClient

from minzheng.core import messages
from tests.personas import PASSWORD, Personas

TOKEN_URL = "/api/auth/token/"


def sign_in(username: str, password: str, address: str):  # type: ignore[no-untyped-def]
    return APIClient(REMOTE_ADDR=address).post(TOKEN_URL, {"username": username, "password": password},
                                               format="json")


def test_five_failures_from_one_address_lock_the_account_from_that_address(personas: Personas) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    answers = [sign_in("village_worker", "wrong-password", "10.0.0.66").status_code for _ in range(5)]
    assert answers == [400, 400, 400, 400, 403]
    locked = sign_in("village_worker", PASSWORD, "10.0.0.66")
    assert locked.status_code == 403
    assert locked.json() == {"detail": messages.ACCOUNT_LOCKED}


def test_an_attacker_elsewhere_cannot_lock_the_owner_out(personas: Personas) -> None:
    for _ in range(5):
        sign_in("village_worker", "wrong-password", "10.0.0.66")
    assert sign_in("village_worker", PASSWORD, "10.0.0.7").status_code == 200


def test_the_per_username_ceiling_locks_the_account_from_every_address(personas: Personas) -> None:
    ceiling = settings.MINZHENG_LOGIN_USERNAME_CEILING
    assert ceiling >= 10 * settings.AXES_FAILURE_LIMIT
    # Spread over many addresses, each below the per-address limit.
    per_address = settings.AXES_FAILURE_LIMIT - 1
    for n in range(ceiling):
        sign_in("village_worker", "wrong-password", f"10.1.{n // per_address}.1")
    locked = sign_in("village_worker", PASSWORD, "10.0.0.7")
    assert locked.status_code == 403
    assert locked.json() == {"detail": messages.ACCOUNT_LOCKED}
    # Other accounts are untouched.
    assert sign_in("aishan_officer", PASSWORD, "10.0.0.7").status_code == 200
