"""Love cards (爱心卡): one card account per elder, and its ledger.

A **LoveCard** belongs to one person aged 60 or over (a one-to-one column: a second card for the
same person is refused by the database as well as by the service). ``region_code`` is the
holder's region, and follows them when they move (``receivers``). A card is active, or frozen
(the holder died: ``core.events.person_died``).

A **LoveCardEntry** is one line of the ledger: a credit (the eldercare service subsidy paid by the
benefits engine, an enterprise's or a family's top-up) or a debit (a meal now, a home-service
order later). ``amount`` is always positive; ``direction`` says which way it moves the balance,
and the kind decides the direction (a database constraint). Each entry has an ``idempotency_key``
that is unique in the database: the same key sent twice, even at the same instant, makes one
entry. ``source_type``/``source_id`` name the record the money came from or went to (a payment
line, a meal record). Entries are never changed or deleted (the model refuses, and the database
too: migration 0002's triggers); a mistake is corrected by a new entry.

The **balance** is the sum of the entries (credits minus debits). The card keeps it in
``balance`` as well, changed in the same transaction as the entry it reflects, by a conditional
UPDATE (``balance = balance - x WHERE balance >= x AND status = 'active'``): concurrent debits
can never take it below zero, on SQLite or PostgreSQL, and a CheckConstraint (balance >= 0)
stands behind that. ``selectors.love_card_reconcile`` recomputes it from the entries.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone

LEDGER_APPEND_ONLY = "爱心卡账目只能追加，不能修改或删除"


class LoveCard(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "正常"
        FROZEN = "frozen", "已冻结"

    class FrozenReason(models.TextChoices):
        DIED = "died", "持卡人死亡"

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="love_card",
                                  verbose_name="持卡人")
    region_code = models.CharField("区划代码", max_length=12, db_index=True, help_text="持卡人居住地区划")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    balance = models.DecimalField("余额", max_digits=14, decimal_places=2, default=0)
    activated_at = models.DateTimeField("开卡时间", default=timezone.now, db_index=True)
    activated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="开卡经办人")
    frozen_at = models.DateTimeField("冻结时间", null=True, blank=True)
    frozen_reason = models.CharField("冻结原因", max_length=16, choices=FrozenReason.choices, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "爱心卡"
        ordering = ["region_code", "id"]
        permissions = [("manage_love_cards", "可开通爱心卡、充值，查看爱心卡账目")]
        constraints = [
            models.CheckConstraint(name="love_card_region_code_12_digits", condition=Q(region_code__regex=r"^\d{12}$")),
            models.CheckConstraint(name="love_card_balance_not_negative", condition=Q(balance__gte=0)),
            models.CheckConstraint(name="love_card_status_known", condition=Q(status__in=["active", "frozen"])),
            # Frozen exactly when there is a time and a reason for it.
            models.CheckConstraint(
                name="love_card_frozen_has_reason",
                condition=(Q(status="active", frozen_at__isnull=True, frozen_reason="")
                           | (Q(status="frozen", frozen_at__isnull=False) & ~Q(frozen_reason=""))),
            ),
        ]

    def __str__(self) -> str:
        return f"爱心卡{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class LoveCardEntry(models.Model):
    class Kind(models.TextChoices):
        SUBSIDY = "subsidy", "政府补贴"
        ENTERPRISE_TOP_UP = "enterprise_top_up", "企业充值"
        FAMILY_TOP_UP = "family_top_up", "家庭充值"
        MEAL = "meal", "助餐"
        HOME_SERVICE = "home_service", "居家服务"

    class Direction(models.TextChoices):
        CREDIT = "credit", "入账"
        DEBIT = "debit", "扣款"

    card = models.ForeignKey(LoveCard, on_delete=models.PROTECT, related_name="entries", verbose_name="爱心卡",
                             db_index=False)  # the (card, id) index below serves it
    region_code = models.CharField("区划代码", max_length=12, help_text="记账时持卡人所在区划")
    period = models.DateField("所属月份", help_text="每月1日：补贴的发放月份，消费或充值的月份")
    kind = models.CharField("记账类型", max_length=20, choices=Kind.choices)
    direction = models.CharField("收支", max_length=8, choices=Direction.choices)
    amount = models.DecimalField("金额", max_digits=14, decimal_places=2)
    idempotency_key = models.CharField("幂等键", max_length=100, unique=True)
    source_type = models.CharField("来源类型", max_length=50, blank=True,
                                   help_text="如 benefits.paymentline（发放明细）、eldercare.meal（助餐记录）")
    source_id = models.BigIntegerField("来源编号", null=True, blank=True)
    payer = models.CharField("充值单位或充值人", max_length=100, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("记账时间", default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="经办人", db_index=False)

    CREDIT_KINDS = (Kind.SUBSIDY, Kind.ENTERPRISE_TOP_UP, Kind.FAMILY_TOP_UP)
    DEBIT_KINDS = (Kind.MEAL, Kind.HOME_SERVICE)

    class Meta:
        verbose_name = verbose_name_plural = "爱心卡账目"
        ordering = ["card_id", "-id"]
        indexes = [
            models.Index(fields=["card", "id"], name="love_card_entry_card"),
            models.Index(fields=["region_code", "period"], name="love_card_entry_region_period"),
        ]
        constraints = [
            models.CheckConstraint(name="love_card_entry_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(name="love_card_entry_region_code_12_digits",
                                   condition=Q(region_code__regex=r"^\d{12}$")),
            # The kind decides the direction: a meal can never credit a card, a subsidy never debit it.
            models.CheckConstraint(
                name="love_card_entry_kind_direction",
                condition=(Q(kind__in=["subsidy", "enterprise_top_up", "family_top_up"], direction="credit")
                           | Q(kind__in=["meal", "home_service"], direction="debit")),
            ),
            models.CheckConstraint(name="love_card_entry_idempotency_key_given", condition=~Q(idempotency_key="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.signed_amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionDenied(LEDGER_APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionDenied(LEDGER_APPEND_ONLY)

    @property
    def source_display(self) -> str:
        """Where the money came from or went, in words: the payer of a top-up, the payment line
        of a subsidy, the record of a meal."""
        if self.payer:
            return self.payer
        if self.source_type == "benefits.paymentline":
            return f"发放明细{self.source_id}"
        if self.source_id is not None:
            return f"{self.get_kind_display()}记录{self.source_id}"
        return ""

    @property
    def signed_amount(self) -> Any:
        return self.amount if self.direction == self.Direction.CREDIT else -self.amount
