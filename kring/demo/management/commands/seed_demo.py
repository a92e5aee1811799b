"""`manage.py seed_demo`: realistic Dutch demo data, idempotent.

Each domain has a seeder module in `kring.demo` with a `seed(ctx)` function; they run in
dependency order inside one transaction. The command prints one demo login per role as
`role<TAB>e-mail<TAB>password<TAB>base32 TOTP secret`: add the secret to an authenticator
app (or let a script compute the code) to pass the second login step. It refuses to run in
production: demo accounts have published passwords and secrets.

After the staff logins it prints, on standard error so that the login lines stay as they are,
one family-portal entry per demo participant (a personal link; the sign-in code then goes to
the outbox, which `make run`'s worker prints on the console): `kring.demo.portal`.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kring.accounts.second_factor import base32
from kring.cases.load import recount
from kring.cases.models import Case
from kring.core.references import reserve_taken
from kring.demo import (
    accounts,
    cases,
    conferences,
    coordinators,
    followup,
    funding,
    intake,
    network,
    plans,
    portal,
)
from kring.demo.accounts import DEMO_PASSWORD, DemoContext, demo_totp_secret
from kring.demo.scale import seed_scale
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
    followup.seed,
    funding.seed,
    funding.seed_fees,
]


# Above this many cases `--scale` wants `--national`: a shared 2-core machine should not build
# a million cases by accident (docs/performance.md).
SCALE_WITHOUT_FLAG = 100_000


class Command(BaseCommand):
    help = "Load realistic demo data (idempotent) and print one login per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Also add N cases of national history in bulk (kring.demo.scale).",
        )
        parser.add_argument(
            "--national",
            action="store_true",
            help=f"Allow --scale above {SCALE_WITHOUT_FLAG} (1 000 000 = twenty years).",
        )

    def handle(self, *args: object, **options: Any) -> None:
        if settings.KRING_ENV == "production":
            raise CommandError(
                "seed_demo maakt accounts met bekende wachtwoorden en weigert daarom in "
                "productie (KRING_ENV=production). Gebruik het alleen in ontwikkeling."
            )
        ctx = DemoContext()
        with transaction.atomic():
            for seed in SEEDERS:
                seed(ctx)
            # The seeders write their cases as they stand, around the transitions: the kept
            # counts of running cases are set from them afterwards, in one statement.
            recount()
            # Demo rows are keyed on fixed reference numbers; new requests must not reuse them.
            reserve_taken(
                [
                    *Case.objects.values_list("reference", flat=True),
                    *Request.objects.values_list("reference", flat=True),
                ]
            )
        scale = int(options.get("scale") or 0)
        if scale > SCALE_WITHOUT_FLAG and not options.get("national"):
            raise CommandError(
                f"--scale {scale} is groter dan {SCALE_WITHOUT_FLAG}: voeg --national toe als u "
                "dat echt wilt (zie docs/performance.md)."
            )
        if scale > 0:
            report = seed_scale(scale, progress=lambda line: self.stderr.write(line))
            self.stderr.write(
                f"scale: {report.cases} cases, {report.rows} rows in {report.seconds:.1f} s "
                f"({report.cases_per_second:.0f} cases/s)"
            )
        seen: set[str] = set()
        for role, email in ctx.logins:
            if role in seen:
                continue
            seen.add(role)
            secret = base32(demo_totp_secret(email))
            self.stdout.write(f"{role}\t{email}\t{DEMO_PASSWORD}\t{secret}")
        entries = portal.entries()
        if entries:
            self.stderr.write(
                "Familieportaal (open de link, vraag een code; de code staat in de console):"
            )
            for entry in entries:
                self.stderr.write(f"  {entry.case}\t{entry.role}\t{entry.name}\t{entry.url}")
