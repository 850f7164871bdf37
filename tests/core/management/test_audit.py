"""``minzheng audit verify``: exit 0 and the head of each chain when intact, exit 1 and the first bad
row when not; each chain walked leaves a verification row and its audit entry, and the next run
checks the head the last clean one saw."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from minzheng.core import chain
from minzheng.core.audit import audit_record
from minzheng.core.audit_verify import COMMAND, VERIFIED_ACTION, audit_chain_verify
from minzheng.core.management.commands.audit import CHAIN_BROKEN
from minzheng.core.models import AuditEntry, AuditVerification, Region
from tests.core.tamper import raw
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def verify(*args: str) -> str:
    out = io.StringIO()
    call_command("audit", "verify", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def write(personas: Personas, count: int) -> list[AuditEntry]:
    city = Region.objects.get(code="330500000000")
    return [audit_record(actor=personas.city_admin, action="core.region.renamed", obj=city) for _ in range(count)]


def test_intact_chains_pass_and_print_their_heads(personas: Personas) -> None:
    write(personas, 3)
    last, count = AuditEntry.objects.order_by("-id").first(), AuditEntry.objects.count()
    out = verify()
    assert f"审计日志：完好：共核验 {count} 条记录；链尾第 {last.pk} 号，哈希 {last.row_hash}" in out
    assert "个人信息访问日志：" in out
    runs = AuditVerification.objects.order_by("table")
    assert [(v.table, v.ok, v.actor_name, v.first_bad_id) for v in runs] == [
        ("access", True, COMMAND, None), ("audit", True, COMMAND, None)]
    audit = runs.get(table="audit")
    assert (audit.head_id, audit.head_hash) == (last.pk, last.row_hash)
    assert AuditEntry.objects.filter(action=VERIFIED_ACTION, actor_name="system").count() == 2


def test_an_edited_row_fails_with_its_id(personas: Personas) -> None:
    target = write(personas, 4)[1]
    raw("core_auditentry", "UPDATE core_auditentry SET action = %s WHERE id = %s", ["core.staff.created", target.pk])
    with pytest.raises(CommandError) as failed:
        verify("--table", "audit")
    assert failed.value.returncode == 1
    assert str(failed.value) == CHAIN_BROKEN.format(tables="审计日志")
    run = AuditVerification.objects.get()
    assert (run.table, run.ok, run.first_bad_id, run.problem) == ("audit", False, target.pk, chain.Kind.CHANGED)
    assert run.reason == chain.CHAIN_CHANGED.format(id=target.pk)
    assert run.head_id is None  # a broken chain's head is no anchor for the next run


def test_the_next_run_checks_the_head_the_last_clean_run_saw(personas: Personas) -> None:
    entries = write(personas, 3)
    verify("--table", "audit")
    # The verification's own audit entry came after the head it saw; cut the log back past both.
    raw("core_auditentry", "DELETE FROM core_auditentry WHERE id >= %s", [entries[-1].pk])
    with pytest.raises(CommandError):
        verify("--table", "audit")
    run = AuditVerification.objects.order_by("-id").first()
    assert (run.ok, run.problem) == (False, chain.Kind.TRUNCATED)


def test_an_empty_log_is_intact(personas: Personas) -> None:
    run = audit_chain_verify(actor=None, table="access")
    assert (run.ok, run.rows_checked, run.reason) == (True, 0, chain.CHAIN_EMPTY)


def test_a_verification_by_an_auditor_names_them(personas: Personas) -> None:
    run = audit_chain_verify(actor=personas.auditor, table="audit")
    assert (run.actor, run.actor_name) == (personas.auditor, personas.auditor.username)
