"""``minzheng worker``: run background tasks (imports, and the jobs later issues add), and beat.

It is django-tasks-db's ``db_worker`` under our name, with every option passed through:
``--batch`` to drain the queue and exit, ``--queue-name``, ``--interval``, ``--max-tasks``,
``--no-reload``, ``--worker-id`` and the rest. Run one per machine core when scaling out; workers
claim tasks atomically, so any number can share the database.

While it runs it keeps a ``WorkerHeartbeat`` row fresh (every ``MINZHENG_WORKER_HEARTBEAT_SECONDS``),
which /healthz reads; a clean exit (SIGTERM, Ctrl-C, the end of ``--batch``) marks it stopped.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from minzheng.operations.health.heartbeat import Heartbeat


class Command(DbWorkerCommand):
    help = "运行后台任务（导入等）并定时写入心跳。参数与 django-tasks-db 的 db_worker 相同，例如 --batch 处理完队列后退出。"

    def handle(self, *args: Any, **options: Any) -> None:
        reload = options["reload"] and not options["batch"]
        if reload and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The reloader's parent only restarts children; each child runs tasks, and beats.
            return super().handle(*args, **options)
        with Heartbeat(worker_id=options["worker_id"], interval=settings.MINZHENG_WORKER_HEARTBEAT_SECONDS):
            return super().handle(*args, **options)
