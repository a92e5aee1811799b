"""`manage.py purge_info_requests`: run daily (cron or a scheduled task) for data minimisation."""

from django.core.management.base import BaseCommand

from kring.intake import services


class Command(BaseCommand):
    help = "Verwijder aanvragen voor een informatief gesprek die over de bewaartermijn zijn."

    def handle(self, *args: object, **options: object) -> None:
        deleted = services.purge_info_requests()
        self.stdout.write(f"{deleted} request(s) deleted.")
