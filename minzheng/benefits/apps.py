from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "minzheng.benefits"
    label = "benefits"
    verbose_name = "救助补贴引擎"

    def ready(self) -> None:
        from minzheng.benefits.enrollments import receivers
        from minzheng.benefits.programs import dibao  # noqa: F401  (registers the dibao policy)
        from minzheng.core import events

        events.person_died.connect(receivers.enrollments_end_on_death, dispatch_uid="benefits.enrollments_end_on_death")
