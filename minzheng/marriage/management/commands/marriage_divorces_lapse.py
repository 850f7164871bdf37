"""``minzheng marriage_divorces_lapse [--as-of 2025-08-02]``: the daily job that marks as deemed
withdrawn (视为撤回) every divorce by agreement whose 30 days to appear ended before the day
(today by default). Running it twice, or late, changes nothing more (Civil Code art. 1077)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from minzheng.marriage.registrations.services import divorces_lapse


class Command(BaseCommand):
    help = "协议离婚：到场期限届满仍未双方到场申请发证的，视为撤回离婚登记申请"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--as-of", default="", help="执行日期 YYYY-MM-DD；默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["as_of"]:
            try:
                day = dt.date.fromisoformat(options["as_of"])
            except ValueError as exc:
                raise CommandError("执行日期：格式应为 YYYY-MM-DD") from exc
        count = divorces_lapse(as_of=day)
        self.stdout.write(f"逾期视为撤回的离婚申请 {count} 件。")
