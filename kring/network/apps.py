from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "kring.network"
    label = "network"

    def ready(self) -> None:
        from kring.network import events  # noqa: F401 - registers how circle events read
