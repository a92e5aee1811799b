from django.apps import AppConfig
from django.conf import settings
from django.db.models import fields as model_fields
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kring.core"
    label = "core"

    def ready(self) -> None:
        from kring.core import redaction

        # Every log record, of every logger, without personal-link tokens (decision 0121).
        redaction.configure(settings.KRING_LINK_PREFIXES)
        redaction.install()
        # Django 6.1's own empty choice ("- Select an option -") has no Dutch translation: every
        # select box without its own empty label (the circle's "Voorgesteld door", the plan's
        # forms...) showed it in English. Django's documented place to set it is ready().
        model_fields.BLANK_CHOICE_LABEL = _("– Kies –")
