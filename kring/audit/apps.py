from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kring.audit"
    label = "audit"

    def ready(self) -> None:
        from kring.audit import events  # noqa: F401 - registers how the trail's own events read
