"""Charities (慈善组织): the recognition of a registered organization as a charity, its public
fundraising qualification (公开募捐资格), and its annual accounts for the art. 61 spending check.

A **CharityRecognition** is one application of an ``Organization`` to be recognized (慈善组织认定):
applied on, decided on, the result. The decision is due within 20 days for an existing
organization and 30 for a new registration, counted as docs/DOMAIN.md counts periods (from the
day after the application; a last day that is a rest day or holiday moves to the next working
day); a later decision is flagged (``decided_late``). A recognized organization is a charity from
the decision date until the recognition is withdrawn (``withdrawn_on``). ``federation`` marks the
charity federation system (慈善总会系统: the city's and the counties' 慈善总会), whose donations are
the figure ``charity.raised``. ``region_code`` is the organization's.

A **FundraisingQualification** is one application for the public fundraising qualification: only
an organization registered for at least 1 year (on the first anniversary) may get it, decided
within 20 days (late flagged).

**AnnualAccounts** are one charity's figures of a year, the inputs of the spending check
(``charity.spending``): prior-year net assets and income, the 3-year average income, the year's
charity spending and management costs, and whether it held the public fundraising qualification.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class Decision(models.TextChoices):
    PENDING = "pending", "待决定"
    GRANTED = "granted", "准予"
    REFUSED = "refused", "不予"


class DecidedApplication(models.Model):
    """An application decided by a deadline: applied on, due on, decided on (准予/不予 with a
    reason), and whether the decision came after the deadline."""

    Decision = Decision

    applied_on = models.DateField("申请日期")
    due_on = models.DateField("决定期限")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision = models.CharField("决定", max_length=8, choices=Decision.choices, default=Decision.PENDING)
    decided_late = models.BooleanField("超期决定", default=False)
    reason = models.CharField("理由", max_length=200, blank=True)
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
        abstract = True


def decision_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The invariants of a ``DecidedApplication``: a known decision, a decision date exactly when
    decided (not before the application), and one open application per organization."""
    return [
        models.CheckConstraint(name=f"{prefix}_decision_known", condition=Q(decision__in=Decision.values)),
        models.CheckConstraint(
            name=f"{prefix}_decided_complete",
            condition=Q(decision="pending", decided_on__isnull=True)
            | (~Q(decision="pending") & Q(decided_on__gte=F("applied_on"))),
        ),
        models.UniqueConstraint(
            fields=["organization"], condition=Q(decision="pending"), name=f"{prefix}_one_pending"
        ),
    ]


class CharityRecognition(DecidedApplication):
    organization = models.ForeignKey(
        "civil_society.Organization",
        on_delete=models.PROTECT,
        related_name="charity_recognitions",
        verbose_name="社会组织",
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, help_text="组织住所所在区划")
    new_registration = models.BooleanField(
        "新设立登记时申请", default=False, help_text="决定期限30日，否则20日"
    )
    federation = models.BooleanField("慈善总会系统", default=False, help_text="市、县（区）慈善总会")
    withdrawn_on = models.DateField("取消认定日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "慈善组织认定"
        ordering = ["-applied_on", "-id"]
        permissions = [
            ("view_charity", "可查看慈善组织、募捐、捐赠、支出、支出检查和慈善信托"),
            ("manage_charity", "可办理慈善组织认定、公开募捐资格、募捐方案备案、捐赠、支出和慈善信托备案"),
        ]
        indexes = [models.Index(fields=["decision", "decided_on"], name="charity_recog_decided")]
        constraints = [
            models.CheckConstraint(name="charity_recog_region_12", condition=REGION_12),
            *decision_constraints("charity_recog"),
            models.CheckConstraint(
                name="charity_recog_due_after_applied", condition=Q(due_on__gt=F("applied_on"))
            ),
            models.CheckConstraint(
                name="charity_recog_withdrawn_after_granted",
                condition=Q(withdrawn_on__isnull=True)
                | Q(decision="granted", withdrawn_on__gte=F("decided_on")),
            ),
            # One standing recognition per organization (one open application: decision_constraints).
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(decision="granted", withdrawn_on__isnull=True),
                name="charity_recog_one_standing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} 慈善组织认定 {self.get_decision_display()}"


class FundraisingQualification(DecidedApplication):
    organization = models.ForeignKey(
        "civil_society.Organization",
        on_delete=models.PROTECT,
        related_name="fundraising_qualifications",
        verbose_name="慈善组织",
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    certificate_number = models.CharField("证书编号", max_length=40, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "公开募捐资格"
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.CheckConstraint(name="charity_qual_region_12", condition=REGION_12),
            *decision_constraints("charity_qual"),
            models.UniqueConstraint(
                fields=["organization"], condition=Q(decision="granted"), name="charity_qual_one_granted"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} 公开募捐资格 {self.get_decision_display()}"


class AnnualAccounts(models.Model):
    organization = models.ForeignKey(
        "civil_society.Organization",
        on_delete=models.PROTECT,
        related_name="charity_accounts",
        verbose_name="慈善组织",
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    year = models.PositiveSmallIntegerField("年度")
    public_fundraising = models.BooleanField("具有公开募捐资格", default=False)
    net_assets_prev_year = models.DecimalField("上年末净资产（元）", max_digits=14, decimal_places=2)
    income_prev_year = models.DecimalField("上年总收入（元）", max_digits=14, decimal_places=2)
    income_avg_3y = models.DecimalField("前三年收入平均数（元）", max_digits=14, decimal_places=2)
    charity_spending = models.DecimalField("年度慈善活动支出（元）", max_digits=14, decimal_places=2)
    management_costs = models.DecimalField("年度管理费用（元）", max_digits=14, decimal_places=2)
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
        verbose_name = verbose_name_plural = "慈善组织年度账目"
        ordering = ["-year", "region_code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="charity_accounts_one_per_year"),
            models.CheckConstraint(name="charity_accounts_region_12", condition=REGION_12),
            models.CheckConstraint(
                name="charity_accounts_not_negative",
                condition=Q(
                    net_assets_prev_year__gte=0,
                    income_prev_year__gte=0,
                    income_avg_3y__gte=0,
                    charity_spending__gte=0,
                    management_costs__gte=0,
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}年度账目"
