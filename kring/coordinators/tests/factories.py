"""Factories for the coordinator registry."""

import datetime

import factory
from django.utils import timezone

from kring.accounts.models import Role
from kring.accounts.tests.factories import UserFactory
from kring.coordinators.models import DECLARATION_VERSION, Absence, CoordinatorProfile


class CoordinatorProfileFactory(factory.django.DjangoModelFactory):
    """A trained coordinator with a signed declaration (ready to be assigned)."""

    class Meta:
        model = CoordinatorProfile

    user = factory.SubFactory(UserFactory, role=Role.COORDINATOR)
    languages = factory.LazyFunction(lambda: ["nl"])
    gender = "f"
    training_completed_on = datetime.date(2025, 3, 14)
    certificate_number = factory.Sequence(lambda n: f"EK-C-{n:04d}")
    max_cases = 3
    declaration_signed_at = factory.LazyFunction(timezone.now)
    declaration_version = DECLARATION_VERSION

    class Params:
        untrained = factory.Trait(training_completed_on=None, certificate_number="")
        unsigned = factory.Trait(declaration_signed_at=None, declaration_version="")


class AbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Absence

    profile = factory.SubFactory(CoordinatorProfileFactory)
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
