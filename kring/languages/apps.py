from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "kring.languages"
    label = "languages"
    verbose_name = "Talen"

    def ready(self) -> None:
        from kring.languages import events  # noqa: F401 - registers how language events read
