from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "minzheng.places"
    label = "places"
    verbose_name = "地名地址与门牌"
