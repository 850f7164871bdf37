"""The audit and access logs are hash chains (core.chain): every way rows are written chains them,
in id order, and a walk names the first row a database administrator changed, removed or slipped in
past the append-only triggers."""

from __future__ import annotations

import importlib
import itertools
import threading
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import DatabaseError, connection, connections, transaction

from minzheng.core import chain
from minzheng.core.audit import access_record, access_record_many, audit_record
from minzheng.core.models import AccessLog, AuditEntry, Region
from tests.core.tamper import forge, raw, skip_ids, triggers_dropped
from tests.personas import Personas

pytestmark = pytest.mark.django_db

CITY = "330500000000"


def chained(model: type[AuditEntry] | type[AccessLog]) -> list[tuple[int, str, str]]:
    return list(model.objects.order_by("id").values_list("id", "prev_hash", "row_hash"))


def write_audit(personas: Personas, count: int) -> list[AuditEntry]:
    city = Region.objects.get(code=CITY)
    return [audit_record(actor=personas.city_admin, action="core.region.renamed", obj=city,
                         before={"name": f"旧名{i}"}, after={"name": f"新名{i}"}) for i in range(count)]


def walk(model: type[AuditEntry] | type[AccessLog], **kwargs) -> chain.Walk:  # type: ignore[no-untyped-def]
    return chain.walk(model, batch=3, **kwargs)  # small pages: the findings must not depend on page edges


def test_field_lists_of_the_chains_are_pinned() -> None:
    # Adding, renaming or dropping a column of a chained table changes what every row's hash
    # covers, so old rows would no longer verify: such a change needs a new chain format first.
    assert [f.attname for f in chain.content_fields(AuditEntry)] == [
        "action", "actor_id", "actor_name", "after", "at", "before", "diff", "id", "object_id", "object_repr",
        "object_type", "region_code"]
    assert [f.attname for f in chain.content_fields(AccessLog)] == [
        "actor_id", "actor_name", "at", "channel", "field", "id", "kind", "region_code", "subject_id",
        "subject_repr", "subject_type"]
    for model in (AuditEntry, AccessLog):
        assert not model._meta.get_field("at").auto_now_add  # it would change after the row is hashed


def test_single_and_bulk_writes_chain_in_id_order(personas: Personas) -> None:
    city = Region.objects.get(code=CITY)
    write_audit(personas, 2)
    AuditEntry(action="core.import_job.expired", object_type="core.importjob", object_id="1",
               actor_name="system").save()
    AuditEntry.objects.bulk_create([AuditEntry(action="core.region.renamed", object_type="core.region",
                                               object_id=CITY, actor_name="system") for _ in range(5)], batch_size=2)
    access_record(actor=personas.auditor, kind=AccessLog.Kind.VIEW, subject=city)
    access_record_many(actor=personas.auditor, subjects=Region.objects.order_by("code")[:4])
    for model in (AuditEntry, AccessLog):
        rows = chained(model)
        assert rows[0][1] == chain.GENESIS
        assert all(row[1] == before[2] for before, row in itertools.pairwise(rows))
        assert all(len(row[2]) == 64 for row in rows)
        found = walk(model)
        assert found.finding is None and found.rows == len(rows)
        assert (found.head_id, found.head_hash) == rows[-1][::2]


def test_content_round_trips_through_the_database(personas: Personas) -> None:
    city = Region.objects.get(code=CITY)
    entry = audit_record(actor=personas.city_admin, action="core.region.renamed", obj=city,
                         after={"金额": 1e20, "比例": 0.1, "按月": {3: "三月", 10: "十月"}, "列表": (1, 2.0, None), "空": {}})
    assert walk(AuditEntry).finding is None
    again = AuditEntry.objects.get(pk=entry.pk)
    assert (again.prev_hash, again.row_hash) == (entry.prev_hash, entry.row_hash)


def test_a_row_edited_past_the_trigger_is_named(personas: Personas) -> None:
    entries = write_audit(personas, 6)
    target = entries[3]
    raw("core_auditentry", "UPDATE core_auditentry SET object_repr = %s WHERE id = %s", ["改过", target.pk])
    found = walk(AuditEntry).finding
    assert found is not None and (found.row_id, found.kind) == (target.pk, chain.Kind.CHANGED)
    assert found.reason == chain.CHAIN_CHANGED.format(id=target.pk)


