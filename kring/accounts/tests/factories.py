"""Factories for accounts: one trait per role."""

import factory
from django.contrib.auth.hashers import make_password

from kring.accounts.models import Municipality, Region, Role, User

TEST_PASSWORD = "een-goed-wachtwoord-42"
_HASH = make_password(TEST_PASSWORD)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")
    office_phone = "020 - 123 45 67"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{9000 + n:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@kring.test")
    full_name = factory.Faker("name", locale="nl_NL")
    role = Role.REGIONAL_MANAGER
    password = _HASH

    class Params:
        admin = factory.Trait(role=Role.ADMIN, is_superuser=True)
        coordinator = factory.Trait(role=Role.COORDINATOR)
        professional = factory.Trait(role=Role.PROFESSIONAL, organisation="GGZ Centraal")
        funder = factory.Trait(role=Role.FUNDER, organisation="Gemeente Utrecht")
