"""``minzheng cemetery_renewals_remind [--as-of 2026-06-01] [--days 180]``: the daily job that records
a renewal reminder (续期提醒) for every plot's use period ending within the notice days
(``MINZHENG_CEMETERY_RENEWAL_NOTICE_DAYS``). Running it twice, or late, records nothing more."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from minzheng.funeral.cemetery.services import renewal_reminders_record


class Command(BaseCommand):
    help = "智慧公墓：为使用期即将届满的墓穴、格位记录续期提醒（每日运行）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--as-of", default="", help="执行日期 YYYY-MM-DD；默认今天")
        parser.add_argument("--days", type=int, default=None, help="提前提醒的天数；默认取设置")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["as_of"]:
            try:
                day = dt.date.fromisoformat(options["as_of"])
            except ValueError as exc:
                raise CommandError("执行日期：格式应为 YYYY-MM-DD") from exc
        if options["days"] is not None and options["days"] < 0:
            raise CommandError("提前提醒的天数：不能为负数")
        count = renewal_reminders_record(as_of=day, days=options["days"])
        self.stdout.write(f"新记录续期提醒 {count} 条。")
