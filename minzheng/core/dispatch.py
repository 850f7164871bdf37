"""How a service queues a background task without importing the module that defines it.

Tasks are thin wrappers that call services, so a service that imported its tasks module would
run in an import circle. A service names the task by its dotted path instead, and this module
resolves it when the task is queued.
"""

from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string
from django_tasks.base import Task


def task_enqueue(path: str, *args: Any) -> Any:
    """Queue the task at ``path`` (``minzheng.places.addresses.tasks.import_addresses``) with
    ``args``, which must be JSON-serializable (the database backend stores them as JSON).

    It queues at once, not on commit: with the database backend the task row is written in the
    caller's transaction, so a worker never sees a task whose job was rolled back. A broker-based
    backend would need ``transaction.on_commit`` here, in one place. Returns the task result."""
    task = import_string(path)
    if not isinstance(task, Task):
        raise TypeError(f"{path} is not a task")
    return task.enqueue(*args)
