"""`manage.py send_contact_digest`: the daily mail about late first contacts, now.

The worker runs it every morning on its own schedule; this command is for a manual run.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from kring.cases import notices


class Command(BaseCommand):
    help = "Mail each regional manager the cases whose first contact is overdue (once a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            queued = notices.contact_digest()
        self.stdout.write(f"Queued {queued} digest mail(s).")
