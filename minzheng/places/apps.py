from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "minzheng.places"
    label = "places"
    verbose_name = "地名地址与门牌"

    def ready(self) -> None:
        from minzheng.core import events
        from minzheng.places.addresses import receivers as address_receivers
        from minzheng.places.addresses import signals as address_signals
        from minzheng.places.matching import receivers as matching_receivers

        events.region_renamed.connect(address_receivers.addresses_follow_region_rename,
                                      dispatch_uid="places.addresses_follow_region_rename")
        events.person_moved.connect(address_receivers.address_link_follows_move,
                                    dispatch_uid="places.address_link_follows_move")
        events.region_renamed.connect(matching_receivers.match_keys_follow_region_rename,
                                      dispatch_uid="places.match_keys_follow_region_rename")
        address_signals.roads_changed.connect(matching_receivers.match_keys_follow_roads,
                                              dispatch_uid="places.match_keys_follow_roads")
