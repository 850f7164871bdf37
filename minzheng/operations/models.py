"""Every model of operations, defined in its sub-domain's ``models.py`` and imported here so that the app
label (``operations``) holds them all."""

from minzheng.operations.health.models import WorkerHeartbeat  # noqa: F401
