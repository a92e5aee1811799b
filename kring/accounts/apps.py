from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kring.accounts"
    label = "accounts"
    verbose_name = _("Accounts en regio's")

    def ready(self) -> None:
        from kring.accounts import (
            auth_events,
            events,  # noqa: F401 - registers how account events read
        )

        auth_events.connect()
