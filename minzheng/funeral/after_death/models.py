"""The after-death one thing (身后一件事): the checklist of one registered death.

``NotificationItem`` is data (seeded by migration 0004 from DOMAIN.md; a county may retire or add
items): each is one department to notify, such as household-registration cancellation at the
police station. ``ChecklistItem`` is that item for one death, with the status the officer keeps
(待通知 → 已通知 → 已办结, or 不适用). The affairs the platform closed by itself are
``people.DeathEffect`` rows, written by each app's receiver; the case page shows both."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class NotificationItem(models.Model):
    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("事项", max_length=60)
    department = models.CharField("承办部门", max_length=60)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "身后事项通知清单"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class ChecklistStatus(models.TextChoices):
    PENDING = "pending", "待通知"
    NOTIFIED = "notified", "已通知"
    DONE = "done", "已办结"
    NOT_APPLICABLE = "not_applicable", "不适用"


class ChecklistItem(models.Model):
    Status = ChecklistStatus

    registration = models.ForeignKey("funeral.DeathRegistration", on_delete=models.PROTECT,
                                     related_name="checklist", verbose_name="死亡登记")
    item = models.ForeignKey(NotificationItem, on_delete=models.PROTECT, related_name="+", verbose_name="事项")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    status = models.CharField("状态", max_length=16, choices=ChecklistStatus.choices,
                              default=ChecklistStatus.PENDING)
    note = models.CharField("说明", max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="经办人")
    updated_at = models.DateTimeField("更新时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "身后事项通知"
        ordering = ["registration", "item__order", "id"]
        permissions = [("manage_after_death", "可更新身后一件事的通知清单")]
        constraints = [
            # A death sent twice opens no second checklist.
            models.UniqueConstraint(fields=["registration", "item"], name="checklist_item_once_per_death"),
            models.CheckConstraint(name="checklist_item_region_code_12_digits",
                                   condition=Q(region_code__regex=r"^\d{12}$")),
            models.CheckConstraint(name="checklist_item_status_known",
                                   condition=Q(status__in=ChecklistStatus.values)),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_status_display()}"
