"""Monthly sales (销量) of one station and one game type, in yuan to the fen, as the welfare
lottery centre's system reports them and the sales import writes them. One row per station,
month and game type: re-importing the month replaces the amount (see ``sales.imports``).
``region_code`` is the station's, copied at writing; reads are scoped by it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class MonthlySale(models.Model):
    station = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="lottery_sales", verbose_name="销售站点"
    )
    region_code = models.CharField("所属区划", max_length=12)
    month = models.DateField("月份", help_text="每月1日")
    game_type = models.ForeignKey(
        "lottery.GameType", on_delete=models.PROTECT, related_name="sales", verbose_name="游戏类型"
    )
    amount = models.DecimalField("销量（元）", max_digits=14, decimal_places=2)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "福彩月度销量"
        ordering = ["-month", "region_code", "station_id", "game_type_id"]
        indexes = [
            models.Index(fields=["month", "region_code"], name="lottery_sale_month_region"),
            models.Index(fields=["region_code", "month"], name="lottery_sale_region_month"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "month", "game_type"], name="lottery_sale_one_per_month_game"
            ),
            models.CheckConstraint(name="lottery_sale_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="lottery_sale_not_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(name="lottery_sale_first_of_month", condition=Q(month__day=1)),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.amount}"
