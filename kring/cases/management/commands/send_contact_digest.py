"""`manage.py send_contact_digest`: the daily mail about late first contacts (run by cron)."""

from django.core.management.base import BaseCommand, CommandParser

from kring.cases.tasks import send_contact_digest


class Command(BaseCommand):
    help = "Mail each regional manager the cases whose first contact is overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue", action="store_true", help="Queue as a task instead of sending now."
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["queue"]:
            send_contact_digest.enqueue()
            self.stdout.write("Queued.")
            return
        sent = send_contact_digest.call()
        self.stdout.write(f"Sent {sent} digest mail(s).")
