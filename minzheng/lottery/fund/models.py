"""Game types and the 公益金 rate table.

A **GameType** is one welfare-lottery game (双色球, 福彩3D, 刮刮乐, ...) with its category: a
national lotto or number game, a local game, a quiz game or an instant (scratch) game.

A **FundRate** is the share of sales that goes to the 公益金 for one game type from a month on
(the MOF 2018 rates by category, seeded by migration 0002). Like ``benefits.Standard``, rows are
never overwritten: a new rate is a new row, and a month is computed at the row in force then
(latest ``effective_from`` not after the month). ``approximate`` marks a rate DOMAIN.md gives as
"about" (乐透、数字 about 36%, scratch about 20%).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Category(models.TextChoices):
    NATIONAL_LOTTO = "national_lotto", "全国乐透型"
    NATIONAL_NUMBER = "national_number", "全国数字型"
    LOCAL = "local", "地方游戏"
    QUIZ = "quiz", "竞猜型"
    SCRATCH = "scratch", "即开型（刮刮乐）"


class GameType(models.Model):
    Category = Category

    code = models.CharField("游戏代码", max_length=20, unique=True)
    name = models.CharField("游戏名称", max_length=50)
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    ordering = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "彩票游戏类型"
        ordering = ["ordering", "code"]
        constraints = [
            models.CheckConstraint(
                name="lottery_game_category_known", condition=Q(category__in=Category.values)
            ),
            models.CheckConstraint(
                name="lottery_game_code_slug", condition=Q(code__regex=r"^[a-z0-9_]{1,20}$")
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FundRate(models.Model):
    game_type = models.ForeignKey(
        GameType, on_delete=models.PROTECT, related_name="rates", verbose_name="游戏类型"
    )
    effective_from = models.DateField("起始月份", help_text="每月1日")
    rate = models.DecimalField("公益金提取比例", max_digits=5, decimal_places=4, help_text="如 0.3600")
    approximate = models.BooleanField("约数", default=False, help_text="依据只给出约数（“约36%”）")
    note = models.CharField("依据", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "公益金提取比例"
        ordering = ["game_type__ordering", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["game_type", "effective_from"], name="lottery_rate_one_per_game_month"
            ),
            models.CheckConstraint(
                name="lottery_rate_between_0_and_1", condition=Q(rate__gte=0, rate__lte=1)
            ),
            models.CheckConstraint(
                name="lottery_rate_from_first_of_month", condition=Q(effective_from__day=1)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.game_type} {self.effective_from:%Y-%m} {self.rate}"


class UnclaimedPrize(models.Model):
    """Prizes not claimed within 60 days, lapsed in a month (逾期未兑奖奖金): they go into the 公益金 and
    stay local (DOMAIN.md). Recorded by the lottery centre per month and region; the fund page adds
    them to the local half. The figure ``lottery.fund_raised`` is the fund of the sales alone."""

    month = models.DateField("月份", help_text="每月1日：奖金逾期的月份")
    region_code = models.CharField("所属区划", max_length=12)
    amount = models.DecimalField("逾期未兑奖金（元）", max_digits=14, decimal_places=2)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "逾期未兑奖金"
        ordering = ["-month", "region_code"]
        constraints = [
            models.CheckConstraint(
                name="lottery_unclaimed_region_code_12_digits", condition=Q(region_code__regex=r"^\d{12}$")
            ),
            models.CheckConstraint(name="lottery_unclaimed_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(name="lottery_unclaimed_first_of_month", condition=Q(month__day=1)),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.amount}"
