"""``minzheng audit verify [--table audit|access|all]``: walk the audit log's and the access log's
hash chains and name the first row that was changed, removed or inserted out of order.

Exit status 0 when every chain walked is intact, 1 otherwise (so a cron line or the restore drill
can act on it). Each chain walked leaves a verification row, which the auditor's page shows, and
prints its head (last id and hash): kept somewhere else, it shows later whether the chain was
rewritten from the start.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minzheng.core.audit_verify import CHAINED, audit_chain_verify
from minzheng.core.models import AuditVerification

CHAIN_BROKEN = "审计链核验未通过：{tables}"


class Command(BaseCommand):
    help = "审计日志与个人信息访问日志的防篡改核验。"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="verify")
        verify = actions.add_parser("verify", help="逐行重算哈希链，指出第一条被修改、删除或插入的记录。")
        verify.add_argument("--table", choices=["audit", "access", "all"], default="all",
                            help="核验哪张日志表：audit（审计日志）、access（个人信息访问日志）或 all（默认）。")

    def handle(self, *args: Any, **options: Any) -> None:
        tables = list(CHAINED) if options["table"] == "all" else [options["table"]]
        broken = []
        for table in tables:
            label = AuditVerification.Table(table).label
            began = time.monotonic()
            verification = audit_chain_verify(actor=None, table=table, progress=self._progress(label))
            seconds = time.monotonic() - began
            self.stderr.write("")
            if verification.ok:
                head = (f"；链尾第 {verification.head_id} 号，哈希 {verification.head_hash}"
                        if verification.head_id else "")
                self.stdout.write(f"{label}：{verification.reason}{head}（用时 {seconds:.1f} 秒）")
            else:
                broken.append(label)
                self.stdout.write(f"{label}：{verification.reason}（第 {verification.first_bad_id} 号记录；"
                                  f"此前 {verification.rows_checked} 条完好；用时 {seconds:.1f} 秒）")
        if broken:
            raise CommandError(CHAIN_BROKEN.format(tables="、".join(broken)), returncode=1)

    def _progress(self, label: str):  # type: ignore[no-untyped-def]
        def show(done: int, total: int) -> None:
            percent = done * 100 // total if total else 100
            self.stderr.write(f"\r{label}：已核验 {done}/{total}（{percent}%）", ending="")
            self.stderr.flush()

        return show
