from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "kring.cases"
    label = "cases"

    def ready(self) -> None:
        from kring.cases import events  # noqa: F401 - registers how case events read
