"""``minzheng love_cards credit --period 2024-12`` (or ``--run ID``): credit the eldercare service
subsidy of the month's approved ``elder_service`` payment runs to the elders' love cards. Running it
again credits nothing twice, so it can run after every approval, or every night.

``minzheng love_cards check``: compare every card's balance with the sum of its ledger; exits 1
when one differs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from minzheng.benefits.money import parse_month
from minzheng.core.models import User
from minzheng.eldercare.love_cards import selectors, services


class Command(BaseCommand):
    help = "爱心卡：credit --period YYYY-MM 将当月养老服务补贴记入爱心卡；check 核对余额与账目"

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="操作")
        credit = sub.add_parser("credit", help="将已审核的养老服务补贴发放批次记入爱心卡",
                                description="将已审核（或已导出）的养老服务补贴（elder_service）发放批次的明细记入持卡人的爱心卡；重复执行不会重复入账")
        which = credit.add_mutually_exclusive_group(required=True)
        which.add_argument("--period", help="发放月份 YYYY-MM：该月全部已审核批次")
        which.add_argument("--run", type=int, help="一个发放批次的编号")
        credit.add_argument("--user", default="", help="以该经办人身份记账；默认系统")
        sub.add_parser("check", help="核对每张爱心卡的余额与账目合计")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "check":
            self._check()
            return
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"经办人不存在或已停用：{options['user']}")
        if options["run"] is not None:
            run = selectors.love_card_subsidy_run(pk=options["run"])
            if run is None:
                raise CommandError(f"发放批次不存在：{options['run']}")
            runs = [run]
        else:
            try:
                period = parse_month(options["period"])
            except ValueError as exc:
                raise CommandError(f"发放月份格式应为 YYYY-MM：{options['period']}") from exc
            runs = list(selectors.love_card_subsidy_runs(period=period))
            if not runs:
                self.stdout.write(f"{period:%Y-%m} 没有已审核的养老服务补贴发放批次")
                return
        for run in runs:
            try:
                done = services.love_card_credit_subsidies(run=run, actor=actor)
            except ValidationError as exc:
                raise CommandError(f"发放批次 {run.pk}：" + "；".join(exc.messages)) from exc
            self.stdout.write(
                f"发放批次 {run.pk}（{run.program.name} {run.period:%Y-%m} 范围 {run.region_prefix}）："
                f"明细 {done.lines} 笔，本次入卡 {done.credited} 笔 {done.amount:,.2f} 元，此前已入卡 {done.already} 笔，"
                f"未开卡 {done.no_card} 笔，持卡人死亡后月份 {done.after_death} 笔")

    def _check(self) -> None:
        wrong = selectors.love_card_mismatches(limit=20)
        if not wrong:
            self.stdout.write("全部爱心卡余额与账目合计一致")
            return
        for m in wrong:
            self.stdout.write(f"爱心卡 {m.card}：余额 {m.balance} 元，账目合计 {m.ledger} 元")
        raise CommandError(f"{len(wrong)} 张爱心卡余额与账目不一致（最多列出20张）")
