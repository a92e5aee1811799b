from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

from kring.intake.sqlite_search import ensure_sqlite_search


def _sqlite_search(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    ensure_sqlite_search(connections[using])


class IntakeConfig(AppConfig):
    name = "kring.intake"
    label = "intake"

    def ready(self) -> None:
        from kring.intake import events  # noqa: F401 - registers how intake events read

        post_migrate.connect(_sqlite_search, sender=self, dispatch_uid="intake_sqlite_search")
