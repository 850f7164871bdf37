"""The audit and access logs are append-only in the database itself: a raw UPDATE or DELETE
through the app's own connection is refused, on whichever backend the suite runs (CI runs both)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from minzheng.core.audit import access_record, audit_record
from minzheng.core.models import AccessLog, AuditEntry, Region
from tests.personas import Personas

STATEMENTS = {
    "update_audit": "UPDATE core_auditentry SET action = 'forged'",
    "delete_audit": "DELETE FROM core_auditentry",
    "update_access": "UPDATE core_accesslog SET actor_name = 'forged'",
    "delete_access": "DELETE FROM core_accesslog",
}


@pytest.fixture
def logs(personas: Personas) -> None:
    city = Region.objects.get(code="330500000000")
    audit_record(actor=personas.city_admin, action="core.test.written", obj=city)
    access_record(actor=personas.auditor, kind=AccessLog.Kind.VIEW, subject=city)


@pytest.mark.parametrize("statement", STATEMENTS.values(), ids=STATEMENTS.keys())
def test_raw_sql_cannot_rewrite_or_erase_the_logs(logs, statement: str) -> None:  # type: ignore[no-untyped-def]
    audits, accesses = AuditEntry.objects.count(), AccessLog.objects.count()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert (AuditEntry.objects.count(), AccessLog.objects.count()) == (audits, accesses)
    assert not AuditEntry.objects.filter(action="forged").exists()
    assert not AccessLog.objects.filter(actor_name="forged").exists()
