"""Charitable trusts (慈善信托).

A **CharitableTrust** is filed with civil affairs by its trustee (a trust company, named with its
USCC, or a charity ``Organization``) within 7 days of signing, counted as docs/DOMAIN.md counts
periods (from the day after signing; a last day on a rest day or holiday moves to the next
working day); a later filing is flagged (``filed_late``). Trust companies file with the city
bureau (Zhejiang), so their trusts' ``region_code`` is the filing bureau's; a charity trustee's is
the charity's. ``amount`` is the trust property at filing: the cumulative total is the sum over
trusts filed by a day.

A **TrusteeChange** is re-filed within 7 days of the change (late flagged); the trust's trustee
fields then show the new trustee. A **TrustReport** is the trustee's yearly report.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class TrusteeKind(models.TextChoices):
    COMPANY = "company", "信托公司"
    CHARITY = "charity", "慈善组织"


TRUSTEE_COMPLETE = Q(trustee_kind="company", trustee_organization__isnull=True) & ~Q(trustee_uscc="") & ~Q(
    trustee_name=""
) | Q(trustee_kind="charity", trustee_organization__isnull=False)


class CharitableTrust(models.Model):
    TrusteeKind = TrusteeKind

    name = models.CharField("信托名称", max_length=100)
    region_code = models.CharField(
        "区划代码", max_length=12, db_index=True, help_text="备案民政部门或受托慈善组织所在区划"
    )
    trustee_kind = models.CharField("受托人类型", max_length=10, choices=TrusteeKind.choices)
    trustee_name = models.CharField("受托人", max_length=100)
    trustee_uscc = models.CharField("受托人统一社会信用代码", max_length=18, blank=True)
    trustee_organization = models.ForeignKey(
        "civil_society.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trusts_held",
        verbose_name="受托慈善组织",
    )
    settlors = models.CharField("委托人", max_length=300, help_text="多个委托人以顿号分隔")
    amount = models.DecimalField("信托财产（元）", max_digits=14, decimal_places=2)
    signed_on = models.DateField("信托合同签订日期")
    filed_on = models.DateField("备案日期")
    due_on = models.DateField("备案期限")
    filed_late = models.BooleanField("逾期备案", default=False)
    purpose = models.CharField("信托目的", max_length=200)
    terminated_on = models.DateField("终止日期", null=True, blank=True)
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
        verbose_name = verbose_name_plural = "慈善信托"
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["filed_on"], name="trust_filed_on")]
        constraints = [
            models.CheckConstraint(name="trust_region_12", condition=REGION_12),
            models.CheckConstraint(name="trust_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="trust_trustee_kind_known", condition=Q(trustee_kind__in=TrusteeKind.values)
            ),
            models.CheckConstraint(name="trust_trustee_complete", condition=TRUSTEE_COMPLETE),
            models.CheckConstraint(
                name="trust_filed_after_signed", condition=Q(filed_on__gte=F("signed_on"))
            ),
            models.CheckConstraint(
                name="trust_terminated_after_signed",
                condition=Q(terminated_on__isnull=True) | Q(terminated_on__gte=F("signed_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TrusteeChange(models.Model):
    trust = models.ForeignKey(
        CharitableTrust, on_delete=models.PROTECT, related_name="trustee_changes", verbose_name="慈善信托"
    )
    region_code = models.CharField("区划代码", max_length=12)
    previous_trustee = models.CharField("原受托人", max_length=100)
    trustee_kind = models.CharField("新受托人类型", max_length=10, choices=TrusteeKind.choices)
    trustee_name = models.CharField("新受托人", max_length=100)
    trustee_uscc = models.CharField("新受托人统一社会信用代码", max_length=18, blank=True)
    trustee_organization = models.ForeignKey(
        "civil_society.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="新受托慈善组织",
    )
    changed_on = models.DateField("变更日期")
    filed_on = models.DateField("重新备案日期")
    due_on = models.DateField("备案期限")
    filed_late = models.BooleanField("逾期备案", default=False)
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
        verbose_name = verbose_name_plural = "慈善信托受托人变更"
        ordering = ["-changed_on", "-id"]
        constraints = [
            models.CheckConstraint(name="trustee_change_region_12", condition=REGION_12),
            models.CheckConstraint(name="trustee_change_complete", condition=TRUSTEE_COMPLETE),
            models.CheckConstraint(
                name="trustee_change_filed_after", condition=Q(filed_on__gte=F("changed_on"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trust} → {self.trustee_name}"


class TrustReport(models.Model):
    trust = models.ForeignKey(
        CharitableTrust, on_delete=models.PROTECT, related_name="reports", verbose_name="慈善信托"
    )
    region_code = models.CharField("区划代码", max_length=12)
    year = models.PositiveSmallIntegerField("年度")
    submitted_on = models.DateField("报告日期")
    spending = models.DecimalField("本年度慈善支出（元）", max_digits=14, decimal_places=2)
    balance = models.DecimalField("年末信托财产（元）", max_digits=14, decimal_places=2)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "慈善信托年度报告"
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["trust", "year"], name="trust_report_once_a_year"),
            models.CheckConstraint(name="trust_report_region_12", condition=REGION_12),
            models.CheckConstraint(
                name="trust_report_not_negative", condition=Q(spending__gte=0, balance__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trust} {self.year}年度报告"
