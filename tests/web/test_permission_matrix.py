"""Each persona against each page, inside and outside its scope.

Out of scope answers 404 (nobody learns the record exists), a missing power answers 403, and an
anonymous visitor is sent to the login page. Each persona's request runs in a savepoint that is
rolled back, so a write by one persona does not change what the next one sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, OTHER_TOWNSHIP_VILLAGE
from tests.web.world import AUDITORS, EDITORS, PERSONAS, REVEALERS, Village, World, expect, login

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Village], str]
    method: str = "get"
    data: Callable[[Village], dict[str, str]] = field(default=lambda v: {})
    allowed: set[str] | None = None
    ok: int = 200
    scoped: bool = True  # the page is about a record in the village


def _url(name: str, pk_of: Callable[[Village], int] | None = None) -> Callable[[Village], str]:
    return (lambda v: reverse(name, args=[pk_of(v)])) if pk_of else (lambda v: reverse(name))


UNSCOPED = [
    Page("web:home", _url("web:home"), scoped=False),
    Page("people:person_list", _url("people:person_list"), scoped=False),
    Page("people:household_list", _url("people:household_list"), scoped=False),
    Page("people:person_create", _url("people:person_create"), allowed=EDITORS, scoped=False),
    Page("people:household_create", _url("people:household_create"), allowed=EDITORS, scoped=False),
    Page("core:audit_list", _url("core:audit_list"), allowed=AUDITORS, scoped=False),
    Page("core:access_log_list", _url("core:access_log_list"), allowed=AUDITORS, scoped=False),
]

SCOPED = [
    Page("people:person_detail", _url("people:person_detail", lambda v: v.head.pk)),
    Page("people:household_detail", _url("people:household_detail", lambda v: v.household.pk)),
    Page("people:person_update", _url("people:person_update", lambda v: v.head.pk), allowed=EDITORS),
    Page("people:person_record_death", _url("people:person_record_death", lambda v: v.head.pk), allowed=EDITORS),
    Page("people:person_reveal id_number", lambda v: reverse("people:person_reveal", args=[v.head.pk, "id_number"]),
         method="post", allowed=REVEALERS),
    Page("people:person_reveal phone", lambda v: reverse("people:person_reveal", args=[v.head.pk, "phone"]),
         method="post", allowed=REVEALERS),
    Page("people:household_create_for_person", _url("people:household_create_for_person", lambda v: v.loner.pk),
         method="post", allowed=EDITORS, ok=302),
    Page("people:member_add", _url("people:member_add", lambda v: v.household.pk), method="post",
         data=lambda v: {"add-id_number": v.loner.id_number, "add-relationship": "child"}, allowed=EDITORS, ok=302),
    Page("people:member_create", _url("people:member_create", lambda v: v.household.pk), method="post",
         data=lambda v: {"new-name": "新成员", "new-id_number": "11010519491231002X", "new-relationship": "parent"},
         allowed=EDITORS, ok=302),
    Page("people:head_change", _url("people:head_change", lambda v: v.household.pk), method="post",
         data=lambda v: {"head-new_head": str(v.spouse.pk), "head-old_head_relationship": "spouse"},
         allowed=EDITORS, ok=302),
    Page("people:membership_update", _url("people:membership_update", lambda v: v.spouse_membership.pk),
         method="post", data=lambda v: {"relationship": "other"}, allowed=EDITORS, ok=302),
    Page("people:membership_remove", _url("people:membership_remove", lambda v: v.spouse_membership.pk),
         method="post", allowed=EDITORS, ok=302),
]


def _statuses(world: World, page: Page, village: Village) -> dict[str, int]:
    out = {}
    client = Client()  # one client: building its middleware stack is most of a request's cost
    for name in [*PERSONAS, "anonymous"]:
        with transaction.atomic():
            client.logout()
            if name != "anonymous":
                login(client, world.user(name))
            response = getattr(client, page.method)(page.url(village), page.data(village))
            out[name] = response.status_code
            if name == "anonymous":
                assert response["Location"].startswith(reverse("web:login") + "?next="), page.name
            transaction.set_rollback(True)
    return out


@pytest.mark.parametrize("page", UNSCOPED, ids=lambda p: p.name)
def test_pages_without_a_record(world: World, page: Page) -> None:
    assert _statuses(world, page, world.mine) == expect(page.ok, allowed=page.allowed)


@pytest.mark.parametrize("village", [MY_VILLAGE, OTHER_TOWNSHIP_VILLAGE, OTHER_COUNTY_VILLAGE])
@pytest.mark.parametrize("page", SCOPED, ids=lambda p: p.name)
def test_pages_about_a_record(world: World, page: Page, village: str) -> None:
    expected = expect(page.ok, village=village, allowed=page.allowed)
    assert _statuses(world, page, world.villages[village]) == expected


def test_member_move_matrix(world: World) -> None:
    """Moving the spouse of the other-township household into mine needs both in scope."""
    source = world.villages[OTHER_TOWNSHIP_VILLAGE]
    page = Page("people:member_move", _url("people:member_move", lambda v: v.household.pk), method="post",
                data=lambda v: {"move-id_number": source.spouse.id_number, "move-relationship": "other"},
                allowed=EDITORS, ok=302)
    statuses = _statuses(world, page, world.mine)
    # Those who see both households move them; the village worker and the township officer see
    # my household but not the person, so the form answers (200) that no such person was found.
    assert statuses == {
        "city_admin": 302, "wuxing_officer": 302, "anji_officer": 404, "aishan_officer": 200,
        "village_worker": 200, "auditor": 403, "nobody": 403, "anonymous": 302,
    }
