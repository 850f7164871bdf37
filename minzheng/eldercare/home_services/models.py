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
