"""The beat of a running worker: a row written when it starts, moved forward by a daemon thread
every ``MINZHENG_WORKER_HEARTBEAT_SECONDS``, and marked stopped when it exits cleanly.

The thread has a database connection of its own (Django's connections are per thread) and
closes it when it ends, so a worker never holds two connections idle; a database that fails
for a moment costs one missed beat and a warning, not the worker.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from types import TracebackType

from django.db import DatabaseError, connections

from minzheng.operations.health.models import WorkerHeartbeat
from minzheng.operations.health.services import heartbeat_beat, heartbeat_start, heartbeat_stop

logger = logging.getLogger("minzheng.worker")


class Heartbeat:
    """``with Heartbeat(worker_id=..., interval=30): worker.run()``."""

    def __init__(self, *, worker_id: str, interval: float) -> None:
        self.worker_id = worker_id
        self.interval = interval
        self.hostname = socket.gethostname()
        self.pid = os.getpid()
        self.heartbeat: WorkerHeartbeat | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        # In the calling thread, before any task runs: a worker that cannot write its first beat
        # cannot claim tasks either, and should fail now, loudly.
        self.heartbeat = heartbeat_start(worker_id=self.worker_id, hostname=self.hostname, pid=self.pid)
        self._thread = threading.Thread(target=self._beat, name="minzheng-heartbeat", daemon=True)
        self._thread.start()
        logger.info("worker %s beats every %s s", self.worker_id, self.interval)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=max(self.interval, 5))
        if self.heartbeat is None:
            return
        try:
            heartbeat_stop(heartbeat=self.heartbeat)
        except DatabaseError:
            # The beat goes stale on its own: /healthz learns of the stop a little later.
            logger.warning("worker %s could not record its stop", self.worker_id, exc_info=True)

    def _beat(self) -> None:
        try:
            while not self._stopping.wait(self.interval):
                assert self.heartbeat is not None
                try:
                    if not heartbeat_beat(heartbeat=self.heartbeat):
                        self.heartbeat = heartbeat_start(worker_id=self.worker_id, hostname=self.hostname, pid=self.pid)
                except DatabaseError:
                    logger.warning("worker %s missed a heartbeat", self.worker_id, exc_info=True)
                    connections.close_all()  # reconnect on the next beat
        finally:
            connections.close_all()  # this thread's own connections only
