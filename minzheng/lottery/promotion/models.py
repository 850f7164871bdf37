"""Welfare-lottery promotion events (“福彩有爱”公益推广): what, when, where and how many took part.
``region_code`` is where it was held; reads are scoped by it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class PromotionEvent(models.Model):
    held_on = models.DateField("活动日期")
    title = models.CharField("活动名称", max_length=100)
    place = models.CharField("活动地点", max_length=100)
    region_code = models.CharField("所属区划", max_length=12)
    participants = models.PositiveIntegerField("参与人数", default=0)
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
        verbose_name = verbose_name_plural = "福彩公益推广活动"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["region_code", "held_on"], name="lottery_event_region_day")]
        constraints = [
            models.CheckConstraint(name="lottery_event_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="lottery_event_title_given", condition=~Q(title="")),
        ]

    def __str__(self) -> str:
        return self.title
