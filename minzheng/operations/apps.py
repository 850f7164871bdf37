from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running minzheng on a bureau's own servers: the production server, health, request logs, backup and
    restore. It sits on top of every domain app and is imported by none of them."""

    name = "minzheng.operations"
    label = "operations"
    verbose_name = "运维"
