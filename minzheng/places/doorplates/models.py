"""Digital doorplates: the plates, their reports from the public, bulk batches and the service catalogue they show."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.places.addresses.models import REGION_12, Address


class Department(models.Model):
    """A government department whose services a doorplate links to."""

    name = models.CharField("部门名称", max_length=60, unique=True)
    phone = models.CharField("咨询电话", max_length=30, blank=True)
    url = models.URLField("网址", blank=True)
    sort = models.PositiveIntegerField("排序", default=0)
    # Deactivated rather than deleted: the audit log and old reports still name it.
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "门牌关联部门"
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class DoorplateService(models.Model):
    """A service a resident can reach from a doorplate, in the regions it applies to."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="services", verbose_name="部门")
    name = models.CharField("服务名称", max_length=80)
    description = models.CharField("说明", max_length=200, blank=True)
    url = models.URLField("办理链接", blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    # The service applies to every address whose region code starts with this region's prefix.
    region_code = models.CharField("适用区划", max_length=12, db_index=True)
    active = models.BooleanField("启用", default=True)
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "门牌关联服务"
        ordering = ["sort", "id"]
        permissions = [("manage_catalogue", "可维护门牌服务目录")]
        constraints = [
            models.UniqueConstraint(fields=["department", "name", "region_code"], name="doorplate_service_unique"),
            models.CheckConstraint(name="doorplate_service_region_12", condition=REGION_12),
            models.CheckConstraint(name="doorplate_service_reachable", condition=~Q(url="", phone="")),
        ]

    def __str__(self) -> str:
        return self.name


class Doorplate(models.Model):
    """A digital doorplate: a plate on a standard address with a QR code. The token in the QR
    code is random, so plates cannot be enumerated from address codes."""

    class Status(models.TextChoices):
        ACTIVE = "active", "在用"
        REMOVED = "removed", "已拆除"

    address = models.OneToOneField(Address, on_delete=models.PROTECT, related_name="doorplate", verbose_name="地址")
    token = models.CharField("二维码令牌", max_length=32, unique=True)
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    installed_on = models.DateField("安装日期", db_index=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "数字门牌"
        permissions = [("manage_doorplates", "可管理数字门牌")]
        constraints = [models.CheckConstraint(name="doorplate_region_12", condition=REGION_12)]

    def __str__(self) -> str:
        return f"门牌 {self.address}"


class PlateReport(models.Model):
    """A problem with a plate or its address, reported by anyone who scanned it."""

    class Kind(models.TextChoices):
        DAMAGED = "damaged", "门牌损坏或缺失"
        WRONG_ADDRESS = "wrong_address", "地址信息有误"
        WRONG_SERVICE = "wrong_service", "服务信息有误"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        RESOLVED = "resolved", "已处理"
        DISMISSED = "dismissed", "不予处理"

    doorplate = models.ForeignKey(Doorplate, on_delete=models.CASCADE, related_name="reports")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    kind = models.CharField("问题类型", max_length=20, choices=Kind.choices)
    text = models.CharField("问题描述", max_length=500)
    # The purpose each <name>_cipher/_digest pair is sealed under (core.keys rotates them by it).
    sealed_purposes = {"contact": "phone"}
    contact_cipher = models.TextField("联系电话（密文）", blank=True)
    contact_masked = models.CharField("联系电话", max_length=20, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    resolution = models.CharField("处理结果", max_length=500, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "门牌问题反馈"
        ordering = ["-created_at"]
        permissions = [("handle_plate_reports", "可处理门牌问题反馈")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.get_status_display()}）"


class DoorplateBatch(models.Model):
    """A bulk installation: a plate on every active address of one village that has none, made
    by a background task. The page polls ``processed`` against ``total``.

    At most one unfinished batch per village (a database constraint), so a double click or two
    officers cannot run the same village twice at once; running a village again later simply
    finds nothing left to do.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    UNFINISHED = ("pending", "running")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region_code = models.CharField("村社区", max_length=12, db_index=True)
    installed_on = models.DateField("安装日期")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="发起人")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    task_id = models.CharField("任务编号", max_length=64, blank=True)
    total = models.PositiveIntegerField("待安装地址数", default=0)
    processed = models.PositiveIntegerField("已处理", default=0)
    created = models.PositiveIntegerField("新装门牌数", default=0)
    error_message = models.CharField("失败原因", max_length=500, blank=True)
    created_at = models.DateTimeField("发起时间", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "门牌批量安装"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="doorplate_batch_region_12", condition=REGION_12),
            models.UniqueConstraint(fields=["region_code"], condition=Q(status__in=["pending", "running"]),
                                    name="doorplate_batch_one_open_per_village"),
        ]

    def __str__(self) -> str:
        return f"批量安装 {self.region_code}（{self.get_status_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        return min(100, self.processed * 100 // self.total) if self.total else 0
