"""Demo data for accounts: regions, real municipalities with CBS codes, and a user per role."""

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from kring.accounts import second_factor
from kring.accounts.models import Municipality, Region, Role, User

DEMO_PASSWORD = "kring-demo-2026"  # noqa: S105 - printed for the demo on purpose


def demo_totp_secret(email: str) -> str:
    """Each demo account's TOTP key (hex), the same on every run so that an authenticator app
    keeps working after `seed_demo` runs again. Derived from the address: demo data only,
    which never runs in production (the command refuses)."""
    return hashlib.sha256(f"kring-demo-totp:{email}".encode()).hexdigest()[:40]


REGIONS: list[tuple[str, str, str, str, list[tuple[str, str]]]] = [
    (
        "Noord",
        "noord",
        "050 - 311 22 00",
        "Oosterstraat 12, Groningen",
        [
            ("GM0014", "Groningen"),
            ("GM0080", "Leeuwarden"),
            ("GM0106", "Assen"),
            ("GM0114", "Emmen"),
        ],
    ),
    (
        "Oost",
        "oost",
        "026 - 351 44 10",
        "Velperplein 8, Arnhem",
        [
            ("GM0202", "Arnhem"),
            ("GM0268", "Nijmegen"),
            ("GM0153", "Enschede"),
            ("GM0193", "Zwolle"),
            ("GM0200", "Apeldoorn"),
            ("GM0150", "Deventer"),
            ("GM0228", "Ede"),
            ("GM0141", "Almelo"),
        ],
    ),
    (
        "Midden",
        "midden",
        "030 - 234 56 70",
        "Oudegracht 101, Utrecht",
        [
            ("GM0344", "Utrecht"),
            ("GM0307", "Amersfoort"),
            ("GM0034", "Almere"),
            ("GM0995", "Lelystad"),
            ("GM0402", "Hilversum"),
        ],
    ),
    (
        "Noord-Holland",
        "noord-holland",
        "020 - 622 19 00",
        "Nieuwezijds Voorburgwal 50, Amsterdam",
        [
            ("GM0363", "Amsterdam"),
            ("GM0392", "Haarlem"),
            ("GM0479", "Zaanstad"),
            ("GM0361", "Alkmaar"),
            ("GM0394", "Haarlemmermeer"),
        ],
    ),
    (
        "Zuid-Holland",
        "zuid-holland",
        "010 - 411 70 30",
        "Coolsingel 40, Rotterdam",
        [
            ("GM0599", "Rotterdam"),
            ("GM0518", "'s-Gravenhage"),
            ("GM0546", "Leiden"),
            ("GM0503", "Delft"),
            ("GM0505", "Dordrecht"),
            ("GM0637", "Zoetermeer"),
            ("GM0484", "Alphen aan den Rijn"),
        ],
    ),
    (
        "Zuid",
        "zuid",
        "040 - 244 81 50",
        "Stratumseind 3, Eindhoven",
        [
            ("GM0772", "Eindhoven"),
            ("GM0855", "Tilburg"),
            ("GM0758", "Breda"),
            ("GM0796", "'s-Hertogenbosch"),
            ("GM0935", "Maastricht"),
            ("GM0917", "Heerlen"),
            ("GM0983", "Venlo"),
            ("GM0687", "Middelburg"),
            ("GM0717", "Vlissingen"),
        ],
    ),
]

MANAGERS = [
    ("noord", "Hennie Bakker", "hennie.bakker"),
    ("oost", "Fatma Yilmaz", "fatma.yilmaz"),
    ("midden", "Joost van Dam", "joost.vandam"),
    ("noord-holland", "Marieke de Boer", "marieke.deboer"),
    ("zuid-holland", "Rachid El Amrani", "rachid.elamrani"),
    ("zuid", "Ingrid Peeters", "ingrid.peeters"),
]

# (key, name, e-mail local part, region slugs, languages, gender, cultural background)
COORDINATORS = [
    ("anouk", "Anouk Verbeek", "anouk.verbeek", ["noord-holland"], ["nl", "en"], "f", ""),
    (
        "youssef",
        "Youssef Benali",
        "youssef.benali",
        ["noord-holland", "midden"],
        ["nl", "ar", "ber"],
        "m",
        "Marokkaans-Nederlands",
    ),
    (
        "priya",
        "Priya Ramdin",
        "priya.ramdin",
        ["zuid-holland"],
        ["nl", "hi", "srn"],
        "f",
        "Surinaams-Hindostaans",
    ),
    (
        "ayse",
        "Ayşe Kaya",
        "ayse.kaya",
        ["zuid-holland", "noord-holland"],
        ["nl", "tr"],
        "f",
        "Turks-Nederlands",
    ),
    ("wim", "Wim Hoekstra", "wim.hoekstra", ["noord"], ["nl", "fy"], "m", "Fries"),
    ("gerda", "Gerda Scholten", "gerda.scholten", ["oost"], ["nl", "de"], "f", ""),
    (
        "tesfay",
        "Tesfay Gebremariam",
        "tesfay.gebremariam",
        ["oost", "midden"],
        ["nl", "ti", "am", "en"],
        "m",
        "Eritrees",
    ),
    (
        "maria",
        "Maria Santos",
        "maria.santos",
        ["zuid"],
        ["nl", "pt", "es", "pap"],
        "f",
        "Kaapverdiaans",
    ),
    ("bram", "Bram Willems", "bram.willems", ["zuid"], ["nl", "en"], "m", ""),
    (
        "olena",
        "Olena Kovalenko",
        "olena.kovalenko",
        ["midden", "noord-holland"],
        ["nl", "uk", "ru"],
        "f",
        "Oekraïens",
    ),
    (
        "ahmad",
        "Ahmad Rahimi",
        "ahmad.rahimi",
        ["zuid-holland", "zuid"],
        ["nl", "fa", "ps"],
        "m",
        "Afghaans",
    ),
    ("joke", "Joke de Vries", "joke.devries", ["midden"], ["nl"], "f", ""),
]

