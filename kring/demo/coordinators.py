"""Demo data for coordinators: a profile for each demo coordinator (see accounts.demo)."""

import datetime

from django.utils import timezone

from kring.coordinators.models import DECLARATION_VERSION, Absence, CoordinatorProfile
from kring.demo.accounts import COORDINATORS, DemoContext

# key -> (training completed, certificate, max cases); None = still in training.
TRAINING: dict[str, tuple[datetime.date | None, str, int]] = {
    "anouk": (datetime.date(2021, 10, 8), "EK-C-1021", 4),
    "youssef": (datetime.date(2019, 3, 22), "EK-C-0877", 5),
    "priya": (datetime.date(2022, 5, 13), "EK-C-1150", 3),
    "ayse": (datetime.date(2020, 11, 27), "EK-C-0963", 4),
    "wim": (datetime.date(2018, 6, 1), "EK-C-0702", 3),
    "gerda": (datetime.date(2023, 2, 17), "EK-C-1288", 2),
    "tesfay": (datetime.date(2022, 9, 30), "EK-C-1199", 3),
    "maria": (datetime.date(2021, 4, 16), "EK-C-1043", 4),
    "bram": (datetime.date(2024, 1, 26), "EK-C-1402", 2),
    "olena": (datetime.date(2024, 6, 14), "EK-C-1455", 3),
    "ahmad": (datetime.date(2023, 10, 6), "EK-C-1347", 3),
    "joke": (None, "", 2),  # in training: cannot be assigned yet
}


def seed(ctx: DemoContext) -> None:
    """Create or refresh a profile per demo coordinator, plus one planned absence."""
    signed = timezone.now() - datetime.timedelta(days=200)
    profiles: dict[str, CoordinatorProfile] = {}
    for key, _name, _local, _slugs, languages, gender, culture in COORDINATORS:
        trained, certificate, max_cases = TRAINING[key]
        profile, _ = CoordinatorProfile.objects.update_or_create(
            user=ctx.users[f"coordinator:{key}"],
            defaults={
                "languages": languages,
                "gender": gender,
                "cultural_background": culture,
                "training_completed_on": trained,
                "certificate_number": certificate,
                "max_cases": max_cases,
                "declaration_signed_at": signed if trained else None,
                "declaration_version": DECLARATION_VERSION if trained else "",
            },
        )
        profiles[key] = profile
    today = timezone.localdate()
    Absence.objects.update_or_create(
        profile=profiles["gerda"],
        note="Vakantie",
        defaults={
            "starts_on": today + datetime.timedelta(days=5),
            "ends_on": today + datetime.timedelta(days=19),
        },
    )
    ctx.extra["coordinator_profiles"] = profiles
