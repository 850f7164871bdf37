"""Committing the good rows: set-based, audited, batch-atomic and idempotent."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count

from minzheng.core.models import AuditEntry, ImportJob
from minzheng.people import imports
from minzheng.people.models import Household, Membership, Person
from minzheng.people.services import household_create, person_create
from tests.factories import HouseholdFactory
from tests.people.io.helpers import (
    commit,
    csv_bytes,
    household,
    name,
    person_row,
    pid,
    run_import,
    xlsx_bytes,
)
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE


def people_actions():
    return list(AuditEntry.objects.filter(action__startswith="people.").exclude(action__startswith="people.import")
                .values_list("action", flat=True).order_by("id"))


def test_commit_writes_only_the_good_rows(personas):
    actor = personas.aishan_officer
    rows = (household(1, (2, "配偶"), (3, "子女"))
            + household(4, (5, "父母"), region=OTHER_TOWNSHIP_VILLAGE)  # head out of scope: both rows bad
            + [person_row(6, region=NEIGHBOUR_VILLAGE)])
    job = run_import(actor, xlsx_bytes(rows))
    assert (job.good_rows, job.bad_rows) == (4, 2)
    assert not Person.objects.exists()

    job = commit(actor, job)

    assert job.status == ImportJob.Status.DONE
    assert (job.created_count, job.updated_count, job.unchanged_count) == (4, 0, 0)
    assert job.summary["households_created"] == 1 and job.summary["memberships_created"] == 3
    assert sorted(Person.objects.values_list("name", flat=True)) == sorted(name(n) for n in (1, 2, 3, 6))
    home = Household.objects.get()
    assert home.head.name == name(1) and home.region_code == MY_VILLAGE and home.address_text == "红旗路1号"
    assert dict(home.memberships.values_list("person__name", "relationship")) == {
        name(1): "self", name(2): "spouse", name(3): "child"}
    assert not Membership.objects.filter(person__name=name(6)).exists()
    person = Person.objects.get(name=name(2))
    assert person.id_number == pid(2) and person.phone == "13900000002" and person.gender in "MF"
    assert job.file_cipher in (b"", memoryview(b"")) or bytes(job.file_cipher) == b""


def test_commit_writes_audit_entries_with_masked_values(personas):
    actor = personas.aishan_officer
    job = commit(actor, run_import(actor, xlsx_bytes([*household(1, (2, "配偶")), person_row(3)])))
    assert people_actions() == ["people.household.created"] + ["people.person.created"] * 3
    home = Household.objects.get()
    spouse = AuditEntry.objects.get(action="people.person.created", object_repr=name(2))
    assert spouse.actor == actor and spouse.region_code == MY_VILLAGE
    assert spouse.after["id_number"].count("*") == 8 and spouse.after["phone"] == "139****0002"
    assert spouse.after["import_job"] == str(job.pk)
    assert (spouse.after["household"], spouse.after["relationship"]) == (home.pk, "spouse")
    assert "household" not in AuditEntry.objects.get(action="people.person.created", object_repr=name(3)).after
    created = AuditEntry.objects.get(action="people.household.created")
    assert created.object_id == str(home.pk) and created.after["head_name"] == name(1)
    assert pid(1) not in str(list(AuditEntry.objects.values_list("after", flat=True)))
    summary = AuditEntry.objects.get(action="people.import.committed")
    assert summary.object_id == str(job.pk) and summary.actor == actor
    assert summary.after["created"] == 3 and summary.after["households_created"] == 1


def test_registered_person_joining_a_household_gets_a_member_added_entry(personas):
    actor = personas.aishan_officer
    person_create(actor=actor, id_number=pid(2), name=name(2), region_code=MY_VILLAGE, phone="13900000002",
                  address_text="红旗路1号")
    commit(actor, run_import(actor, xlsx_bytes(household(1, (2, "配偶")))))
    added = AuditEntry.objects.get(action="people.household.member_added")
    assert added.object_id == str(Household.objects.get().pk)
    assert added.after["relationship"] == "spouse" and added.after["name"] == name(2)


def test_nothing_is_written_before_commit(personas):
    actor = personas.aishan_officer
    run_import(actor, xlsx_bytes(household(1, (2, "配偶"))))
    assert not Person.objects.exists() and not Household.objects.exists() and not Membership.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="people.person").exists()


def test_import_twice_creates_nothing_new(personas):
    actor = personas.aishan_officer
    data = xlsx_bytes(household(1, (2, "配偶"), (3, "子女")) + household(4) + [person_row(5)])
    commit(actor, run_import(actor, data))
    before = (Person.objects.count(), Household.objects.count(), Membership.objects.count(), len(people_actions()))

    again = run_import(actor, data)
    assert again.summary["planned"] == {"create": 0, "update": 0, "keep": 5, "households": 0, "memberships": 0}
    again = commit(actor, again)

    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 5)
    assert (Person.objects.count(), Household.objects.count(), Membership.objects.count(),
            len(people_actions())) == before


def test_reimport_updates_what_changed_and_adds_new_members(personas):
    actor = personas.aishan_officer
    commit(actor, run_import(actor, csv_bytes(household(1, (2, "配偶"))), "a.csv"))
    rows = household(1, (2, "配偶"), (3, "子女"))
    rows[1][2] = "13700000000"  # a new phone for the spouse
    rows[0][4] = "红旗路2号"  # the head moved house
    job = commit(actor, run_import(actor, csv_bytes(rows), "b.csv"))
    assert (job.created_count, job.updated_count, job.unchanged_count) == (1, 2, 0)
    assert Person.objects.get(name=name(2)).phone == "13700000000"
    assert Person.objects.get(name=name(1)).address_text == "红旗路2号"
    assert Household.objects.get().memberships.count() == 3
    updated = AuditEntry.objects.get(action="people.person.updated", object_repr=name(2))
    assert updated.diff["phone"] == ["139****0002", "137****0000"]


def test_changed_relationship_is_updated(personas):
    actor = personas.aishan_officer
    commit(actor, run_import(actor, xlsx_bytes(household(1, (2, "其他")))))
    job = commit(actor, run_import(actor, xlsx_bytes(household(1, (2, "配偶")))))
    assert (job.updated_count, job.unchanged_count) == (1, 1)
    assert Membership.objects.get(person__name=name(2)).relationship == "spouse"
    assert "people.household.member_updated" in people_actions()


def test_members_join_a_registered_household(personas):
    actor = personas.aishan_officer
    home = HouseholdFactory(head__raw_id_number=pid(1))
    job = commit(actor, run_import(actor, xlsx_bytes([person_row(2, head=1, rel="子女"),
                                                      person_row(3, head=1, rel="子女")])))
    assert job.created_count == 2
    assert home.memberships.count() == 3


def test_registered_head_without_household_gets_one(personas):
    actor = personas.aishan_officer
    person_create(actor=actor, id_number=pid(1), name=name(1), region_code=MY_VILLAGE, phone="13900000001",
                  address_text="红旗路1号")
    job = commit(actor, run_import(actor, xlsx_bytes(household(1, (2, "配偶")))))
    assert (job.created_count, job.updated_count) == (1, 1)
    assert Household.objects.get().memberships.count() == 2


def test_commit_checks_again_against_the_registry(personas):
    actor = personas.aishan_officer
    job = run_import(actor, xlsx_bytes([*household(1), person_row(2)]))
    assert job.good_rows == 2
    # Meanwhile somebody registers person 2 and puts them in another household.
    other_head = person_create(actor=actor, id_number=pid(9), name="赵大", region_code=MY_VILLAGE)
    home = household_create(actor=actor, head=other_head)
    spouse = person_create(actor=actor, id_number=pid(2), name=name(2), region_code=MY_VILLAGE, phone="13900000002",
                           address_text="红旗路1号")
    Membership.objects.create(household=home, person=spouse, relationship="spouse", region_code=MY_VILLAGE)
    job = commit(actor, run_import(actor, xlsx_bytes(household(1, (2, "配偶")))))
    assert job.bad_rows == 1 and job.errors[0][3] == imports.ALREADY_IN_HOUSEHOLD.format(head="赵大")
    assert job.created_count == 1
    assert Membership.objects.get(person=spouse).household == home


def test_a_failed_batch_leaves_no_half_written_batch(personas, monkeypatch):
    actor = personas.aishan_officer
    monkeypatch.setattr(imports.writes, "BATCH_ROWS", 2)
    job = run_import(actor, xlsx_bytes(household(1, (2, "配偶")) + household(3, (4, "配偶")) + household(5)))
    real = Household.objects.bulk_create
    calls = []

    def second_fails(objs, *args, **kwargs):
        calls.append(len(objs))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(Household.objects, "bulk_create", second_fails)
    job = commit(actor, job)

    assert job.status == ImportJob.Status.FAILED
    assert job.error_message == imports.COMMIT_FAILED.format(batch=2, reason="disk full")
    # Batch 1 (household 1) is in whole; batch 2 (household 3) left nothing, not even its people.
    assert sorted(Person.objects.values_list("name", flat=True)) == sorted([name(1), name(2)])
    assert Household.objects.annotate(n=Count("memberships")).get().n == 2
    assert people_actions().count("people.person.created") == 2
    failed = AuditEntry.objects.get(action="people.import.failed")
    assert failed.after["created"] == 2 and failed.after["failed_batch"] == 2

    # Running the same file again finishes the job without duplicating batch 1.
    monkeypatch.setattr(Household.objects, "bulk_create", real)
    again = commit(actor, run_import(actor, xlsx_bytes(household(1, (2, "配偶")) + household(3, (4, "配偶"))
                                                       + household(5))))
    assert (again.created_count, again.unchanged_count) == (3, 2)
    assert Household.objects.count() == 3


def test_commit_is_claimed_once(personas):
    actor = personas.aishan_officer
    job = commit(actor, run_import(actor, xlsx_bytes([person_row(1)])))
    with pytest.raises(ValidationError) as exc:
        imports.import_job_commit_start(actor=actor, job=job)
    assert exc.value.messages == [imports.NOT_COMMITTABLE]
    assert Person.objects.count() == 1


def test_only_the_uploader_commits(personas):
    job = run_import(personas.aishan_officer, xlsx_bytes([person_row(1)]))
    with pytest.raises(PermissionDenied):
        imports.import_job_commit_start(actor=personas.wuxing_officer, job=job)
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.VALIDATED


def test_a_job_without_good_rows_cannot_be_committed(personas):
    actor = personas.aishan_officer
    job = run_import(actor, xlsx_bytes([person_row(1, region=OTHER_TOWNSHIP_VILLAGE)]))
    assert job.good_rows == 0 and bytes(job.file_cipher) == b""
    with pytest.raises(ValidationError) as exc:
        imports.import_job_commit_start(actor=actor, job=job)
    assert exc.value.messages == [imports.NOTHING_TO_COMMIT]


def test_queries_do_not_grow_with_the_number_of_rows(personas, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actor = personas.aishan_officer

    def queries(first: int, households: int) -> tuple[int, int]:
        rows = [r for h in range(first, first + households * 3, 3) for r in household(h, (h + 1, "配偶"), (h + 2, "子女"))]
        data = xlsx_bytes(rows)
        with CaptureQueriesContext(connection) as validating:
            job = run_import(actor, data)
        with CaptureQueriesContext(connection) as committing:
            job = commit(actor, job)
        assert job.created_count == len(rows)
        return len(validating), len(committing)

    queries(1, 2)  # warm up: the actor's permissions are loaded once
    small, big = queries(100, 20), queries(1000, 200)  # 60 rows, then 600
    assert big[0] == small[0]  # validating: the same queries whatever the size
    # committing: one transaction per batch; inserts split only by the database's parameter limit
    assert big[1] <= 600 / 10
