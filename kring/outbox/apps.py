from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "kring.outbox"
    label = "outbox"
    verbose_name = "Berichten"
