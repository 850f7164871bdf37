from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "minzheng.core"
    label = "core"
    verbose_name = "基础平台"

    def ready(self) -> None:
        from minzheng.core import (
            checks,  # noqa: F401  (registers system checks)
            permission_cache,
        )

        permission_cache.connect()
