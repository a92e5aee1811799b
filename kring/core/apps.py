from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "kring.core"
    label = "core"

    def ready(self) -> None:
        from kring.core import redaction

        # Every log record, of every logger, without personal-link tokens (decision 0121).
        redaction.configure(settings.KRING_LINK_PREFIXES)
        redaction.install()
