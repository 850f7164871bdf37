"""The worker heartbeat: how /healthz knows that background tasks are being run."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per ``minzheng worker`` process, written when it starts and every
    ``MINZHENG_WORKER_HEARTBEAT_SECONDS`` while it runs, and marked stopped on a clean exit.

    It belongs to no place (a worker serves the whole city), so it has no ``region_code``; and it
    holds no personal data. A killed worker leaves its row unstopped with an old ``last_beat``:
    that is what "stale" means to /healthz.
    """

    worker_id = models.CharField("进程标识", max_length=64, unique=True)
    hostname = models.CharField("主机名", max_length=255)
    pid = models.PositiveIntegerField("进程号")
    started_at = models.DateTimeField("启动时间")
    last_beat = models.DateTimeField("最近心跳", db_index=True)
    stopped_at = models.DateTimeField("停止时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务进程心跳"
        verbose_name_plural = verbose_name
        ordering = ["-last_beat"]

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"
