from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "kring.reporting"
    label = "reporting"
    verbose_name = _("Cijfers")

    def ready(self) -> None:
        # Events register their keys; outcomes and satisfaction register their sections.
        from kring.reporting import events, outcomes, satisfaction  # noqa: F401
