"""The credit lists of social organizations (社会组织信用信息管理办法, 民政部令第60号): the abnormal
list (活动异常名录) and the serious list (严重违法失信名单). An entry is dated, with its reason; it
is closed (``removed_on``, ``removal_reason``), never deleted. At most one open entry per list and
organization. ``Organization.status`` follows the open entries (``credit.services.status_sync``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from minzheng.civil_society.registry.models import REGION_12, Organization


class CreditList(models.TextChoices):
    ABNORMAL = "abnormal", "活动异常名录"
    SERIOUS = "serious", "严重违法失信名单"


class EntryReason(models.TextChoices):
    LATE_REPORT = "late_report", "未按时提交年度报告"
    CORRECTION = "correction", "未按要求完成整改"
    UNCONTACTABLE = "uncontactable", "通过登记的住所无法取得联系"
    TWO_YEARS = "two_years", "列入活动异常名录满2年"
    FRAUD = "fraud", "弄虚作假骗取登记"
    REVOCATION = "revocation", "被撤销登记或吊销登记证书"
    DEFAULTER = "defaulter", "被列为失信被执行人"


ABNORMAL_REASONS = (EntryReason.LATE_REPORT, EntryReason.CORRECTION, EntryReason.UNCONTACTABLE)
SERIOUS_REASONS = (EntryReason.TWO_YEARS, EntryReason.FRAUD, EntryReason.REVOCATION, EntryReason.DEFAULTER)


class CreditEntry(models.Model):
    List = CreditList
    Reason = EntryReason

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="credit_entries", verbose_name="社会组织"
    )
    region_code = models.CharField("所属区划", max_length=12, db_index=True)
    list = models.CharField("名录", max_length=8, choices=CreditList.choices)
    reason = models.CharField("列入事由", max_length=16, choices=EntryReason.choices)
    entered_on = models.DateField("列入日期")
    note = models.CharField("说明", max_length=200, blank=True)
    removed_on = models.DateField("移出日期", null=True, blank=True)
    removal_reason = models.CharField("移出事由", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "社会组织信用名录"
        ordering = ["-entered_on", "-id"]
        indexes = [models.Index(fields=["list", "removed_on", "entered_on"], name="org_credit_open")]
        constraints = [
            models.CheckConstraint(name="org_credit_region_12_digits", condition=REGION_12),
            models.CheckConstraint(name="org_credit_list_known", condition=Q(list__in=CreditList.values)),
            models.CheckConstraint(
                name="org_credit_reason_fits_list",
                condition=Q(list="abnormal", reason__in=[r.value for r in ABNORMAL_REASONS])
                | Q(list="serious", reason__in=[r.value for r in SERIOUS_REASONS]),
            ),
            models.CheckConstraint(
                name="org_credit_removed_after_entered",
                condition=Q(removed_on__isnull=True, removal_reason="")
                | (Q(removed_on__gte=models.F("entered_on")) & ~Q(removal_reason="")),
            ),
            models.UniqueConstraint(
                fields=["organization", "list"],
                condition=Q(removed_on__isnull=True),
                name="org_credit_one_open_per_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_list_display()} {self.entered_on}"
