from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "minzheng.assistance"
    label = "assistance"
    verbose_name = "社会救助"

    def ready(self) -> None:
        # Registers the programs' policies with the engine's registry, and the facts each reads
        # from the registry of people (certificates, low-income status, ability level).
        from minzheng.assistance.policies import dibian, disability, elders, tekun, temporary_aid  # noqa: F401
        from minzheng.assistance.subjects import facts, officer  # noqa: F401
