from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "minzheng.children"
    label = "children"
    verbose_name = "儿童福利"

    def ready(self) -> None:
        from minzheng.children.profiles import receivers
        from minzheng.core import events

        # A child's death recorded in the registry ends their profile (the engine ends the allowances).
        events.person_died.connect(
            receivers.profile_end_on_person_death, dispatch_uid="children.profile_end_on_death"
        )
