"""`manage.py seed_demo`: realistic Dutch demo data, idempotent.

Each domain has a seeder module in `kring.demo` with a `seed(ctx)` function; they run in
dependency order inside one transaction. The command prints one demo login per role as
`role<TAB>e-mail<TAB>password<TAB>base32 TOTP secret`: add the secret to an authenticator
app (or let a script compute the code) to pass the second login step. It refuses to run in
production: demo accounts have published passwords and secrets.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kring.accounts.second_factor import base32
from kring.cases.models import Case
from kring.core.references import reserve_taken
from kring.demo import (
    accounts,
    cases,
    conferences,
    coordinators,
    funding,
    intake,
    network,
    plans,
)
from kring.demo.accounts import DEMO_PASSWORD, DemoContext, demo_totp_secret
from kring.intake.models import Request

# The order matters: later apps use what earlier ones made.
SEEDERS = [
    accounts.seed,
    coordinators.seed,
    intake.seed,
    cases.seed,
    network.seed,
    conferences.seed,
    plans.seed,
    funding.seed,
]


class Command(BaseCommand):
    help = "Load realistic demo data (idempotent) and print one login per role."

    def handle(self, *args: object, **options: object) -> None:
        if settings.KRING_ENV == "production":
            raise CommandError(
                "seed_demo maakt accounts met bekende wachtwoorden en weigert daarom in "
                "productie (KRING_ENV=production). Gebruik het alleen in ontwikkeling."
            )
        ctx = DemoContext()
        with transaction.atomic():
            for seed in SEEDERS:
                seed(ctx)
            # Demo rows are keyed on fixed reference numbers; new requests must not reuse them.
            reserve_taken(
                [
                    *Case.objects.values_list("reference", flat=True),
                    *Request.objects.values_list("reference", flat=True),
                ]
            )
        seen: set[str] = set()
        for role, email in ctx.logins:
            if role in seen:
                continue
            seen.add(role)
            secret = base32(demo_totp_secret(email))
            self.stdout.write(f"{role}\t{email}\t{DEMO_PASSWORD}\t{secret}")