PROFESSIONALS = [
    ("Sanne Visser", "sanne.visser", "Jeugdbescherming Regio Amsterdam"),
    ("Mehmet Demir", "mehmet.demir", "Veilig Thuis Rotterdam Rijnmond"),
    ("Annelies Smit", "annelies.smit", "GGZ Centraal"),
    ("Kofi Mensah", "kofi.mensah", "Reclassering Nederland"),
    ("Linda Jansen", "linda.jansen", "Wijkteam Utrecht Overvecht"),
    ("Pieter Mulder", "pieter.mulder", "Basisschool De Regenboog"),
]


@dataclass
class DemoContext:
    """What one app's demo seeding hands to the next."""

    regions: dict[str, Region] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    # One line per role for the printout: (role, e-mail).
    logins: list[tuple[str, str]] = field(default_factory=list)
    # Anything a later seeder wants to hand on (cases by key, people, …).
    extra: dict[str, Any] = field(default_factory=dict)


def _user(
    ctx: DemoContext, key: str, email: str, name: str, role: str, password: str, **extra: object
) -> User:
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={
            "full_name": name,
            "role": role,
            "password": password,
            "is_active": True,
            **extra,
        },
    )
    ctx.users[key] = user
    # Every demo account is enrolled with an authenticator app, as a real account would be.
    TOTPDevice.objects.update_or_create(
        user=user,
        name=second_factor.TOTP_DEVICE_NAME,
        defaults={"key": demo_totp_secret(user.email), "confirmed": True},
    )
    return user


def seed(ctx: DemoContext) -> None:
    """Create or refresh regions, municipalities, and demo users (idempotent)."""
    password = make_password(DEMO_PASSWORD)
    for name, slug, phone, address, municipalities in REGIONS:
        region, _ = Region.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "office_phone": phone,
                "office_address": address,
                "office_email": f"{slug}@eigen-kracht.example",
            },
        )
        ctx.regions[slug] = region
        for code, mname in municipalities:
            municipality, _ = Municipality.objects.update_or_create(
                code=code, defaults={"name": mname, "region": region, "active": True}
            )
            ctx.municipalities[code] = municipality

    admin = _user(
        ctx,
        "admin",
        "beheer@kring.example",
        "Beheerder Kring",
        Role.ADMIN,
        password,
        is_superuser=True,
    )
    ctx.logins.append((Role.ADMIN, admin.email))
    for slug, name, local in MANAGERS:
        manager = _user(
            ctx, f"manager:{slug}", f"{local}@kring.example", name, Role.REGIONAL_MANAGER, password
        )
        manager.regions.set([ctx.regions[slug]])
    ctx.logins.append((Role.REGIONAL_MANAGER, "marieke.deboer@kring.example"))
    for key, name, local, slugs, _langs, _gender, _culture in COORDINATORS:
        coordinator = _user(
            ctx,
            f"coordinator:{key}",
            f"{local}@coordinator.example",
            name,
            Role.COORDINATOR,
            password,
        )
        coordinator.regions.set([ctx.regions[s] for s in slugs])
    ctx.logins.append((Role.COORDINATOR, "anouk.verbeek@coordinator.example"))
    for name, local, organisation in PROFESSIONALS:
        _user(
            ctx,
            f"professional:{local}",
            f"{local}@professional.example",
            name,
            Role.PROFESSIONAL,
            password,
            organisation=organisation,
        )
    ctx.logins.append((Role.PROFESSIONAL, "sanne.visser@professional.example"))
    for code, municipality in ctx.municipalities.items():
        slug = code.lower()
        _user(
            ctx,
            f"funder:{code}",
            f"financier.{slug}@gemeente.example",
            f"Team Jeugd en Wmo {municipality.name}",
            Role.FUNDER,
            password,
            organisation=f"Gemeente {municipality.name}",
            funder_municipality=municipality,
        )
    ctx.logins.append((Role.FUNDER, "financier.gm0363@gemeente.example"))
