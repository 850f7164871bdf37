"""Review rounds of the two disability subsidies (残疾人两项补贴复核批次).

The subsidies (困难残疾人生活补贴 ``disability_living`` and 重度残疾人护理补贴 ``disability_nursing``)
are programs of the benefits engine. A **ReviewRound** is one campaign over a region (the city, a
county or a township: ``region_code``, 12 digits) in one half of a year: every live enrollment of
both programs there is reviewed through the engine's own ``review_record`` (a ``benefits.Review``
per enrollment, its outcome applied to the enrollment). A **ReviewRoundItem** ties each of those
engine reviews to its round. One round per region and half-year (a unique constraint), which
makes a second run of the same round a refusal, not a double review.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ReviewRound(models.Model):
    region_code = models.CharField("复核范围（区划代码）", max_length=12)
    year = models.PositiveSmallIntegerField("年度")
    half = models.PositiveSmallIntegerField("半年", choices=[(1, "上半年"), (2, "下半年")])
    done_on = models.DateField("复核日期")
    name = models.CharField("批次名称", max_length=100)
    reviewed = models.PositiveIntegerField("复核人次", default=0)
    continued = models.PositiveIntegerField("继续享受", default=0)
    changed = models.PositiveIntegerField("变更金额", default=0)
    terminated = models.PositiveIntegerField("终止", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="经办人",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "残疾人两项补贴复核批次"
        ordering = ["-done_on", "-id"]
        permissions = [("run_subsidy_reviews", "可开展残疾人两项补贴复核批次")]
        constraints = [
            models.UniqueConstraint(fields=["region_code", "year", "half"], name="review_round_one_per_half"),
            models.CheckConstraint(
                name="review_round_region_12_digits", condition=Q(region_code__regex=r"^\d{12}$")
            ),
            models.CheckConstraint(name="review_round_half_1_2", condition=Q(half__in=[1, 2])),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewRoundItem(models.Model):
    round = models.ForeignKey(
        ReviewRound, on_delete=models.PROTECT, related_name="items", verbose_name="批次"
    )
    review = models.OneToOneField(
        "benefits.Review", on_delete=models.PROTECT, related_name="disability_round_item", verbose_name="复核"
    )
    enrollment = models.ForeignKey(
        "benefits.Enrollment", on_delete=models.PROTECT, related_name="+", verbose_name="待遇"
    )
    region_code = models.CharField("区划代码", max_length=12)

    class Meta:
        verbose_name = verbose_name_plural = "复核批次明细"
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "enrollment"], name="review_round_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.enrollment_id}"
