"""``minzheng children end_at_18 [--on YYYY-MM-DD]``: end the child profiles of every child who is
18 on the day (default today), with their living allowances from the month after; one audit entry
listing them. For a daily cron line; running it twice the same day changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from minzheng.children.profiles.services import profiles_end_at_18


class Command(BaseCommand):
    help = "儿童福利：children end_at_18 [--on YYYY-MM-DD]"

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="操作")
        end = sub.add_parser(
            "end_at_18",
            help="年满18周岁的儿童档案自动终止",
            description="终止至该日已满18周岁儿童的在册档案，并自次月起停发基本生活费；同一天重复执行不再变化",
        )
        end.add_argument("--on", default="", help="日期 YYYY-MM-DD，默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["on"]:
            try:
                day = dt.date.fromisoformat(options["on"])
            except ValueError as exc:
                raise CommandError(f"日期格式应为 YYYY-MM-DD：{options['on']}") from exc
        else:
            day = timezone.localdate()
        done = profiles_end_at_18(as_of=day)
        self.stdout.write(
            f"{day.isoformat()}：终止儿童档案 {done.profiles} 份，停发基本生活费 {done.allowances_stopped} 人"
        )
