"""`manage.py refresh_figures [--full]`: bring the figures up to date now (the worker does this
every few minutes; `--full` computes every flow again, e.g. after an upgrade)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kring.reporting.refresh import refresh_figures


class Command(BaseCommand):
    help = "Werk de cijfers bij (met --full: alles opnieuw)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        flows = refresh_figures(full=options["full"])
        self.stdout.write(f"{flows} aanvragen opnieuw berekend.")
