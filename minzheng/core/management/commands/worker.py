"""``minzheng worker``: run background tasks (imports, and the jobs later issues add).

It is django-tasks-db's ``db_worker`` under our name, with every option passed through:
``--batch`` to drain the queue and exit, ``--queue-name``, ``--interval``, ``--max-tasks``,
``--no-reload`` and the rest. Run one per machine core when scaling out; workers claim tasks
atomically, so any number can share the database.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "运行后台任务（导入等）。参数与 django-tasks-db 的 db_worker 相同，例如 --batch 处理完队列后退出。"
