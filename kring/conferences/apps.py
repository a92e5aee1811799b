from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "kring.conferences"
    label = "conferences"

    def ready(self) -> None:
        from kring.conferences import events  # noqa: F401 - registers how conference events read
