from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "kring.plans"
    label = "plans"

    def ready(self) -> None:
        from kring.plans import (  # noqa: F401 - registers how plan events read, and the
            events,  # receiver that removes a deleted version's PDF from storage
            signals,
        )