def test_a_rehashed_edit_breaks_the_link_to_the_next_row(personas: Personas) -> None:
    entries = write_audit(personas, 5)
    target = entries[2]
    raw("core_auditentry", "UPDATE core_auditentry SET row_hash = %s WHERE id = %s", ["f" * 64, target.pk])
    found = walk(AuditEntry).finding
    assert found is not None and (found.row_id, found.kind) == (target.pk, chain.Kind.CHANGED)


def test_a_deleted_row_names_the_row_after_the_gap(personas: Personas) -> None:
    entries = write_audit(personas, 6)
    gone, after = entries[2], entries[3]
    raw("core_auditentry", "DELETE FROM core_auditentry WHERE id = %s", [gone.pk])
    found = walk(AuditEntry).finding
    assert found is not None and (found.row_id, found.kind) == (after.pk, chain.Kind.REMOVED)
    assert found.reason == chain.CHAIN_REMOVED.format(id=after.pk, prev=entries[1].pk)


def test_deleting_the_first_rows_is_found(personas: Personas) -> None:
    write_audit(personas, 3)
    first = chained(AuditEntry)[0][0]
    raw("core_auditentry", "DELETE FROM core_auditentry WHERE id = %s", [first])
    found = walk(AuditEntry).finding
    assert found is not None and found.kind == chain.Kind.REMOVED
    assert found.reason == chain.CHAIN_REMOVED_FIRST.format(id=chained(AuditEntry)[0][0])


def test_swapped_rows_are_found(personas: Personas) -> None:
    city = Region.objects.get(code=CITY)
    logs = [access_record(actor=personas.auditor, kind=kind, subject=city)
            for kind in (AccessLog.Kind.VIEW, AccessLog.Kind.REVEAL, AccessLog.Kind.EXPORT, AccessLog.Kind.VIEW)]
    first, second = logs[1], logs[2]
    # Every column but the id moves, hashes included: the hash covers the id.
    with triggers_dropped("core_accesslog") as cursor:
        for row, other in ((first, second), (second, first)):
            cursor.execute("UPDATE core_accesslog SET kind = %s, prev_hash = %s, row_hash = %s WHERE id = %s",
                           [other.kind, other.prev_hash, other.row_hash, row.pk])
    found = walk(AccessLog).finding
    assert found is not None and (found.row_id, found.kind) == (first.pk, chain.Kind.CHANGED)


@pytest.mark.parametrize("forger", ["knows_the_format", "links_to_nothing", "leaves_no_hash", "guesses_a_hash"])
def test_a_row_inserted_with_a_chosen_id_is_found(personas: Personas, forger: str) -> None:
    before = write_audit(personas, 3)
    skip_ids(AuditEntry, 3)  # rolled-back writes leave unused ids, where a forged row can go
    after = write_audit(personas, 2)
    slot = before[-1].pk + 2
    prev = {"knows_the_format": before[-1].row_hash, "links_to_nothing": "a" * 64,
            "leaves_no_hash": None, "guesses_a_hash": before[-1].row_hash}[forger]
    with triggers_dropped("core_auditentry"):
        forge(AuditEntry, row_id=slot, prev_hash=prev, row_hash="b" * 64 if forger == "guesses_a_hash" else None,
              action="core.staff.created", object_type="core.user", object_id="99", actor_name="system",
              at=before[-1].at)
    found = walk(AuditEntry).finding
    expected = {"knows_the_format": chain.Kind.INSERTED, "links_to_nothing": chain.Kind.INSERTED,
                "leaves_no_hash": chain.Kind.UNCHAINED, "guesses_a_hash": chain.Kind.CHANGED}[forger]
    assert found is not None and (found.row_id, found.kind) == (slot, expected)
    if expected == chain.Kind.INSERTED:
        assert found.reason == chain.CHAIN_INSERTED.format(id=slot, prev=before[-1].pk, next=after[0].pk)


def test_an_intact_chain_is_clean_at_any_page_size(personas: Personas) -> None:
    write_audit(personas, 7)
    for batch in (1, 2, 7, 1000):
        assert chain.walk(AuditEntry, batch=batch).finding is None


