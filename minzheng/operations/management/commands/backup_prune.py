"""``minzheng backup_prune --in DIR``: remove the archives the retention rule no longer keeps (see
operations/backup/prune.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from minzheng.operations.backup.prune import backups_prune

DEFAULT_KEEP_DAILY = 14
DEFAULT_KEEP_MONTHLY = 12


class Command(BaseCommand):
    help = "按保留规则清理备份根目录中的旧备份：保留最近若干天、若干月各自最新的一份，只删除完整的备份目录"
    # It reads files only; the checks would open the database for nothing.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--in", type=Path, required=True, dest="directory",
                            help="备份根目录：其中每个子目录是一份 minzheng backup 的备份")
        parser.add_argument("--keep-daily", type=int, default=DEFAULT_KEEP_DAILY,
                            help=f"保留最近多少天各自最新的一份（至少 1，默认 {DEFAULT_KEEP_DAILY}）")
        parser.add_argument("--keep-monthly", type=int, default=DEFAULT_KEEP_MONTHLY,
                            help=f"保留最近多少个月各自最新的一份（默认 {DEFAULT_KEEP_MONTHLY}）")
        parser.add_argument("--dry-run", action="store_true", help="只列出将删除的备份，不删除")

    def handle(self, *args: Any, **options: Any) -> None:
        backups_prune(directory=options["directory"], keep_daily=options["keep_daily"],
                      keep_monthly=options["keep_monthly"], dry_run=options["dry_run"], say=self.stdout.write)
