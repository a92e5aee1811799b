"""`manage.py generate_year 2025 --count 1200`: a year of synthetic requests for the figures."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kring.demo.synthetic_year import generate_year


class Command(BaseCommand):
    help = "Maak een jaar synthetische aanvragen en trajecten (voor de cijfers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("--count", type=int, default=1200)
        parser.add_argument("--seed", type=int, default=14)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = generate_year(options["year"], options["count"], seed=options["seed"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{made.requests} aanvragen, {made.cases} trajecten, {made.people} personen gemaakt."
        )
