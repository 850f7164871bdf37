"""Verifying the logs' hash chains (core.chain) and reading what the last verification found: the
service behind ``minzheng audit verify`` and the selector behind the auditor's page.

The chains are city-wide (one per table, like the tables), so a verification has no region, and
any auditor may read its result: it names row ids, never what a row holds.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from minzheng.core import chain
from minzheng.core.audit import audit_record
from minzheng.core.models import AccessLog, AuditEntry, AuditVerification, User
from minzheng.core.selectors import can_read_logs

Table = AuditVerification.Table
CHAINED: dict[str, type[AuditEntry] | type[AccessLog]] = {Table.AUDIT: AuditEntry, Table.ACCESS: AccessLog}
COMMAND = "command"  # actor_name of a verification run from the command line
VERIFIED_ACTION = "core.audit_chain.verified"


def _anchor(table: str) -> chain.Anchor | None:
    """The head the last clean verification of ``table`` saw, which must still be there."""
    last = (AuditVerification.objects.filter(table=table, ok=True, head_id__isnull=False)
            .order_by("-started_at", "-id").first())
    return chain.Anchor(row_id=last.head_id, row_hash=last.head_hash, at=last.started_at) if last else None


def audit_chain_verify(*, actor: User | None, table: str,
                       progress: Callable[[int, int], None] | None = None) -> AuditVerification:
    """Walk one log's chain (``table``: ``audit`` or ``access``) and record what was found: a
    verification row and its audit entry, written together after the walk. ``actor`` None means
    the command line. The walk reads in pages and holds no lock: writers go on meanwhile, and
    rows they add after it starts are left to the next verification."""
    model = CHAINED[table]
    started = timezone.now()
    walked = chain.walk(model, anchor=_anchor(table), progress=progress)
    finding = walked.finding
    reason = (finding.reason if finding else
              chain.CHAIN_OK.format(rows=walked.rows) if walked.rows else chain.CHAIN_EMPTY)
    with transaction.atomic():
        verification = AuditVerification.objects.create(
            started_at=started, finished_at=timezone.now(), table=table, rows_checked=walked.rows,
            ok=finding is None, first_bad_id=finding.row_id if finding else None,
            problem=finding.kind if finding else "", reason=reason[:200],
            # A broken chain's head is not worth keeping: the next verification starts from the last clean one.
            head_id=walked.head_id if finding is None else None, head_hash=walked.head_hash if finding is None else "",
            actor=actor if actor is not None and actor.pk else None,
            actor_name=actor.get_username() if actor is not None and actor.pk else COMMAND,
        )
        audit_record(actor=actor, action=VERIFIED_ACTION, obj=verification, object_repr=str(verification),
                     after={"table": table, "ok": verification.ok, "rows_checked": walked.rows,
                            "first_bad_id": verification.first_bad_id})
    return verification


def audit_verifications_latest(*, user: User) -> list[tuple[str, AuditVerification | None]]:
    """Each log's name and its latest verification (None when it has never been verified), for
    those who may read the logs; nothing for anyone else."""
    if not can_read_logs(user):
        return []
    return [(label, AuditVerification.objects.filter(table=table).order_by("-started_at", "-id").first())
            for table, label in Table.choices]
