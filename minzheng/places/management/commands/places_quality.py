"""``minzheng places_quality [--county 330502]``: run the address data-quality check now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from minzheng.places.addresses import quality
from minzheng.places.addresses.models import QualityRun


class Command(BaseCommand):
    help = "检查标准地址数据质量（按区县）：缺少坐标、坐标超出区县范围、重复、文本不规范、楼幢无对应门牌"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--county", action="append", default=[],
                            help="区县代码（6位或12位），可重复；不填则检查全部区县")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counties = [quality.county_code_of(code) for code in options["county"]] or None
        except ValueError as exc:
            raise CommandError(f"区县代码无效：{exc}") from exc

        def report(code: str, run: QualityRun) -> None:
            counts = "，".join(f"{label}{run.counts.get(kind, 0)}" for kind, label in quality.Kind.choices)
            self.stdout.write(f"{code}  地址 {run.total}  问题地址 {run.bad}  得分 {run.score}  （{counts}）")

        quality.quality_check_all(counties=counties, progress=report)
