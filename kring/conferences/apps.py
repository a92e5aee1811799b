from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "kring.conferences"
    label = "conferences"

    def ready(self) -> None:
        from kring.cases import guards
        from kring.cases.states import Status
        from kring.conferences.guards import conference_ready

        guards.register(Status.CONFERENCE_SCHEDULED, conference_ready)
