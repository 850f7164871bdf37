"""Certified caregivers (养老护理员): who they are, where they work, and their certificate.

A **Caregiver** is a person (``people.Person``) employed by a service site (a ``facilities.Facility``:
a care home or a community care centre), with the level of their vocational certificate
(初级 to 高级技师; blank for a care worker not yet certified, whom the providers also employ and
the indicator does not count) and the day they started in the trade, from which the years of
service of the special post allowance are counted. ``region_code`` is the employer's, and reads are scoped by it.
A person is an active caregiver at most once (``left_on`` empty); leaving keeps the row, so past
months' allowances and indicators still find them.

A **CaregiverAward** is a prize of a skill competition (职业技能竞赛) or an honour: its name, level
(国家级 to 县级), rank and date. ``region_code`` is the caregiver's employer's when it was recorded.

An **AllowanceStandard** is the monthly special post allowance (特殊岗位津贴) of one tier, a
certificate level and a lowest number of full years of service, for a region prefix from a month
on: like the engine's ``benefits.Standard`` and the meal rates, rows are never overwritten, a new
amount is a new row, and a month is paid at the row in force then (longest prefix, then latest
``effective_from``). A caregiver's tier is their level's band with the highest ``min_years`` they
have reached. The money itself is paid through the benefits engine (program
``caregiver_allowance``): see ``caregivers.allowance``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class CertificateLevel(models.TextChoices):
    """The five levels of the 养老护理员 vocational skill standard, lowest first."""

    JUNIOR = "junior", "初级"
    INTERMEDIATE = "intermediate", "中级"
    SENIOR = "senior", "高级"
    TECHNICIAN = "technician", "技师"
    SENIOR_TECHNICIAN = "senior_technician", "高级技师"


class Caregiver(models.Model):
    Level = CertificateLevel

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="caregiver_records", verbose_name="人员"
    )
    employer = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="caregivers", verbose_name="就职机构"
    )
    region_code = models.CharField("区划代码", max_length=12, help_text="就职机构所在区划")
    level = models.CharField(
        "证书等级", max_length=20, choices=CertificateLevel.choices, blank=True, help_text="未持证为空"
    )
    certificate_number = models.CharField("证书编号", max_length=40, blank=True)
    certified_on = models.DateField("发证日期", null=True, blank=True)
    started_on = models.DateField("从业起始日期", help_text="计算从业年限")
    left_on = models.DateField("离职日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "养老护理员"
        ordering = ["region_code", "id"]
        permissions = [("manage_caregivers", "可登记养老护理员（证书等级、离职、获奖）")]
        indexes = [models.Index(fields=["region_code", "level"], name="caregiver_region_level")]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(left_on__isnull=True), name="caregiver_one_active_per_person"
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="caregiver_certificate_number_unique",
            ),
            models.CheckConstraint(name="caregiver_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="caregiver_level_known", condition=Q(level__in=["", *CertificateLevel.values])
            ),
            # A certificate has its level, number and date together, or none of them.
            models.CheckConstraint(
                name="caregiver_certificate_complete",
                condition=Q(level="", certificate_number="", certified_on__isnull=True)
                | (~Q(level="") & ~Q(certificate_number="") & Q(certified_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="caregiver_left_after_start",
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_level_display() or '未持证'}"


class AwardLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县（区）级"


class CaregiverAward(models.Model):
    Level = AwardLevel

    caregiver = models.ForeignKey(
        Caregiver, on_delete=models.PROTECT, related_name="awards", verbose_name="护理员"
    )
    region_code = models.CharField("区划代码", max_length=12, help_text="登记时就职机构所在区划")
    name = models.CharField("竞赛或奖项名称", max_length=100)
    level = models.CharField("级别", max_length=12, choices=AwardLevel.choices)
    rank = models.CharField("名次或等次", max_length=30, help_text="如 一等奖、第3名")
    awarded_on = models.DateField("获奖日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "养老护理员获奖"
        ordering = ["-awarded_on", "-id"]
        constraints = [
            # The same prize recorded twice is one prize.
            models.UniqueConstraint(fields=["caregiver", "name", "awarded_on"], name="caregiver_award_once"),
            models.CheckConstraint(name="caregiver_award_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="caregiver_award_level_known", condition=Q(level__in=AwardLevel.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.rank}"


class AllowanceStandard(models.Model):
    level = models.CharField("证书等级", max_length=20, choices=CertificateLevel.choices)
    min_years = models.PositiveSmallIntegerField("从业年限（满，起）", help_text="满该年数起适用")
    region_prefix = models.CharField("适用区划（代码前缀）", max_length=12)
    effective_from = models.DateField("起始月份", help_text="每月1日")
    amount = models.DecimalField("津贴标准（元/月）", max_digits=10, decimal_places=2)
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
        verbose_name = verbose_name_plural = "养老护理员特殊岗位津贴标准"
        ordering = ["region_prefix", "level", "min_years", "-effective_from"]
        permissions = [("manage_caregiver_allowance", "可维护养老护理员特殊岗位津贴标准，核定津贴")]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "min_years", "region_prefix", "effective_from"],
                name="allowance_standard_one_per_tier_region_month",
            ),
            models.CheckConstraint(name="allowance_standard_not_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(
                name="allowance_standard_level_known", condition=Q(level__in=CertificateLevel.values)
            ),
            models.CheckConstraint(
                name="allowance_standard_region_prefix_digits",
                condition=Q(region_prefix__regex=r"^\d{2,12}$"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} 满{self.min_years}年 {self.region_prefix} {self.effective_from:%Y-%m} {self.amount}"
