"""``minzheng backup --to DIR``: a consistent archive of the running database (see operations/backup/archive.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from minzheng.operations.backup.archive import backup_write


class Command(BaseCommand):
    help = "在系统运行时把数据库备份到一个新目录（PostgreSQL 用 pg_dump，SQLite 用在线备份），附清单与校验和；字段密钥不在其中"
    # The checks would open Django's connection; the backup opens its own.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", type=Path, required=True, dest="to",
                            help="备份目录：不存在或为空；已有内容的目录会被拒绝")

    def handle(self, *args: Any, **options: Any) -> None:
        backup_write(to=options["to"], say=self.stdout.write)
