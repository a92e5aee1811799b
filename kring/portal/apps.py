from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "kring.portal"
    label = "portal"
    verbose_name = "Portaal"

    def ready(self) -> None:
        from kring.portal import events  # noqa: F401 - registers how portal events read
