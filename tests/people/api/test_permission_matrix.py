"""Every persona against every endpoint, in each of the four persona villages.

One test per endpoint. Inside it, each persona acts on each village in a savepoint that is
rolled back, so every cell starts from the same world and one persona's write cannot spoil the
next one's. A cell's outcome is the status code, and for lists whether anything came back.

The expectation is written from the rules, not from the code:
- anonymous callers get 401;
- a persona without the power an endpoint needs gets 403 wherever the record is;
- a record outside the persona's scope is 404 (for a list: an empty page; for a new person:
  the region code is refused with 400);
- otherwise the endpoint's success code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction

from minzheng.core import messages as core_messages
from minzheng.core.idnumber import make_id_number
from tests.core.api.support import (
    ANONYMOUS,
    EVERYONE,
    LOG_READERS,
    REVEALERS,
    SEES,
    VILLAGES,
    WRITERS,
    Village,
    client_for,
)

pytestmark = pytest.mark.django_db

POWERS = {"write": WRITERS, "reveal": REVEALERS, "logs": LOG_READERS}
NEW_ID = make_id_number("330502", dt.date(1990, 6, 1), 777)


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: Callable[[Village], str]
    body: Callable[[Village], dict[str, Any]] | None = None
    power: str | None = None  # key of POWERS
    ok: int = 200
    kind: str = "record"  # record: 404 out of scope; list: empty out of scope; create: 400 out of scope


ENDPOINTS = [
    Endpoint("people list", "get", lambda v: f"/api/people/?region_code={v.code}", kind="list"),
    Endpoint("people search by id", "get", lambda v: f"/api/people/?q={v.head.id_number}", kind="list"),
    Endpoint("person create", "post", lambda v: "/api/people/", power="write", ok=201, kind="create",
             body=lambda v: {"id_number": NEW_ID, "name": "李四", "region_code": v.code}),
    Endpoint("person detail", "get", lambda v: f"/api/people/{v.spouse.pk}/"),
    Endpoint("person update", "patch", lambda v: f"/api/people/{v.free.pk}/", power="write",
             body=lambda v: {"address_text": "新地址1号"}),
    Endpoint("person reveal", "post", lambda v: f"/api/people/{v.head.pk}/reveal/", power="reveal",
             body=lambda v: {"field": "id_number"}),
    Endpoint("households list", "get", lambda v: f"/api/households/?region_code={v.code}", kind="list"),
    Endpoint("household create", "post", lambda v: "/api/households/", power="write", ok=201,
             body=lambda v: {"head": v.free.pk}),
    Endpoint("household detail", "get", lambda v: f"/api/households/{v.household.pk}/"),
    Endpoint("member add", "post", lambda v: f"/api/households/{v.household.pk}/members/", power="write", ok=201,
             body=lambda v: {"person": v.free.pk, "relationship": "child"}),
    Endpoint("member move", "post", lambda v: f"/api/households/{v.household.pk}/members/move/", power="write",
             body=lambda v: {"person": v.movable.pk, "relationship": "grandchild"}),
    Endpoint("member update", "patch", lambda v: f"/api/households/{v.household.pk}/members/{v.child.pk}/",
             power="write", body=lambda v: {"relationship": "other"}),
    Endpoint("member remove", "delete", lambda v: f"/api/households/{v.household.pk}/members/{v.child.pk}/",
             power="write", ok=204),
    Endpoint("head change", "post", lambda v: f"/api/households/{v.household.pk}/head/", power="write",
             body=lambda v: {"head": v.spouse.pk, "old_head_relationship": "spouse"}),
    Endpoint("regions list", "get", lambda v: f"/api/regions/?q={v.code}", kind="list"),
    Endpoint("region detail", "get", lambda v: f"/api/regions/{v.code}/"),
    Endpoint("audit list", "get", lambda v: f"/api/audit/?region_code={v.code}", power="logs", kind="list"),
    Endpoint("access log", "get", lambda v: "/api/audit/access/", power="logs", kind="any"),
]


def expected(endpoint: Endpoint, persona: str, village: str) -> str:
    if persona == ANONYMOUS:
        return "401"
    if endpoint.power and persona not in POWERS[endpoint.power]:
        return "403"
    if endpoint.kind == "any" or village in SEES[persona]:
        return str(endpoint.ok)
    return {"list": f"{endpoint.ok} empty", "create": "400"}.get(endpoint.kind, "404")


def outcome(endpoint: Endpoint, response: Any) -> str:
    if endpoint.kind == "list" and response.status_code == 200 and not response.json()["results"]:
        return "200 empty"
    return str(response.status_code)


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_permission_matrix(personas, world, endpoint):
    clients = {name: client_for(personas, name) for name in EVERYONE}
    want, got = {}, {}
    for persona in EVERYONE:
        for code in VILLAGES:
            village = world[code]
            with rolled_back():
                call = getattr(clients[persona], endpoint.method)
                body = endpoint.body(village) if endpoint.body else None
                response = call(endpoint.path(village), body, format="json") if body else call(endpoint.path(village))
                got[persona, code] = outcome(endpoint, response)
                want[persona, code] = expected(endpoint, persona, code)
                _check_message(response)
    assert got == want


def _check_message(response: Any) -> None:
    """Refusals carry the Chinese sentence, never DRF's English default."""
    if response.status_code == 401:
        assert response.json() == {"detail": core_messages.NOT_AUTHENTICATED}
    elif response.status_code == 403:
        assert response.json() == {"detail": core_messages.PERMISSION_DENIED}
    elif response.status_code == 404:
        assert response.json() == {"detail": core_messages.NOT_FOUND}
    elif response.status_code == 400:
        assert response.json() == {"region_code": [core_messages.REGION_OUT_OF_SCOPE]}
