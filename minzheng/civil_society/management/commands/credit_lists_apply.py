"""``minzheng credit_lists_apply [--as-of 2024-06-01]``: apply the credit lists' rules of social
organizations as of a day (today by default), set-based, everywhere: late annual reports and the
uncontactable onto the abnormal list, two years on it onto the serious list, two clean years off
it; and the 限期整改 deadlines passed without the correction onto the abnormal list. Running it
twice for one day changes nothing the second time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from minzheng.civil_society.credit.services import credit_lists_apply
from minzheng.civil_society.dormancy.services import rectify_overdue_apply


class Command(BaseCommand):
    help = "社会组织信用名录：按名录规则处理（逾期年报、无法联系、满2年移入严重违法失信名单、期满移出、逾期未整改）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--as-of", default="", help="执行日期 YYYY-MM-DD；默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["as_of"]:
            try:
                day = dt.date.fromisoformat(options["as_of"])
            except ValueError as exc:
                raise CommandError("执行日期：格式应为 YYYY-MM-DD") from exc
        try:
            counts = credit_lists_apply(actor=None, as_of=day)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        overdue = rectify_overdue_apply(actor=None, as_of=day)
        self.stdout.write(
            "逾期年报列入活动异常名录 {late_report} 家，无法联系列入 {uncontactable} 家，移入严重违法失信名单 {to_serious} 家，"
            "期满移出 {serious_removed} 家，状态变更 {status_changed} 家；".format(**counts)
            + f"逾期未整改列入 {overdue} 家。"
        )
