from django.apps import AppConfig


class MarriageConfig(AppConfig):
    name = "minzheng.marriage"
    label = "marriage"
    verbose_name = "婚姻登记"

    def ready(self) -> None:
        from minzheng.core import events
        from minzheng.marriage.registrations import receivers

        events.person_died.connect(receivers.spouse_widow_on_death, dispatch_uid="marriage.spouse_widowed")
        events.person_death_revoked.connect(receivers.spouse_restore_on_revocation,
                                            dispatch_uid="marriage.spouse_restored")
