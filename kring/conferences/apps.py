from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "kring.conferences"
    label = "conferences"
