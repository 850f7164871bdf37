"""Venture philanthropy (公益创投) and awards of social organizations.

A **round** is one year's call, funded from welfare-lottery funds (``fund_source`` names them, as
text and an amount: this app does not read the lottery's books). An **application** is one
organization's project with its budget; reviewers score it (``VentureReview``, the average
counts), the round's shortlist is publicly noticed, then it is funded (an amount within the cap,
20万 for a registered organization and 3万 for a filed community one, and within the request) and
its outcome recorded. An **award** is one recognition of an organization (or, for 领军人物, of a
person of it) in a year, at a level."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from minzheng.civil_society.registry.models import REGION_12, Organization


class VentureRound(models.Model):
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("名称", max_length=100)
    region_code = models.CharField("组织区划", max_length=12, db_index=True)
    budget = models.DecimalField("预算（元）", max_digits=14, decimal_places=2)
    fund_source = models.CharField("资金来源", max_length=100, default="市本级福利彩票公益金")
    noticed_on = models.DateField("公示日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "公益创投批次"
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(name="venture_round_region_12_digits", condition=REGION_12),
            models.CheckConstraint(name="venture_round_budget_positive", condition=Q(budget__gt=0)),
            models.UniqueConstraint(fields=["year", "name"], name="venture_round_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "已申报"
    FUNDED = "funded", "已资助"
    REJECTED = "rejected", "未入选"


class Outcome(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASSED = "passed", "合格"
    FAILED = "failed", "不合格"


class VentureApplication(models.Model):
    Status = ApplicationStatus
    Outcome = Outcome

    round = models.ForeignKey(
        VentureRound, on_delete=models.PROTECT, related_name="applications", verbose_name="批次"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="venture_applications", verbose_name="申报组织"
    )
    region_code = models.CharField("所属区划", max_length=12, db_index=True)
    project = models.CharField("项目名称", max_length=100)
    budget_total = models.DecimalField("项目总预算（元）", max_digits=14, decimal_places=2)
    requested = models.DecimalField("申请资助（元）", max_digits=14, decimal_places=2)
    status = models.CharField(
        "状态", max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    funded_amount = models.DecimalField(
        "资助金额（元）", null=True, blank=True, max_digits=14, decimal_places=2
    )
    funded_on = models.DateField("资助日期", null=True, blank=True)
    outcome = models.CharField("项目成效", max_length=10, choices=Outcome.choices, blank=True, default="")
    outcome_note = models.CharField("成效说明", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "公益创投项目申报"
        ordering = ["round_id", "region_code", "id"]
        constraints = [
            models.CheckConstraint(name="venture_app_region_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="venture_app_request_within_budget",
                condition=Q(requested__gt=0, requested__lte=F("budget_total")),
            ),
            models.CheckConstraint(
                name="venture_app_funded_fits",
                condition=Q(
                    status="funded",
                    funded_amount__gt=0,
                    funded_amount__lte=F("requested"),
                    funded_on__isnull=False,
                )
                & Q(funded_amount__lte=200_000)
                | (~Q(status="funded") & Q(funded_amount__isnull=True, funded_on__isnull=True, outcome="")),
            ),
            models.UniqueConstraint(fields=["round", "organization", "project"], name="venture_app_unique"),
        ]

    def __str__(self) -> str:
        return self.project


class VentureReview(models.Model):
    application = models.ForeignKey(
        VentureApplication, on_delete=models.CASCADE, related_name="reviews", verbose_name="申报项目"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="评审人"
    )
    score = models.DecimalField("评分", max_digits=5, decimal_places=2)
    comment = models.CharField("评审意见", max_length=200, blank=True)
    created_at = models.DateTimeField("评审时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "公益创投评审"
        constraints = [
            models.CheckConstraint(
                name="venture_review_score_range", condition=Q(score__gte=0, score__lte=100)
            ),
            models.UniqueConstraint(fields=["application", "reviewer"], name="venture_review_once"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.score}"


class AwardKind(models.TextChoices):
    BRAND = "brand", "省级品牌社会组织"
    LEADER = "leader", "社会组织领军人物"
    INTEGRITY = "integrity", "清廉社会组织建设百佳范例"
    TYPICAL_CASE = "typical_case", "省级典型案例"


class AwardLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县（区）级"


class OrgAward(models.Model):
    Kind = AwardKind
    Level = AwardLevel

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="awards", verbose_name="社会组织"
    )
    region_code = models.CharField("所属区划", max_length=12, db_index=True)
    kind = models.CharField("类别", max_length=12, choices=AwardKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("级别", max_length=10, choices=AwardLevel.choices)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="领军人物",
    )
    title = models.CharField("名称或案例", max_length=100, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "社会组织表彰"
        ordering = ["-year", "kind", "id"]
        constraints = [
            models.CheckConstraint(name="org_award_region_12_digits", condition=REGION_12),
            models.CheckConstraint(name="org_award_kind_known", condition=Q(kind__in=AwardKind.values)),
            models.CheckConstraint(
                name="org_award_person_iff_leader",
                condition=Q(kind="leader", person__isnull=False)
                | (~Q(kind="leader") & Q(person__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"
