"""``minzheng import_jobs_expire``: fail import jobs nobody will finish and delete their uploads.
Every upload also runs it, so a cron line (daily) only matters where nobody uploads for weeks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from minzheng.core.import_jobs import import_jobs_expire


class Command(BaseCommand):
    help = "终止无人完成的导入任务并删除其上传文件（校验后7天未确认，或后台运行超过6小时）。"

    def handle(self, *args: Any, **options: Any) -> None:
        counts = import_jobs_expire()
        self.stdout.write(f"已终止：校验后未确认 {counts['unconfirmed']} 个，后台未完成 {counts['stuck']} 个。")
