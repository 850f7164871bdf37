"""The three checks of /healthz: the database answers, every migration is applied, a worker beats.

Each returns ``{"status": "ok", ...}`` or ``{"status": "fail", "reason": "中文 (English)"}``. A
reason names the failing part in words an operator can act on; it never carries an exception's
text (a driver's message can name hosts and users), which goes to the log instead.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from minzheng.operations.health.selectors import worker_state

logger = logging.getLogger("minzheng.health")

DATABASE_DOWN = "数据库无法连接 (database unreachable)"
MIGRATIONS_PENDING = "有 {count} 个数据库迁移未执行 ({count} migrations not applied)"
MIGRATIONS_UNREADABLE = "无法读取数据库迁移记录 (migration state unreadable)"
NOT_CHECKED = "数据库不可用，未检查 (not checked: database unavailable)"
WORKER_NEVER = "没有后台任务进程报到过 (no worker has sent a heartbeat)"
WORKER_STOPPED = "后台任务进程已停止 (the worker stopped)"
WORKER_STALE = "后台任务进程超过 {seconds} 秒没有心跳 (no worker heartbeat in {seconds} s)"
WORKER_UNREADABLE = "无法读取后台任务进程心跳 (worker heartbeat unreadable)"

OK: dict[str, Any] = {"status": "ok"}

# "Migrations applied" changes only when someone migrates, and its check reads every migration
# file: a process that found them applied believes it for a short while, so that a poll every few
# seconds costs one query. A failing answer is never kept: a fix shows at the next poll.
_migrations_ok_until = 0.0
_migrations_lock = threading.Lock()


def _fail(reason: str, **more: Any) -> dict[str, Any]:
    return {"status": "fail", "reason": reason, **more}


def database_check() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("healthz: the database does not answer", exc_info=True)
        return _fail(DATABASE_DOWN)
    return dict(OK)


def migrations_check() -> dict[str, Any]:
    global _migrations_ok_until
    if time.monotonic() < _migrations_ok_until:
        return dict(OK)
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        logger.warning("healthz: cannot read the applied migrations", exc_info=True)
        return _fail(MIGRATIONS_UNREADABLE)
    if plan:
        return _fail(MIGRATIONS_PENDING.format(count=len(plan)), pending=len(plan))
    with _migrations_lock:
        _migrations_ok_until = time.monotonic() + settings.MINZHENG_HEALTH_MIGRATIONS_CACHE_SECONDS
    return dict(OK)


def migrations_cache_clear() -> None:
    """Forget a kept "applied" answer (tests, and after ``migrate`` in the same process)."""
    global _migrations_ok_until
    with _migrations_lock:
        _migrations_ok_until = 0.0


def worker_check() -> dict[str, Any]:
    stale = settings.MINZHENG_HEALTH_WORKER_STALE_SECONDS
    try:
        state = worker_state(stale_after=timedelta(seconds=stale))
    except DatabaseError:
        logger.warning("healthz: cannot read the worker heartbeat", exc_info=True)
        return _fail(WORKER_UNREADABLE)
    if state.last_beat is None:
        return _fail(WORKER_NEVER)
    ago = max(0, round((timezone.now() - state.last_beat).total_seconds()))
    if state.alive:
        return {"status": "ok", "alive": state.alive, "last_beat_seconds_ago": ago}
    if state.last_stopped_at is not None:
        return _fail(WORKER_STOPPED, last_beat_seconds_ago=ago)
    return _fail(WORKER_STALE.format(seconds=stale), last_beat_seconds_ago=ago)


def health_report() -> tuple[bool, dict[str, Any]]:
    """Run the checks in order (the later two need the database) and say whether all passed."""
    checks = {"database": database_check()}
    if checks["database"]["status"] == "ok":
        checks["migrations"] = migrations_check()
        checks["worker"] = worker_check()
    else:
        checks["migrations"] = _fail(NOT_CHECKED)
        checks["worker"] = _fail(NOT_CHECKED)
    healthy = all(check["status"] == "ok" for check in checks.values())
    return healthy, {"status": "ok" if healthy else "fail", "checks": checks}
