from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "minzheng.benefits"
    label = "benefits"
    verbose_name = "救助补贴引擎"

    def ready(self) -> None:
        from minzheng.benefits.applications import receivers as applications
        from minzheng.benefits.enrollments import receivers
        from minzheng.benefits.payments import receivers as payments
        from minzheng.benefits.programs import dibao  # noqa: F401  (registers the dibao policy)
        from minzheng.core import events

        # A death ends the enrollments from the month after and closes open applications; a death
        # registered by mistake puts back what it closed where it still can.
        events.person_died.connect(receivers.enrollments_end_on_death, dispatch_uid="benefits.enrollments_end_on_death")
        events.person_died.connect(applications.applications_close_on_death,
                                   dispatch_uid="benefits.applications_close_on_death")
        events.person_death_revoked.connect(payments.enrollments_reopen_on_revocation,
                                            dispatch_uid="benefits.enrollments_reopen_on_revocation")
        events.person_death_revoked.connect(applications.applications_reopen_on_revocation,
                                            dispatch_uid="benefits.applications_reopen_on_revocation")
