"""Each write through the API leaves its audit entry, in the same transaction as the write."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core.idnumber import make_id_number
from minzheng.core.models import AuditEntry
from minzheng.people.models import Household, Membership, Person
from tests.personas import MY_VILLAGE

pytestmark = pytest.mark.django_db

NEW_ID = make_id_number("330502", dt.date(1955, 2, 3), 42)


def new_entries(since: int) -> list[tuple[str, str, str, str]]:
    return list(AuditEntry.objects.filter(pk__gt=since).order_by("pk")
                .values_list("action", "actor_name", "object_type", "object_id"))


def last_id() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


WRITES = [
    ("person create", "post", lambda v: "/api/people/",
     lambda v: {"id_number": NEW_ID, "name": "赵六", "region_code": MY_VILLAGE},
     lambda v, body: [("people.person.created", "people.person", str(body["id"]))]),
    ("person update", "patch", lambda v: f"/api/people/{v.free.pk}/", lambda v: {"name": "钱七"},
     lambda v, body: [("people.person.updated", "people.person", str(v.free.pk))]),
    ("household create", "post", lambda v: "/api/households/", lambda v: {"head": v.free.pk},
     lambda v, body: [("people.household.created", "people.household", str(body["id"]))]),
    ("member add", "post", lambda v: f"/api/households/{v.household.pk}/members/",
     lambda v: {"person": v.free.pk, "relationship": "child"},
     lambda v, body: [("people.household.member_added", "people.household", str(v.household.pk))]),
    ("member move", "post", lambda v: f"/api/households/{v.household.pk}/members/move/",
     lambda v: {"person": v.movable.pk, "relationship": "other"},
     lambda v, body: [("people.household.member_moved", "people.person", str(v.movable.pk))]),
    ("member update", "patch", lambda v: f"/api/households/{v.household.pk}/members/{v.child.pk}/",
     lambda v: {"relationship": "other"},
     lambda v, body: [("people.household.member_updated", "people.household", str(v.household.pk))]),
    ("member remove", "delete", lambda v: f"/api/households/{v.household.pk}/members/{v.child.pk}/", None,
     lambda v, body: [("people.household.member_removed", "people.household", str(v.household.pk))]),
    ("head change", "post", lambda v: f"/api/households/{v.household.pk}/head/",
     lambda v: {"head": v.spouse.pk, "old_head_relationship": "spouse"},
     lambda v, body: [("people.household.head_changed", "people.household", str(v.household.pk))]),
]


@pytest.mark.parametrize(("name", "method", "path", "body", "entries"), WRITES, ids=[w[0] for w in WRITES])
def test_each_api_write_leaves_its_audit_entry(api, mine, name, method, path, body, entries):
    before = last_id()
    client = getattr(api("village_worker"), method)
    response = client(path(mine), body(mine), format="json") if body else client(path(mine))
    assert response.status_code < 300, response.content
    payload = response.json() if response.content else {}
    assert new_entries(before) == [(action, "village_worker", otype, oid)
                                   for action, otype, oid in entries(mine, payload)]


def test_audit_entries_mask_personal_data(api, personas):
    api("village_worker").post("/api/people/", {"id_number": NEW_ID, "name": "赵六", "region_code": MY_VILLAGE,
                                                "phone": "13987654321"}, format="json")
    entry = AuditEntry.objects.get(action="people.person.created")
    assert NEW_ID not in str(entry.after) and "13987654321" not in str(entry.after)
    assert entry.after["id_number"] == NEW_ID[:6] + "*" * 8 + NEW_ID[-4:]


def test_refused_write_leaves_neither_record_nor_audit_entry(api, personas):
    before = last_id()
    response = api("village_worker").post("/api/people/", {"id_number": NEW_ID[:-1], "name": "赵六",
                                                           "region_code": MY_VILLAGE}, format="json")
    assert response.status_code == 400
    assert new_entries(before) == [] and not Person.objects.exists()


def test_write_and_audit_entry_commit_or_fail_together(api, mine, monkeypatch):
    """If the audit row cannot be written, the write itself does not happen."""

    def broken_audit(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr("minzheng.people.services.audit_record", broken_audit)
    households = Household.objects.count()
    with pytest.raises(RuntimeError):
        api("village_worker").post("/api/households/", {"head": mine.free.pk}, format="json")
    assert Household.objects.count() == households
    assert not Membership.objects.filter(person=mine.free).exists()
