"""Home adaptation for elders (适老化改造) and the trade-in of old appliances for elder-friendly
ones (以旧换新): the catalogue of items with their prices, the applications, their review and the
subsidy paid.

An **AdaptationItem** is one item of the catalogue (reference data the city keeps): a grab bar,
a non-slip floor, an electric care bed traded in for an old one, with its unit and its catalogue
price (the most a line may cost per unit: a contractor's quote may be lower). Items are retired,
never deleted, so that old applications keep theirs.

An **AdaptationApplication** is one elder's application: the lines (items and quantities), the
subsidy rate (a share of the cost, 0 to 1), the total cost (``total``: the spending the
programme generates) and the subsidy (``total × rate``, rounded half up to the fen once). A
township officer enters it (the maker); a county officer approves or refuses it (the checker,
never the maker: also a database constraint); an approved application's subsidy is then paid,
once. ``region_code`` is the elder's home region, and reads are scoped by it. The year's figures
count the applications paid in the year: the subsidy paid and the spending it generated.

An **AdaptationLine** is one item of an application: the quantity, the unit price (not above the
catalogue price), and the amount (quantity × unit price). An application's total is the sum of
its lines, written with them in one transaction and never changed after.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class ItemCategory(models.TextChoices):
    RENOVATION = "renovation", "适老化改造"
    TRADE_IN = "trade_in", "以旧换新"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "已审核"
    REFUSED = "refused", "不予补贴"
    PAID = "paid", "补贴已发放"


class AdaptationItem(models.Model):
    Category = ItemCategory

    code = models.CharField("项目编码", max_length=20, unique=True)
    name = models.CharField("项目名称", max_length=60)
    category = models.CharField("类别", max_length=16, choices=ItemCategory.choices)
    unit = models.CharField("单位", max_length=10)
    price = models.DecimalField("目录价（元/单位）", max_digits=10, decimal_places=2)
    active = models.BooleanField("在用", default=True)
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
        verbose_name = verbose_name_plural = "适老化改造项目目录"
        ordering = ["category", "code"]
        permissions = [("manage_adaptation_catalogue", "可维护适老化改造项目目录")]
        constraints = [
            models.CheckConstraint(name="adaptation_item_price_positive", condition=Q(price__gt=0)),
            models.CheckConstraint(
                name="adaptation_item_category_known", condition=Q(category__in=ItemCategory.values)
            ),
            models.CheckConstraint(
                name="adaptation_item_code_shape", condition=Q(code__regex=r"^[A-Z0-9-]{2,20}$")
            ),
            models.CheckConstraint(name="adaptation_item_name_given", condition=~Q(name="") & ~Q(unit="")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class AdaptationApplication(models.Model):
    Status = ApplicationStatus

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="adaptation_applications",
        verbose_name="老年人",
    )
    region_code = models.CharField("区划代码", max_length=12, help_text="老人居住地区划")
    applied_on = models.DateField("申请日期")
    subsidy_rate = models.DecimalField(
        "补贴比例", max_digits=4, decimal_places=2, help_text="0 到 1，如 0.80"
    )
    total = models.DecimalField("改造费用合计（元）", max_digits=14, decimal_places=2)
    subsidy = models.DecimalField("补贴金额（元）", max_digits=14, decimal_places=2)
    status = models.CharField(
        "状态", max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="经办人",
        db_index=False,
    )
    created_at = models.DateTimeField("登记时间")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审核人",
        db_index=False,
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    refusal_reason = models.CharField("不予补贴原因", max_length=200, blank=True)
    paid_on = models.DateField("补贴发放日期", null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="发放登记人",
        db_index=False,
    )

    class Meta:
        verbose_name = verbose_name_plural = "适老化改造申请"
        ordering = ["-applied_on", "-id"]
        permissions = [
            ("view_adaptation", "可查看适老化改造申请和统计"),
            ("manage_adaptation", "可登记适老化改造申请"),
            ("approve_adaptation", "可审核适老化改造申请、登记补贴发放"),
        ]
        indexes = [
            models.Index(fields=["region_code", "applied_on"], name="adaptation_app_region_applied"),
            models.Index(fields=["region_code", "paid_on"], name="adaptation_app_region_paid"),
        ]
        constraints = [
            models.CheckConstraint(name="adaptation_app_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="adaptation_app_status_known", condition=Q(status__in=ApplicationStatus.values)
            ),
            models.CheckConstraint(
                name="adaptation_app_rate_share", condition=Q(subsidy_rate__gte=0, subsidy_rate__lte=1)
            ),
            models.CheckConstraint(name="adaptation_app_total_positive", condition=Q(total__gt=0)),
            models.CheckConstraint(
                name="adaptation_app_subsidy_within_total",
                condition=Q(subsidy__gte=0, subsidy__lte=F("total")),
            ),
            # Maker and checker are two people.
            models.CheckConstraint(
                name="adaptation_app_reviewed_by_other",
                condition=Q(reviewed_by__isnull=True)
                | Q(created_by__isnull=True)
                | ~Q(reviewed_by=F("created_by")),
            ),
            # Reviewed once decided; paid (with its day) only after approval; a refusal says why.
            models.CheckConstraint(
                name="adaptation_app_status_consistent",
                condition=(
                    Q(status="submitted", reviewed_at__isnull=True, paid_on__isnull=True, refusal_reason="")
                    | Q(status="approved", reviewed_at__isnull=False, paid_on__isnull=True, refusal_reason="")
                    | Q(status="paid", reviewed_at__isnull=False, paid_on__isnull=False, refusal_reason="")
                    | (
                        Q(status="refused", reviewed_at__isnull=False, paid_on__isnull=True)
                        & ~Q(refusal_reason="")
                    )
                ),
            ),
            models.CheckConstraint(
                name="adaptation_app_paid_after_applied",
                condition=Q(paid_on__isnull=True) | Q(paid_on__gte=F("applied_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"适老化改造 {self.person_id} {self.applied_on}"


class AdaptationLine(models.Model):
    application = models.ForeignKey(
        AdaptationApplication, on_delete=models.PROTECT, related_name="lines", verbose_name="申请"
    )
    item = models.ForeignKey(AdaptationItem, on_delete=models.PROTECT, related_name="+", verbose_name="项目")
    quantity = models.PositiveIntegerField("数量")
    unit_price = models.DecimalField("单价（元）", max_digits=10, decimal_places=2)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = verbose_name_plural = "适老化改造申请明细"
        ordering = ["application_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "item"], name="adaptation_line_one_per_item"),
            models.CheckConstraint(name="adaptation_line_quantity_positive", condition=Q(quantity__gte=1)),
            models.CheckConstraint(name="adaptation_line_unit_price_positive", condition=Q(unit_price__gt=0)),
            models.CheckConstraint(name="adaptation_line_amount_positive", condition=Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} × {self.quantity}"
