"""Accident insurance for elders (老年人意外险): the yearly policies and the claims paid on them.

A **Policy** is one elder's cover for one calendar year (unique per elder and year): the insurer
that wrote it and the premium, in Decimal yuan. ``region_code`` is the elder's home region when
the policy was written, and reads are scoped by it; the payout ratio of a region is that of the
policies written there.

A **Claim** is one claim on a policy: its kind (accident medical costs, the rehabilitation
allowance 康复津贴, a hospital allowance, disability, death), the day of the accident (inside
the policy's year, not before the elder's birth or after their death), the amount claimed and
the day it was claimed. It is then paid (the amount paid, never more than claimed, and the day)
or refused (with the reason). ``year`` and ``region_code`` are the policy's, copied, so that the
payout ratio (paid ÷ premiums, per year and region) is two grouped sums over indexed columns.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")
YEARS = (2000, 2100)


class ClaimKind(models.TextChoices):
    MEDICAL = "medical", "意外医疗"
    REHAB = "rehab", "康复津贴"
    HOSPITAL = "hospital", "住院津贴"
    DISABILITY = "disability", "意外伤残"
    DEATH = "death", "意外身故"


class ClaimStatus(models.TextChoices):
    CLAIMED = "claimed", "待理赔"
    PAID = "paid", "已赔付"
    REFUSED = "refused", "拒赔"


class Policy(models.Model):
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="insurance_policies",
        verbose_name="被保险老人",
        db_index=False,
    )  # the (person, year) unique index serves it
    region_code = models.CharField("区划代码", max_length=12, help_text="投保时老人居住地区划")
    year = models.PositiveSmallIntegerField("保险年度")
    insurer = models.CharField("承保公司", max_length=60)
    premium = models.DecimalField("保费（元）", max_digits=10, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
        db_index=False,
    )
    created_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = verbose_name_plural = "老年人意外险保单"
        ordering = ["-year", "region_code", "id"]
        permissions = [
            ("view_insurance", "可查看老年人意外险保单、理赔和赔付率"),
            ("manage_insurance", "可登记老年人意外险保单和理赔"),
        ]
        indexes = [models.Index(fields=["region_code", "year"], name="ins_policy_region_year")]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="ins_policy_one_per_person_year"),
            models.CheckConstraint(name="ins_policy_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="ins_policy_premium_positive", condition=Q(premium__gt=0)),
            models.CheckConstraint(
                name="ins_policy_year_range", condition=Q(year__gte=YEARS[0], year__lte=YEARS[1])
            ),
            models.CheckConstraint(name="ins_policy_insurer_given", condition=~Q(insurer="")),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.insurer} {self.person_id}"


class Claim(models.Model):
    Kind = ClaimKind
    Status = ClaimStatus

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="claims", verbose_name="保单")
    region_code = models.CharField("区划代码", max_length=12, help_text="保单的区划")
    year = models.PositiveSmallIntegerField("保险年度", help_text="保单的年度")
    kind = models.CharField("理赔类型", max_length=16, choices=ClaimKind.choices)
    accident_on = models.DateField("出险日期")
    claimed_on = models.DateField("报案日期")
    amount_claimed = models.DecimalField("申请金额（元）", max_digits=12, decimal_places=2)
    status = models.CharField("状态", max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.CLAIMED)
    amount_paid = models.DecimalField(
        "赔付金额（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    paid_on = models.DateField("赔付日期", null=True, blank=True)
    refusal_reason = models.CharField("拒赔原因", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
        db_index=False,
    )
    created_at = models.DateTimeField("登记时间")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="结案登记人",
        db_index=False,
    )
    decided_at = models.DateTimeField("结案登记时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "老年人意外险理赔"
        ordering = ["-claimed_on", "-id"]
        indexes = [models.Index(fields=["region_code", "year"], name="ins_claim_region_year")]
        constraints = [
            models.CheckConstraint(name="ins_claim_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="ins_claim_kind_known", condition=Q(kind__in=ClaimKind.values)),
            models.CheckConstraint(
                name="ins_claim_amount_claimed_positive", condition=Q(amount_claimed__gt=0)
            ),
            models.CheckConstraint(
                name="ins_claim_claimed_after_accident", condition=Q(claimed_on__gte=F("accident_on"))
            ),
            # Paid: an amount above zero, never more than claimed, on a day not before the claim.
            # Otherwise no amount and no day; a refusal says why.
            models.CheckConstraint(
                name="ins_claim_status_consistent",
                condition=(
                    Q(
                        status="paid",
                        amount_paid__gt=0,
                        amount_paid__lte=F("amount_claimed"),
                        paid_on__gte=F("claimed_on"),
                        refusal_reason="",
                    )
                    | Q(status="claimed", amount_paid__isnull=True, paid_on__isnull=True, refusal_reason="")
                    | (
                        Q(status="refused", amount_paid__isnull=True, paid_on__isnull=True)
                        & ~Q(refusal_reason="")
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.accident_on} {self.policy_id}"
