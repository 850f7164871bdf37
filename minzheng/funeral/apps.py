from django.apps import AppConfig


class FuneralConfig(AppConfig):
    name = "minzheng.funeral"
    label = "funeral"
    verbose_name = "殡葬服务"
