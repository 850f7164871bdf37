from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "minzheng.children"
    label = "children"
    verbose_name = "儿童福利"

    def ready(self) -> None:
        from minzheng.children.directors import receivers as directors
        from minzheng.children.profiles import receivers
        from minzheng.core import events

        # A child's death recorded in the registry ends their profile (the engine ends the allowances);
        # a director's or supervisor's ends their post. A revoked death puts both back where it can.
        events.person_died.connect(
            receivers.profile_end_on_person_death, dispatch_uid="children.profile_end_on_death"
        )
        events.person_death_revoked.connect(
            receivers.profile_reopen_on_revocation, dispatch_uid="children.profile_reopen_on_revocation"
        )
        events.person_died.connect(directors.director_end_on_death, dispatch_uid="children.director_end_on_death")
        events.person_death_revoked.connect(
            directors.director_reopen_on_revocation, dispatch_uid="children.director_reopen_on_revocation"
        )
