from django.apps import AppConfig


class DisabilityConfig(AppConfig):
    name = "minzheng.disability"
    label = "disability"
    verbose_name = "精神康复"
