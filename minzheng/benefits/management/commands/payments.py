"""``minzheng payments run --program dibao --period 2025-01 [--region 330502] [--user NAME]``:
compute a program's monthly payment run now, with a progress bar. Running it again adds nothing;
a run that was interrupted continues from its last batch."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from minzheng.benefits.payments import compute, services
from minzheng.benefits.payments.models import PaymentRun
from minzheng.core.models import User

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "救助金发放批次：payments run --program 项目代码 --period YYYY-MM [--region 区划代码前缀]"

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="操作")
        run = sub.add_parser("run", help="生成（或继续）某项目某月的发放批次",
                             description="生成（或继续）某项目某月的发放批次：每条在享待遇一笔，补发迟批的月份，重发银行退回的明细")
        run.add_argument("--program", required=True, help="项目代码，例如 dibao")
        run.add_argument("--period", required=True, help="发放月份 YYYY-MM，例如 2025-01")
        run.add_argument("--region", default="", help="发放范围：区划代码前缀（3305 全市，330502 一个区县）；默认全市")
        run.add_argument("--user", default="", help="以该经办人身份制单（其审核须由另一人办理）；默认系统")
        run.add_argument("--batch-size", type=int, default=compute.BATCH_SIZE, help="每批待遇数")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"经办人不存在或已停用：{options['user']}")
        if options["batch_size"] < 1:
            raise CommandError("每批待遇数应为正整数")

        def bar(done: int, total: int) -> None:
            filled = BAR_WIDTH * done // max(total, 1)
            self.stderr.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} 批", ending="")
            self.stderr.flush()

        try:
            run = services.payment_run_start(actor=actor, program_code=options["program"], period=options["period"],
                                             region_prefix=options["region"], batch_size=options["batch_size"],
                                             on_batch=bar)
        except ValidationError as exc:
            details = "；".join(f"{field}：{'，'.join(msgs)}" for field, msgs in exc.message_dict.items())
            raise CommandError(details) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write("")
        if run.status == PaymentRun.Status.COMPUTING:
            raise CommandError("发放批次正由另一个进程计算，请稍后再试")
        self.stdout.write(
            f"发放批次 {run.pk}：{run.program.name} {run.period:%Y-%m} 范围 {run.region_prefix}（{run.get_status_display()}）\n"
            f"明细 {run.line_count} 笔，其中补发 {run.backpay_count} 笔、重发 {run.reissue_count} 笔；"
            f"合计 {run.total_amount:,.2f} 元")