def test_a_rewritten_tail_is_found_against_the_last_verification(personas: Personas) -> None:
    entries = write_audit(personas, 4)
    seen = walk(AuditEntry)
    anchor = chain.Anchor(row_id=seen.head_id, row_hash=seen.head_hash, at=entries[-1].at)
    last = entries[-1]
    # A forger who knows the format rewrites the last row and re-hashes it: the chain itself holds.
    with triggers_dropped("core_auditentry") as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [last.pk])
        forge(AuditEntry, row_id=last.pk, prev_hash=last.prev_hash, action=last.action, object_type=last.object_type,
              object_id=last.object_id, object_repr="改过", actor_name=last.actor_name, at=last.at)
    assert walk(AuditEntry).finding is None
    found = walk(AuditEntry, anchor=anchor).finding
    assert found is not None and (found.row_id, found.kind) == (last.pk, chain.Kind.REWRITTEN)


def test_rows_cut_off_the_end_are_found_against_the_last_verification(personas: Personas) -> None:
    entries = write_audit(personas, 4)
    seen = walk(AuditEntry)
    anchor = chain.Anchor(row_id=seen.head_id, row_hash=seen.head_hash, at=entries[-1].at)
    raw("core_auditentry", "DELETE FROM core_auditentry WHERE id >= %s", [entries[-2].pk])
    assert walk(AuditEntry).finding is None
    found = walk(AuditEntry, anchor=anchor).finding
    assert found is not None and (found.row_id, found.kind) == (entries[-1].pk, chain.Kind.TRUNCATED)


def test_the_backfill_chains_rows_as_the_writers_do(personas: Personas) -> None:
    write_audit(personas, 5)
    written = chained(AuditEntry)
    raw("core_auditentry", "UPDATE core_auditentry SET prev_hash = NULL, row_hash = NULL")
    assert walk(AuditEntry).finding.kind == chain.Kind.UNCHAINED  # type: ignore[union-attr]
    with triggers_dropped("core_auditentry"):
        assert chain.backfill(AuditEntry, using="default", batch=2) == len(written)
    assert chained(AuditEntry) == written
    assert walk(AuditEntry).finding is None


def test_the_migration_chains_rows_already_there_and_keeps_the_triggers(personas: Personas) -> None:
    migration = importlib.import_module("minzheng.core.migrations.0008_audit_chain")
    write_audit(personas, 3)
    access_record(actor=personas.auditor, kind=AccessLog.Kind.VIEW, subject=Region.objects.get(code=CITY))
    written = {model: chained(model) for model in (AuditEntry, AccessLog)}
    for table in ("core_auditentry", "core_accesslog"):
        raw(table, f"UPDATE {table} SET prev_hash = NULL, row_hash = NULL")
    migration.chain_existing_rows(django_apps, SimpleNamespace(connection=connection))
    assert {model: chained(model) for model in written} == written
    for table in ("core_auditentry", "core_accesslog"):  # the append-only triggers are back
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET row_hash = NULL")


def test_a_rolled_back_write_leaves_the_chain_intact(personas: Personas) -> None:
    write_audit(personas, 2)
    with pytest.raises(RuntimeError), transaction.atomic():
        write_audit(personas, 2)
        raise RuntimeError("rolled back")
    write_audit(personas, 2)
    assert walk(AuditEntry).finding is None


def test_a_chained_row_cannot_bring_its_own_id(personas: Personas) -> None:
    with pytest.raises(ValueError):
        AuditEntry.objects.bulk_create([AuditEntry(pk=10_000, action="core.region.renamed", actor_name="system")])


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_writers_keep_both_chains_intact(personas: Personas) -> None:
    city = Region.objects.get(code=CITY)
    regions = list(Region.objects.order_by("code")[:5])
    writers, rounds = 8, 10
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            barrier.wait(timeout=20)
            for i in range(rounds):
                # Singles in autocommit, and bulk writes inside a longer transaction of their own.
                audit_record(actor=personas.city_admin, action="core.region.renamed", obj=city)
                access_record(actor=personas.auditor, kind=AccessLog.Kind.VIEW, subject=city)
                with transaction.atomic():
                    access_record_many(actor=personas.auditor, subjects=regions)
                    audit_record(actor=personas.city_admin, action="core.region.renamed", obj=city,
                                 after={"round": i})
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    audits, accesses = AuditEntry.objects.count(), AccessLog.objects.count()
    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert AuditEntry.objects.count() == audits + writers * rounds * 2
    assert AccessLog.objects.count() == accesses + writers * rounds * (1 + len(regions))
    for model in (AuditEntry, AccessLog):
        assert chain.walk(model).finding is None
