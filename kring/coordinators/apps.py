from django.apps import AppConfig


class CoordinatorsConfig(AppConfig):
    name = "kring.coordinators"
    label = "coordinators"
