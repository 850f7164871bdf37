from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models

from minzheng.core import messages
from minzheng.core.regions import LEVEL_LABELS, Level, scope_prefix


class Region(models.Model):
    """A division: the city, a county, a township, or a village or community."""

    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16, choices=[(lv.value, LEVEL_LABELS[lv]) for lv in Level])
    kind = models.CharField("类别", max_length=16, help_text="市、区、县、街道、镇、乡、社区、村")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    full_name = models.CharField("全称", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return scope_prefix(self.code)


class User(AbstractUser):
    """A member of staff. Their region bounds everything they can see."""

    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name="所属区划")
    display_name = models.CharField("显示名", max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return self.display_name or self.username


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionDenied(messages.AUDIT_APPEND_ONLY)

    def delete(self):  # type: ignore[no-untyped-def]
        raise PermissionDenied(messages.AUDIT_APPEND_ONLY)


class AppendOnlyModel(models.Model):
    """Rows are written once. The database refuses updates too (see migration 0002)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self._state.adding:
            raise PermissionDenied(messages.AUDIT_APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionDenied(messages.AUDIT_APPEND_ONLY)


class AuditEntry(AppendOnlyModel):
    """One write by one actor: what changed, before and after, with sensitive fields masked."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+", verbose_name="操作人")
    actor_name = models.CharField("操作人账号", max_length=150, blank=True)
    action = models.CharField("操作", max_length=100, db_index=True)
    object_type = models.CharField("对象类型", max_length=100)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    region_code = models.CharField("区划代码", max_length=12, db_index=True, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    diff = models.JSONField("变更", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"


class AccessLog(AppendOnlyModel):
    """Who looked at whose personal data, and which field."""

    class Kind(models.TextChoices):
        VIEW = "view", "查看详情"
        REVEAL = "reveal", "查看明文"
        EXPORT = "export", "导出"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+", verbose_name="操作人")
    actor_name = models.CharField("操作人账号", max_length=150)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    subject_type = models.CharField("对象类型", max_length=100, default="people.person")
    subject_id = models.CharField("对象编号", max_length=64, db_index=True)
    subject_repr = models.CharField("对象", max_length=200, blank=True)
    field = models.CharField("字段", max_length=64, blank=True)
    region_code = models.CharField("区划代码", max_length=12, db_index=True, blank=True)
    channel = models.CharField("渠道", max_length=16, default="web", help_text="web 或 api")

    class Meta:
        verbose_name = verbose_name_plural = "个人信息访问日志"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.kind} {self.subject_repr}"
