from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "kring.funding"
    label = "funding"
    verbose_name = "Financiering"

    def ready(self) -> None:
        from kring.funding import events  # noqa: F401 - registers how money events read
