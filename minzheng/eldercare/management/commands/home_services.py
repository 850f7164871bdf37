"""``minzheng home_services supervise [--period 2024-05] [--region 3305] [--user NAME]``: run the
home-service supervision over a month (default: last month, so a cron line on the 1st runs the
month just ended), replacing that month's findings in the region. Running it again gives the
same findings."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from minzheng.benefits.money import month_add, parse_month
from minzheng.core.models import User
from minzheng.eldercare.home_services import supervision
from minzheng.eldercare.home_services.models import SupervisionRule


class Command(BaseCommand):
    help = "居家服务监管：home_services supervise [--period YYYY-MM] [--region 区划代码前缀]"

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="操作")
        run = sub.add_parser("supervise", help="按监管规则判断某月工单，替换该月发现",
                             description="按监管规则判断某月（默认上月）工单，替换该月该区划的监管发现；重复执行结果相同")  # fmt: skip
        run.add_argument("--period", default="", help="月份 YYYY-MM，默认上月")
        run.add_argument("--region", default="3305", help="区划代码前缀（3305 全市，330502 一个区县）")
        run.add_argument("--user", default="", help="以该经办人身份运行；默认系统")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"经办人不存在或已停用：{options['user']}")
        if options["period"]:
            try:
                period = parse_month(options["period"])
            except ValueError as exc:
                raise CommandError(f"月份格式应为 YYYY-MM：{options['period']}") from exc
        else:
            period = month_add(timezone.localdate().replace(day=1), -1)
        region = options["region"].strip()
        if not region.isdigit() or not 2 <= len(region) <= 12:
            raise CommandError(f"区划代码前缀应为2到12位数字：{region}")
        run = supervision.supervision_run(period=period, region_prefix=region, actor=actor)
        labels = dict(SupervisionRule.choices)
        self.stdout.write(f"{period:%Y-%m} {region}：{run.orders} 张工单，{run.findings} 条发现")
        for rule, count in run.counts.items():
            self.stdout.write(f"  {labels[rule]}（{rule}）：{count}")
