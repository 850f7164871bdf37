from django.apps import AppConfig


class FacilitiesConfig(AppConfig):
    name = "minzheng.facilities"
    label = "facilities"
    verbose_name = "服务设施"

    def ready(self) -> None:
        from minzheng.facilities.nearest.doorplate import nearest_for_doorplate
        from minzheng.places.doorplates import nearby

        # The public doorplate page lists the nearest meal sites and community care centres;
        # places does not import facilities, so facilities hands it the look-up.
        nearby.nearby_provider_register(nearest_for_doorplate, key="facilities.nearest")
