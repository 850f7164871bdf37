from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class MoveInRequest(models.Model):
    """迁入申请: move ``person`` from ``from_region_code`` (where they live when asked) to
    ``to_region_code`` (a village in the requester's scope). The officers whose scope holds
    ``from_region_code`` decide; those whose scope holds ``to_region_code`` asked. One open
    request per person at a time (a database constraint)."""

    class Status(models.TextChoices):
        PENDING = "pending", "待处理"
        ACCEPTED = "accepted", "已同意"
        REFUSED = "refused", "已拒绝"
        WITHDRAWN = "withdrawn", "已撤回"

    # By name: people/models.py imports this module to register it, so importing Person here would be a circle.
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="人员")
    # What the requester typed and may see: never the registry's own record before acceptance.
    id_number_masked = models.CharField("身份证号", max_length=18)
    name_given = models.CharField("申请填写的姓名", max_length=50)
    from_region_code = models.CharField("迁出地区划", max_length=12)
    to_region_code = models.CharField("迁入地区划", max_length=12)
    reason = models.CharField("迁入理由", max_length=200)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="申请人")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="处理人")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decision_note = models.CharField("处理意见", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "迁入申请"
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["from_region_code", "status"], name="moveinrequest_from_status"),
            models.Index(fields=["to_region_code", "status"], name="moveinrequest_to_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(status="pending"),
                                    name="moveinrequest_one_pending_per_person"),
            models.CheckConstraint(name="moveinrequest_status_valid",
                                   condition=Q(status__in=["pending", "accepted", "refused", "withdrawn"])),
            models.CheckConstraint(name="moveinrequest_decided_iff_closed",
                                   condition=Q(status="pending", decided_at__isnull=True)
                                   | (~Q(status="pending") & Q(decided_at__isnull=False))),
            models.CheckConstraint(name="moveinrequest_moves_somewhere", condition=~Q(from_region_code=models.F(
                "to_region_code"))),
        ]

    def __str__(self) -> str:
        return f"迁入申请 {self.name_given}（{self.id_number_masked}）"
