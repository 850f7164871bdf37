from django.apps import AppConfig


class FuneralConfig(AppConfig):
    name = "minzheng.funeral"
    label = "funeral"
    verbose_name = "殡葬服务"

    def ready(self) -> None:
        from minzheng.core import events
        from minzheng.funeral.after_death import receivers as after_death

        # A registered death opens its checklist of notices to other departments; a revoked one
        # needs the notices no longer.
        events.person_died.connect(after_death.checklist_open_on_death, dispatch_uid="funeral.checklist_open")
        events.person_death_revoked.connect(after_death.checklist_close_on_revocation,
                                            dispatch_uid="funeral.checklist_close")
