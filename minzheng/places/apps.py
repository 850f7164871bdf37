from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "minzheng.places"
    label = "places"
    verbose_name = "地名地址与门牌"

    def ready(self) -> None:
        from minzheng.core import events
        from minzheng.places.addresses import receivers

        events.region_renamed.connect(receivers.addresses_follow_region_rename,
                                      dispatch_uid="places.addresses_follow_region_rename")
