"""Home services (六助: 助餐 助洁 助浴 助医 助行 助急): one order is one visit of a caregiver to an
elder's home.

A **ServiceOrder** is booked for an elder (``people.Person``) with a provider (a
``facilities.Facility``, the provider's site) for one kind of help at a scheduled time, and
usually names the caregiver who goes. The caregiver's phone checks in and checks out, each with
the time and the WGS-84 position; ``minutes`` is the visit's length, set at check-out. The price
is paid by the love card, a subsidy or the elder; when the love card pays, ``love_card_entry``
is the ledger's debit (keyed ``order:<id>``), written in the same transaction as the check-out,
so a repeated check-out never debits twice. ``region_code`` is the provider site's, and reads
are scoped by it (an officer sees the providers in their scope; a provider operator, their own
operator's sites). ``period`` is the first day of the scheduled month: supervision and scores run
by month over ``(region_code, period)`` and ``(provider, period)``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class ServiceKind(models.TextChoices):
    MEAL = "meal", "助餐"
    CLEANING = "cleaning", "助洁"
    BATHING = "bathing", "助浴"
    MEDICAL = "medical", "助医"
    MOBILITY = "mobility", "助行"
    EMERGENCY = "emergency", "助急"


class OrderStatus(models.TextChoices):
    SCHEDULED = "scheduled", "待服务"
    IN_SERVICE = "in_service", "服务中"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已取消"


class Payer(models.TextChoices):
    LOVE_CARD = "love_card", "爱心卡"
    SUBSIDY = "subsidy", "政府补贴"
    SELF = "self", "个人自付"


class ServiceOrder(models.Model):
    Kind = ServiceKind
    Status = OrderStatus
    Payer = Payer

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="service_orders",
        verbose_name="老年人",
        db_index=False,
    )  # the (person, period) index serves it
    provider = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="service_orders",
        verbose_name="服务机构",
        db_index=False,
    )  # the (provider, period) index serves it
    caregiver = models.ForeignKey(
        "eldercare.Caregiver",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_orders",
        verbose_name="护理员",
        db_index=False,
    )  # the (caregiver, scheduled_at) index serves it
    region_code = models.CharField("区划代码", max_length=12, help_text="服务机构所在区划")
    kind = models.CharField("服务类别", max_length=12, choices=ServiceKind.choices)
    scheduled_at = models.DateTimeField("预约时间")
    period = models.DateField("所属月份", help_text="预约时间所在月的1日")
    status = models.CharField(
        "状态", max_length=12, choices=OrderStatus.choices, default=OrderStatus.SCHEDULED
    )
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    check_in_lng = models.DecimalField("签到经度", max_digits=10, decimal_places=7, null=True, blank=True)
    check_in_lat = models.DecimalField("签到纬度", max_digits=10, decimal_places=7, null=True, blank=True)
    checked_out_at = models.DateTimeField("签退时间", null=True, blank=True)
    check_out_lng = models.DecimalField("签退经度", max_digits=10, decimal_places=7, null=True, blank=True)
    check_out_lat = models.DecimalField("签退纬度", max_digits=10, decimal_places=7, null=True, blank=True)
    minutes = models.PositiveIntegerField("服务时长（分钟）", null=True, blank=True)
    price = models.DecimalField("服务费（元）", max_digits=10, decimal_places=2)
    payer = models.CharField("支付方", max_length=10, choices=Payer.choices)
    love_card_entry = models.OneToOneField(
        "eldercare.LoveCardEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_order",
        verbose_name="爱心卡扣款",
    )
    rating = models.PositiveSmallIntegerField("老人评价", null=True, blank=True, help_text="1–5星")
    created_at = models.DateTimeField("下单时间")

    class Meta:
        verbose_name = verbose_name_plural = "居家养老服务工单"
        ordering = ["-scheduled_at", "-id"]
        indexes = [
            models.Index(fields=["region_code", "period"], name="service_order_region_period"),
            models.Index(fields=["provider", "period"], name="service_order_provider_period"),
            models.Index(fields=["person", "period"], name="service_order_person_period"),
            models.Index(fields=["caregiver", "scheduled_at"], name="service_order_caregiver_time"),
            # The supervision's overlap rule: the visits of a caregiver that begin during another.
            models.Index(fields=["caregiver", "checked_in_at"], name="service_order_caregiver_in"),
            # The monthly supervision: each rule reads one month of a region (migration 0011).
            models.Index(fields=["period", "region_code"], name="service_order_period_region"),
        ]
        constraints = [
            models.CheckConstraint(name="service_order_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="service_order_kind_known", condition=Q(kind__in=ServiceKind.values)),
            models.CheckConstraint(
                name="service_order_status_known", condition=Q(status__in=OrderStatus.values)
            ),
            models.CheckConstraint(name="service_order_payer_known", condition=Q(payer__in=Payer.values)),
            models.CheckConstraint(name="service_order_price_not_negative", condition=Q(price__gte=0)),
            models.CheckConstraint(
                name="service_order_rating_1_to_5",
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
            ),
            # A check-out needs a check-in before it; the services refuse the rest with a message.
            models.CheckConstraint(
                name="service_order_out_after_in",
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_in_at__isnull=False, checked_out_at__gte=F("checked_in_at")),
            ),
            models.CheckConstraint(
                name="service_order_entry_only_for_love_card",
                condition=Q(love_card_entry__isnull=True) | Q(payer="love_card"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scheduled_at:%Y-%m-%d %H:%M} {self.person_id}@{self.provider_id}"


class SupervisionRule(models.TextChoices):
    """The supervision rules (docs: /work/briefs/rules.md); each finding names one."""

    SHORT_VISIT = "short_visit", "服务时长不足"
    FAR_CHECK_IN = "far_check_in", "签到位置偏离老人住址"
    CAREGIVER_OVERLAP = "caregiver_overlap", "同一护理员服务时间重叠"
    AFTER_DEATH = "after_death", "老人去世后仍有服务"
    DUPLICATE_ORDER = "duplicate_order", "重复派单"


class ThresholdKey(models.TextChoices):
    """What a threshold sets: the two rules that have one, and the on-time grace of the scores."""

    SHORT_VISIT = "short_visit", "最短服务时长（分钟）"
    FAR_CHECK_IN = "far_check_in", "签到偏离距离（米）"
    ON_TIME = "on_time", "准时签到宽限（分钟）"


class SupervisionThreshold(models.Model):
    """One threshold for a region prefix from a month on, like the rate tables: rows are never
    overwritten, a change is a new row, and a past month keeps the value it had (longest prefix,
    then latest ``effective_from``). ``kind`` is the service kind for ``short_visit`` and blank
    for the others. Months with no row use the defaults in ``supervision.DEFAULTS``."""

    key = models.CharField("阈值项", max_length=16, choices=ThresholdKey.choices)
    kind = models.CharField("服务类别", max_length=12, choices=ServiceKind.choices, blank=True)
    region_prefix = models.CharField("适用区划（代码前缀）", max_length=12)
    effective_from = models.DateField("起始月份", help_text="每月1日")
    value = models.PositiveIntegerField("阈值")
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
        verbose_name = verbose_name_plural = "居家服务监管阈值"
        ordering = ["region_prefix", "key", "kind", "-effective_from"]
        permissions = [
            ("manage_supervision_thresholds", "可维护居家服务监管阈值"),
            ("run_home_service_supervision", "可查看并运行居家服务监管"),
            ("serve_home_service_orders", "可接单签到签退居家养老服务"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "kind", "region_prefix", "effective_from"],
                name="supervision_threshold_one_per_key_region_month",
            ),
            models.CheckConstraint(
                name="supervision_threshold_key_known", condition=Q(key__in=ThresholdKey.values)
            ),
            # Only the visit length is set per kind of service.
            models.CheckConstraint(
                name="supervision_threshold_kind_for_short_visit",
                condition=(Q(key="short_visit") & Q(kind__in=ServiceKind.values))
                | (~Q(key="short_visit") & Q(kind="")),
            ),
            models.CheckConstraint(
                name="supervision_threshold_region_prefix_digits",
                condition=Q(region_prefix__regex=r"^\d{2,12}$"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} {self.kind} {self.region_prefix} {self.effective_from:%Y-%m} {self.value}"


class SupervisionFinding(models.Model):
    """One rule broken by one order in its month. ``other_order`` is the order it is judged
    against (the overlapping visit, the first of the duplicates), null for the other rules.
    ``provider``, ``region_code`` and ``period`` are the order's, copied so that the findings of a
    provider or a region and month are read from one index."""

    Rule = SupervisionRule

    order = models.ForeignKey(
        ServiceOrder, on_delete=models.CASCADE, related_name="findings", verbose_name="工单", db_index=False
    )  # the (order, rule, other_order) unique index serves it
    rule = models.CharField("监管规则", max_length=20, choices=SupervisionRule.choices)
    other_order = models.ForeignKey(
        ServiceOrder,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="关联工单",
        db_index=False,
    )
    message = models.CharField("说明", max_length=300)
    facts = models.JSONField("事实", default=dict)
    provider = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="服务机构",
        db_index=False,
    )  # the (provider, period) index serves it
    region_code = models.CharField("区划代码", max_length=12)
    period = models.DateField("所属月份")
    created_at = models.DateTimeField("发现时间")

    class Meta:
        verbose_name = verbose_name_plural = "居家服务监管发现"
        ordering = ["-period", "provider_id", "order_id", "rule"]
        indexes = [
            models.Index(fields=["region_code", "period"], name="supervision_finding_region"),
            models.Index(fields=["provider", "period"], name="supervision_finding_provider"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "rule", "other_order"], name="supervision_finding_one_per_order_rule_other"
            ),
            models.UniqueConstraint(
                fields=["order", "rule"],
                condition=Q(other_order__isnull=True),
                name="supervision_finding_one_per_order_rule",
            ),
            models.CheckConstraint(
                name="supervision_finding_rule_known", condition=Q(rule__in=SupervisionRule.values)
            ),
            models.CheckConstraint(name="supervision_finding_region_code_12_digits", condition=REGION_12),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.get_rule_display()}"


class SupervisionRun(models.Model):
    """One run of the supervision over a month and a region prefix (monthly, or on demand): who
    ran it, and how many orders it judged and findings it wrote per rule. Each run replaces the
    month's findings in its scope; the rows here are the history of the runs."""

    period = models.DateField("监管月份", help_text="每月1日")
    region_prefix = models.CharField("监管范围（区划代码前缀）", max_length=12)
    # The prefix padded to 12 digits, as for the subsidy runs: scoped reads find a county's runs.
    region_code = models.CharField("区划代码", max_length=12)
    orders = models.PositiveIntegerField("工单数", default=0)
    findings = models.PositiveIntegerField("发现数", default=0)
    counts = models.JSONField("各规则发现数", default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="发起人",
    )
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("完成时间")

    class Meta:
        verbose_name = verbose_name_plural = "居家服务监管运行"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["region_code", "period"], name="supervision_run_region_period")]
        constraints = [
            models.CheckConstraint(name="supervision_run_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="supervision_run_region_prefix_digits", condition=Q(region_prefix__regex=r"^\d{2,12}$")
            ),
        ]

    def __str__(self) -> str:
        return f"居家服务监管 {self.period:%Y-%m} {self.region_prefix}"
