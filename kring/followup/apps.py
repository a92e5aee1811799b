from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "kring.followup"
    label = "followup"

    def ready(self) -> None:
        from kring.followup import events  # noqa: F401 - registers how follow-up events read
