from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models, router, transaction
from django.db.models import Q
from django.utils import timezone

from minzheng.core import chain, messages
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


class ChainedQuerySet(AppendOnlyQuerySet):
    def bulk_create(self, objs, *args, **kwargs):  # type: ignore[no-untyped-def]
        # Chained here, not by the callers, so that no way of writing rows can leave them out.
        objs = list(objs)
        if not objs:
            return objs
        with transaction.atomic(using=self.db, savepoint=False):
            chain.link(self.model, objs, using=self.db)
            return super().bulk_create(objs, *args, **kwargs)


class ChainedModel(AppendOnlyModel):
    """Append-only rows in a hash chain (core.chain): each new row gets its id, the previous row's
    hash and its own, under the table's chain lock, whether it is saved alone or in bulk."""

    # Nullable: so SQLite adds the columns in place instead of rebuilding the tables (which drops
    # their append-only triggers). Every row has both once migration 0008 has run.
    prev_hash = models.CharField("前一行哈希", max_length=64, null=True, editable=False)
    row_hash = models.CharField("本行哈希", max_length=64, null=True, editable=False)

    objects = ChainedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self._state.adding:
            raise PermissionDenied(messages.AUDIT_APPEND_ONLY)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            chain.link(type(self), [self], using=using)
            kwargs["force_insert"] = True  # the id is set, and such a row is never an update
            super().save(*args, **kwargs)


class AuditEntry(ChainedModel):
    """One write by one actor: what changed, before and after, with sensitive fields masked."""

    # Set when the row is made, not by the insert (auto_now_add): the time is hashed before.
    at = models.DateTimeField("时间", default=timezone.now, editable=False, blank=True, db_index=True)
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


class AccessLog(ChainedModel):
    """Who looked at whose personal data, and which field."""

    class Kind(models.TextChoices):
        VIEW = "view", "查看详情"
        REVEAL = "reveal", "查看明文"
        EXPORT = "export", "导出"
        # A registration, import row or move-in request that named an ID number already on
        # record: the answer reveals nothing, but the look-up itself is logged.
        LOOKUP = "lookup", "按身份证号查找"

    at = models.DateTimeField("时间", default=timezone.now, editable=False, blank=True, db_index=True)
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


class AuditVerification(AppendOnlyModel):
    """One walk of one log's hash chain (``minzheng audit verify``): what it found, and the head it
    saw, which the next walk checks is still there. City-wide like the chains: no region."""

    class Table(models.TextChoices):
        AUDIT = "audit", "审计日志"
        ACCESS = "access", "个人信息访问日志"

    started_at = models.DateTimeField("开始时间", db_index=True)
    finished_at = models.DateTimeField("结束时间")
    table = models.CharField("日志", max_length=16, choices=Table.choices)
    rows_checked = models.BigIntegerField("核验记录数", default=0)
    ok = models.BooleanField("完好")
    first_bad_id = models.BigIntegerField("首个问题记录", null=True, blank=True)
    problem = models.CharField("问题类别", max_length=16, blank=True)
    reason = models.CharField("结果", max_length=200)
    head_id = models.BigIntegerField("链尾记录", null=True, blank=True)
    head_hash = models.CharField("链尾哈希", max_length=64, blank=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+", verbose_name="核验人")
    actor_name = models.CharField("核验人账号", max_length=150, help_text="command 表示命令行")

    class Meta:
        verbose_name = verbose_name_plural = "审计链核验"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["table", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_table_display()} {'完好' if self.ok else '有问题'}"


class ImportJob(models.Model):
    """An uploaded file on its way in: checked first (a dry run that writes nothing but this
    row), then committed only if the user asks for the good rows to go in.

    The upload holds clear ID numbers and phones, so it is kept encrypted (AES-GCM under the
    field key, bound to this job's id) and dropped once the job is done or failed. It lives in
    the database rather than MEDIA_ROOT so that a worker on another machine can read it.
    Visible to its creator and to staff whose scope contains ``region_code``.
    """

    class Kind(models.TextChoices):
        PEOPLE = "people", "人口与家庭"
        ADDRESSES = "addresses", "标准地址"

    class Status(models.TextChoices):
        PENDING = "pending", "等待校验"
        VALIDATING = "validating", "正在校验"
        VALIDATED = "validated", "校验完成"
        COMMITTING = "committing", "正在导入"
        DONE = "done", "导入完成"
        FAILED = "failed", "失败"

    FINISHED = frozenset({Status.VALIDATED, Status.DONE, Status.FAILED})

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.PEOPLE)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="import_jobs", verbose_name="上传人")
    region_code = models.CharField("区划代码", max_length=12, db_index=True, help_text="上传人所属区划")
    filename = models.CharField("文件名", max_length=255)
    file_size = models.PositiveBigIntegerField("文件大小", default=0)
    file_cipher = models.BinaryField("文件（密文）", blank=True, default=b"", editable=False)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    total_rows = models.PositiveIntegerField("数据行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理行数", default=0)
    good_rows = models.PositiveIntegerField("正确行数", default=0)
    bad_rows = models.PositiveIntegerField("错误行数", default=0)
    created_count = models.PositiveIntegerField("新增", default=0)
    updated_count = models.PositiveIntegerField("更新", default=0)
    unchanged_count = models.PositiveIntegerField("无变化", default=0)
    summary = models.JSONField("摘要", default=dict, blank=True)
    errors = models.JSONField("错误明细", default=list, blank=True, help_text="[行号, 列, 值（脱敏）, 原因]")
    error_message = models.TextField("失败原因", blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    committed_at = models.DateTimeField("确认导入时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "导入任务"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                name="importjob_status_valid",
                condition=Q(status__in=["pending", "validating", "validated", "committing", "done", "failed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        return min(100, self.processed_rows * 100 // self.total_rows) if self.total_rows else 0

    def _aad(self) -> bytes:
        return b"import-file:" + str(self.id).encode("ascii")

    def set_file(self, data: bytes) -> None:
        from minzheng.core import crypto

        self.file_cipher = crypto.encrypt_bytes(data, aad=self._aad())
        self.file_size = len(data)

    def read_file(self) -> bytes:
        from minzheng.core import crypto

        blob = bytes(self.file_cipher or b"")
        if not blob:
            return b""
        # The current key or a previous one: an upload made just before a key change still opens.
        # Uploads are not rotated: import_jobs_expire removes them within hours.
        return crypto.decrypt_bytes(blob, aad=self._aad())


from minzheng.core.keys.models import KeyRotation  # noqa: E402, F401  (the field-key rotation's progress)
