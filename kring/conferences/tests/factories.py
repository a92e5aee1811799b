"""A person in the circle who has consented and is coming: the conference and plan tests'
starting point (the network tests build people step by step with their own factory)."""

import factory
from django.utils import timezone

from kring.network.models import Person, PersonStatus, Relation, Ring


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name", locale="nl_NL")
    relation = Relation.AUNT_UNCLE
    ring = Ring.FAMILY
    email = factory.Sequence(lambda n: f"deelnemer{n}@example.nl")
    consent_at = factory.LazyFunction(timezone.now)
    status = PersonStatus.COMING

    class Params:
        main = factory.Trait(
            is_main_person=True, relation=Relation.SELF, ring=Ring.HOUSEHOLD, consent_at=None
        )
        professional = factory.Trait(
            relation=Relation.PROFESSIONAL,
            ring=Ring.PROFESSIONALS,
            organisation="Jeugdbescherming",
        )
        no_consent = factory.Trait(consent_at=None)
