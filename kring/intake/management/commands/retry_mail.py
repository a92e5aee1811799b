"""`manage.py retry_mail`: send request mails that are still pending or failed."""

from django.core.management.base import BaseCommand

from kring.intake import mail


class Command(BaseCommand):
    help = "Verstuur e-mails bij aanvragen die nog niet verzonden zijn of mislukten."

    def handle(self, *args: object, **options: object) -> None:
        sent, failed = mail.retry_unsent()
        self.stdout.write(f"{sent} sent, {failed} still failing.")
