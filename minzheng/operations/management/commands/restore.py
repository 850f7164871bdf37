"""``minzheng restore --from DIR``: an archive into an empty database (see operations/backup/restore.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from minzheng.operations.backup.restore import archive_restore


class Command(BaseCommand):
    help = "把 minzheng backup 的备份恢复到空数据库：先核对每个文件的校验和，目标库不为空则拒绝，恢复后按清单核对各表行数"
    # On SQLite, Django's connection would create the target file before the restore checks it is absent.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", type=Path, required=True, dest="source", help="备份目录（含 manifest.json）")
        parser.add_argument("--jobs", type=int, default=1,
                            help="PostgreSQL：pg_restore 的并行进程数（默认 1）")

    def handle(self, *args: Any, **options: Any) -> None:
        archive_restore(source=options["source"], jobs=max(1, options["jobs"]), say=self.stdout.write,
                        warn=lambda text: self.stderr.write(text))
