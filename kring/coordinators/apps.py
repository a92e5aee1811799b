from django.apps import AppConfig


class CoordinatorsConfig(AppConfig):
    name = "kring.coordinators"
    label = "coordinators"

    def ready(self) -> None:
        from kring.coordinators import events  # noqa: F401 - registers how its events read
