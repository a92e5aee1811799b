"""Factories for people in the circle, with one trait per step on the way to the conference."""

import datetime
from typing import Any

import factory
from django.utils import timezone

from kring.cases.tests.factories import CaseFactory
from kring.network.models import (
    ContactRestriction,
    Person,
    PersonStatus,
    Relation,
    RestrictionKind,
    Ring,
    SafetyRequirement,
)

ALL_PARTS = ["information", "planning", "presentation"]


class _PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    case = factory.SubFactory(CaseFactory, in_preparation=True)
    name = factory.Faker("name", locale="nl_NL")
    relation = Relation.FRIEND
    ring = Ring.COMMUNITY
    email = factory.Sequence(lambda n: f"persoon{n}@voorbeeld.test")
    phone = "06 1234 5678"
    parts = factory.LazyFunction(lambda: list(ALL_PARTS))

    class Params:
        main = factory.Trait(is_main_person=True, relation=Relation.SELF, ring=Ring.HOUSEHOLD)
        professional = factory.Trait(
            relation=Relation.PROFESSIONAL,
            ring=Ring.PROFESSIONALS,
            organisation="Jeugdbescherming",
            parts=["information", "presentation"],
        )
        consented = factory.Trait(
            consent_at=factory.LazyFunction(timezone.now), consent_given_by="Hoofdpersoon"
        )
        informed = factory.Trait(
            consented=True,
            status=PersonStatus.INFORMED,
            informed_on=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=2)
            ),
            informed_channel="phone",
        )
        invited = factory.Trait(informed=True, status=PersonStatus.INVITED)
        coming = factory.Trait(informed=True, status=PersonStatus.COMING)


class _SafetyRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyRequirement

    case = factory.SubFactory(CaseFactory, in_preparation=True)
    set_by = factory.LazyAttribute(lambda o: PersonFactory(case=o.case, professional=True))
    text = "De kinderen slapen elke nacht op een veilige plek."
    organisation = "Jeugdbescherming"


class _ContactRestrictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactRestriction

    case = factory.SubFactory(CaseFactory, in_preparation=True)
    person_a = factory.LazyAttribute(lambda o: PersonFactory(case=o.case, coming=True))
    person_b = factory.LazyAttribute(lambda o: PersonFactory(case=o.case, coming=True))
    kind = RestrictionKind.RESTRAINING_ORDER


# Typed as Any so tests can use the created objects as models without casts.
PersonFactory: Any = _PersonFactory
SafetyRequirementFactory: Any = _SafetyRequirementFactory
ContactRestrictionFactory: Any = _ContactRestrictionFactory
