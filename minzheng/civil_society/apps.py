from django.apps import AppConfig


class CivilSocietyConfig(AppConfig):
    name = "minzheng.civil_society"
    label = "civil_society"
    verbose_name = "社会组织与慈善"
