from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "kring.intake"
    label = "intake"

    def ready(self) -> None:
        from kring.intake import events  # noqa: F401 - registers how intake events read
