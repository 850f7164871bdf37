from __future__ import annotations

from django.db import models


class KeyRotation(models.Model):
    """The progress of re-sealing every row under one field key, committed with each batch so
    that a killed run loses at most one batch and the next run resumes after the last key done.

    It belongs to no place (one per deployment, for every table), so it carries no region code;
    only the ``keys`` command reads and writes it.
    """

    target_key_id = models.CharField("目标密钥标识", max_length=16, unique=True)
    # {"people.Person": {"last_pk": 1200, "rows": 1200, "done": false}, ...}
    tables = models.JSONField("各表进度", default=dict, blank=True)
    rows_done = models.PositiveBigIntegerField("已重新加密行数", default=0)
    runs = models.PositiveIntegerField("运行次数", default=0)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    updated_at = models.DateTimeField("最近进度时间", auto_now=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "字段密钥轮换"

    def __str__(self) -> str:
        return f"字段密钥轮换（{self.target_key_id}）"
