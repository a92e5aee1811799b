"""`manage.py apply_retention`: run the retention job now (the worker runs it daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from kring.privacy.retention import apply_retention


class Command(BaseCommand):
    help = "Anonymise or delete what has outlived its retention term (docs/privacy.md)."

    def handle(self, *args: Any, **options: Any) -> None:
        for kind, count in apply_retention().items():
            self.stdout.write(f"{kind}: {count}")
